// One measured `medgen generate` run in a fresh process, through the real output code
// (plan → chains → pipeline → files): prints {patients, seconds, rate, cpuSeconds, cpuRate, maxRssMB, bytes}.
// CPU time counts every thread of the process (main, workers, zlib/crypto/fs pool).
// usage: node bench/formats-child.mjs <patients> <formats> <workers> <outDir> [gzip] [encrypt] [zip]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createRun, parseScenario } from '../dist/engine/index.js';
import { planOutputs } from '../dist/formats/index.js';
import { writeOutputs } from '../dist/pipeline/index.js';

const [patients, formats, workers, out, ...flags] = process.argv.slice(2);
const parsed = parseScenario({ total_patients: Number(patients), seed: 1 });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const run = createRun(parsed.scenario);
const plan = planOutputs(formats.split(','), {});
const started = performance.now();
const cpu0 = process.cpuUsage();
await writeOutputs({
  run, plan, out, stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  gzip: flags.includes('gzip'), zip: flags.includes('zip'), password: flags.includes('encrypt') ? 'benchmark password' : undefined,
  workers: Number(workers),
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const size = (d) => readdirSync(d).reduce((n, f) => { const s = statSync(join(d, f)); return n + (s.isDirectory() ? size(join(d, f)) : s.size); }, 0);
process.stdout.write(JSON.stringify({
  patients: run.total, seconds, rate: Math.round(run.total / seconds), cpuSeconds, cpuRate: Math.round(run.total / cpuSeconds),
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), bytes: size(out),
}) + '\n');
