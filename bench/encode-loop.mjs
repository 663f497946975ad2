// The engine and the NDJSON writer alone, as the pipeline drives them (batches of 32 patients,
// written into one reused 1 MB buffer): no threads, files or hashing. Meant to be run under
// `valgrind --tool=callgrind`, whose instruction counts repeat to about 1 % on this noisy VM where
// wall-clock times drift by ±25 % (see docs/benchmarks.md, "Reading the numbers").
// Arguments: PATIENTS [write|nowrite]. Prints patients/s, which under valgrind means nothing.
import { createRun, pushPatients } from '../dist/engine/run.js';
import { parseScenario } from '../dist/engine/index.js';
import { writePatientJson } from '../dist/formats/patient-json.js';

const patients = Number(process.argv[2] ?? 20_000);
const write = process.argv[3] !== 'nowrite';
const parsed = parseScenario({ total_patients: patients, seed: 42 });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const run = createRun(parsed.scenario);
const buf = Buffer.allocUnsafe(1 << 20);
const out = {
  buf,
  pos: 0,
  reserve(n) { if (this.pos + n > buf.length) this.pos = 0; },
  latin1(text) { this.pos += buf.write(text, this.pos, 'latin1'); },
};
const batch = [];
const started = performance.now();
for (let i = 0; i < patients; i += 32) {
  batch.length = 0;
  pushPatients(run, i, Math.min(patients, i + 32), batch);
  if (write) for (const p of batch) writePatientJson(out, p, '', '\n');
}
console.log(JSON.stringify({ patients, write, rate: Math.round(patients / ((performance.now() - started) / 1000)) }));
