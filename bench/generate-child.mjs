// One measured generation in a fresh process: prints {patients, seconds, rate, maxRssMB, sha256}.
// Like `medgen generate`, the timed run computes no hash when it writes a file: the file's
// sha256 is read back after the clock stops. Without a file (`-`) the bytes are hashed as
// they are produced, inside the timing.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createRun, parseScenario } from '../dist/engine/index.js';
import { resolveFormats, generateToSinks } from '../dist/jobs/index.js';

const [patients, seed, format, workers, out] = process.argv.slice(2);
const parsed = parseScenario({ total_patients: Number(patients), seed: Number(seed) });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const run = createRun(parsed.scenario);
const hash = createHash('sha256');
const file = out && out !== '-' ? createWriteStream(out, { highWaterMark: 1 << 20 }) : null;
// Calls back only once the file has written the chunk, like the CLI's output chains, and says
// so: the pipeline then refills its buffers instead of allocating new ones.
const sink = new Writable({
  highWaterMark: 1 << 20,
  write(chunk, _enc, cb) {
    if (file) file.write(chunk, (err) => cb(err));
    else {
      hash.update(chunk);
      cb();
    }
  },
});
sink[Symbol.for('medgen.recyclesAfterCallback')] = true;
const started = performance.now();
const cpu0 = process.cpuUsage();
await generateToSinks({ run, formats: resolveFormats([format]), sinks: [sink], workers: Number(workers) });
sink.end();
await finished(sink);
if (file) { file.end(); await finished(file); }
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
if (file) for await (const chunk of createReadStream(out, { highWaterMark: 1 << 20 })) hash.update(chunk);
process.stdout.write(JSON.stringify({
  patients: run.total, seconds, rate: Math.round(run.total / seconds), cpuSeconds, cpuRate: Math.round(run.total / cpuSeconds),
  maxRssMB, sha256: hash.digest('hex'),
}) + '\n');
