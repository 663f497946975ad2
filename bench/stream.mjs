// Streaming endpoint benchmark (spec service §4; target ≥ 40,000 patients/s NDJSON to a
// local client with server RSS ≤ 250 MB). Starts `medgen serve` in a child process on a temporary
// DATA_DIR, streams N patients over loopback and prints one JSON object: wall rate, server and
// client CPU time, server RSS (idle, peak while streaming, and the kernel's high-water mark).
// With DATABASE_URL / TEST_DATABASE_URL it creates a database of its own on that server
// (medgen_bench_stream_<pid>) and drops it afterwards; without one: the embedded database.
//
//   npx tsc -p tsconfig.build.json && node bench/stream.mjs [--patients 1000000]
//       [--format ndjson|json|fhir] [--runs 1] [--bin bin/medgen.js]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const patients = Number(arg('patients', '1000000'));
const format = arg('format', 'ndjson');
const runs = Number(arg('runs', '1'));
const bin = arg('bin', 'bin/medgen.js');
const baseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const dbName = `medgen_bench_stream_${process.pid}`;
const port = Number(arg('port', String(20000 + Math.floor(Math.random() * 20000))));
const key = `bench-${randomBytes(12).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'medgen-stream-bench-'));
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** Resident memory now and its high-water mark (MB), from /proc. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

/** User + system CPU seconds of the process, all threads. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function get(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { 'X-API-Key': key, ...headers } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function waitReady(child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await get('/api/v1/health/live');
      res.resume();
      if (res.statusCode === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

/** CPU the idle server burns per second (queue polling and the like), to read the stream's share. */
async function idleCpu(pid) {
  const c0 = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, 3000));
  return (cpuSeconds(pid) - c0) / 3;
}

async function stream(pid) {
  const accept = format === 'ndjson' ? 'application/x-ndjson' : 'application/json';
  const idleCpuPerSecond = await idleCpu(pid);
  const idle = memory(pid);
  const cpu0 = cpuSeconds(pid);
  const client0 = process.cpuUsage();
  let peakMB = idle.rssMB;
  const sampler = setInterval(() => { peakMB = Math.max(peakMB, memory(pid).rssMB); }, 100);
  const started = performance.now();
  const res = await get(`/api/v1/streaming/generate?count=${patients}&seed=1&format=${format}`, { Accept: accept });
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  let bytes = 0;
  let lines = 0;
  let firstByteMs;
  for await (const chunk of res) {
    firstByteMs ??= performance.now() - started;
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const serverCpu = cpuSeconds(pid) - cpu0;
  const client = process.cpuUsage(client0);
  const after = memory(pid);
  return {
    patients,
    format,
    complete: format === 'json' ? lines === patients + 2 : lines === patients,
    bytes,
    seconds: Number(seconds.toFixed(2)),
    patients_per_second: Math.round(patients / seconds),
    first_byte_ms: Math.round(firstByteMs ?? 0),
    server_cpu_seconds: Number(serverCpu.toFixed(2)),
    server_idle_cpu_per_second: Number(idleCpuPerSecond.toFixed(3)),
    patients_per_server_cpu_second: Math.round(patients / serverCpu),
    client_cpu_seconds: Number(((client.user + client.system) / 1e6).toFixed(2)),
    server_rss_idle_mb: Math.round(idle.rssMB),
    server_rss_peak_mb: Math.round(Math.max(peakMB, after.rssMB)),
    server_rss_hwm_mb: Math.round(after.hwmMB),
  };
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, API_KEY: key, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
if (baseUrl) {
  await admin(`create database ${dbName}`);
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  env.DATABASE_URL = u.toString();
  env.AUTO_MIGRATE = 'true';
}
const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
try {
  await waitReady(child);
  await new Promise((r) => setTimeout(r, 2000)); // let start-up work (migrations, queue) settle
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await stream(child.pid));
  console.log(JSON.stringify({
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model}`,
    database: baseUrl ? 'postgres' : 'embedded (pglite)',
    load_average_after: loadavg().map((l) => Number(l.toFixed(2))),
    targets: { patients_per_second: 40_000, server_rss_mb: 250 },
    results,
  }, null, 2));
} finally {
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  if (baseUrl) await admin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
