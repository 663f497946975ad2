// One measured generation in a fresh process: prints {patients, seconds, rate, maxRssMB, sha256}.
// Arguments: PATIENTS SEED FORMAT WORKERS OUT|-|null [WARM]. OUT `null` discards the bytes
// unhashed: generation and encoding alone, to tell the machine's file writes from the rest.
// Environment: MEDGEN_BENCH_CHUNK (patients per chunk, default 1000, as the CLI);
// MEDGEN_BENCH_THREADS=1 adds each thread's CPU seconds when the clock stops (threadCpu).
// Like `medgen generate`, the timed run computes no hash when it writes a file: the file's
// sha256 is read back after the clock stops. Without a file (`-`) the bytes are hashed as
// they are produced, inside the timing.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createRun, parseScenario } from '../dist/engine/index.js';
import { resolveFormats, generateToSinks, DirectFile, EncoderThreads } from '../dist/pipeline/index.js';

const [patients, seed, format, workers, out, warm = '0'] = process.argv.slice(2);
const parsed = parseScenario({ total_patients: Number(patients), seed: Number(seed) });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const run = createRun(parsed.scenario);
const hash = createHash('sha256');
// A previous run's file is removed before the clock starts: replacing it would otherwise time
// the file system freeing its blocks (0.43 s for a 4 GB file on this VM), not generation.
const discard = out === 'null';
if (out && out !== '-' && !discard) rmSync(out, { force: true });
// MEDGEN_BENCH_PAGE_CACHE=1 writes through the page cache (fs.createWriteStream), as before
// the CLI's files went around it: kept to measure the difference.
const file = !out || out === '-' || discard ? null
  : process.env.MEDGEN_BENCH_PAGE_CACHE === '1' ? createWriteStream(out, { highWaterMark: 1 << 20 }) : new DirectFile(out);
// Calls back only once the file has written the chunk, like the CLI's output chains, and says
// so: the pipeline then refills its buffers instead of allocating new ones.
const sink = new Writable({
  highWaterMark: 1 << 20,
  write(chunk, _enc, cb) {
    if (file) file.write(chunk, (err) => cb(err));
    else {
      if (!discard) hash.update(chunk);
      cb();
    }
  },
});
sink[Symbol.for('medgen.recyclesAfterCallback')] = true;
// The clock starts once every generating thread has loaded its code, as the calling thread has
// (its imports and createRun above are not timed); the CLI starts its threads the same way,
// before it reads the scenario. Each thread's JIT warm-up is timed.
const threads = Number(workers) > 1 ? EncoderThreads.start(Number(workers) - 1, { nice: 0 }) : undefined;
await threads?.ready();
// With a sixth argument WARM > 0, every generating thread first encodes WARM patients of another
// seed, untimed and thrown away: the clock then sees the steady state, with the hot code of each
// isolate already compiled (the one-off JIT warm-up that a second thread adds is left out).
if (Number(warm) > 0) {
  const warmRun = parseScenario({ total_patients: Number(warm), seed: Number(seed) + 1 });
  if (!warmRun.ok) throw new Error(JSON.stringify(warmRun.errors));
  const discard = new Writable({ highWaterMark: 1 << 20, write(_chunk, _enc, cb) { cb(); } });
  await generateToSinks({ run: createRun(warmRun.scenario), formats: resolveFormats([format]), sinks: [discard], workers: Number(workers), threads });
}
const started = performance.now();
const cpu0 = process.cpuUsage();
await generateToSinks({ run, formats: resolveFormats([format]), sinks: [sink], workers: Number(workers), threads, chunkSize: Number(process.env.MEDGEN_BENCH_CHUNK ?? 1000) });
sink.end();
await finished(sink);
if (file) { file.end(); await finished(file); }
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
const threadCpu = process.env.MEDGEN_BENCH_THREADS === '1' ? cpuByThread(threads?.reports.map((r) => r?.tid) ?? []) : undefined;
await threads?.terminate();
if (file) for await (const chunk of createReadStream(out, { highWaterMark: 1 << 20 })) hash.update(chunk);
process.stdout.write(JSON.stringify({
  patients: run.total, seconds, rate: Math.round(run.total / seconds), cpuSeconds, cpuRate: Math.round(run.total / cpuSeconds),
  maxRssMB, sha256: discard ? null : hash.digest('hex'), ...(threadCpu && { threadCpu }),
}) + '\n');

/**
 * CPU seconds of this process's threads so far, from /proc (Linux): the calling thread, the
 * encoder threads, and the rest (V8's compiler and GC helpers, libuv's file writes) by thread id.
 */
function cpuByThread(generators) {
  const tick = 100;
  const out = { caller: 0, generators: 0, others: {} };
  for (const tid of readdirSync('/proc/self/task').map(Number)) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / tick;
    if (tid === process.pid) out.caller = seconds;
    else if (generators.includes(tid)) out.generators += seconds;
    else if (seconds >= 0.02) out.others[tid - process.pid] = seconds;
  }
  return out;
}
