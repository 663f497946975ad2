// HTTP latency benchmarks with autocannon on loopback:
//   live: GET /api/v1/health/live p99 while two 1,000,000-patient jobs run (target < 10 ms);
//   post: POST /api/v1/generation/ p99 at 50 concurrent clients (target < 50 ms).
// Starts `medgen serve` in a child process. With DATABASE_URL / TEST_DATABASE_URL it creates a
// database of its own on that server (medgen_bench_http_<pid>) and drops it afterwards; without
// one it runs on the embedded database in a temporary DATA_DIR.
//
//   npx tsc -p tsconfig.build.json && node bench/http.mjs [--seconds 10] [--runs 1]
//       [--phases live,post] [--no-workers] [--bin bin/medgen.js] [--warmup 2]
//
// --warmup S: S seconds of the POST load before the POST phase's first measured run (default 2;
// 0 measures a cold server: JIT warm-up and new pool connections land in its first run).
// --no-workers: the POST phase against `serve --no-workers` (API only; jobs stay queued).
// Each phase reports autocannon's numbers plus the server's CPU seconds and, on PostgreSQL,
// committed transactions and inserted rows per request (from pg_stat_database).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const seconds = Number(arg('seconds', '10'));
const runs = Number(arg('runs', '1'));
const phases = arg('phases', 'live,post').split(',');
const bin = arg('bin', 'bin/medgen.js');
const noWorkers = process.argv.includes('--no-workers');
const warmup = Number(arg('warmup', '2'));
const baseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const key = `bench-${randomBytes(12).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'medgen-http-bench-'));
const dbName = `medgen_bench_http_${process.pid}`;
const TICKS = 100; // USER_HZ

async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function dbCounters() {
  if (!baseUrl) return undefined;
  return withClient(baseUrl, async (c) => {
    const r = await c.query('select xact_commit::int8 as commits, tup_inserted::int8 as inserted, tup_updated::int8 as updated from pg_stat_database where datname = $1', [dbName]);
    return Object.fromEntries(Object.entries(r.rows[0]).map(([k, v]) => [k, Number(v)]));
  });
}

async function startServer(args) {
  let databaseUrl;
  if (baseUrl) {
    await withClient(baseUrl, (c) => c.query(`create database ${dbName}`));
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, API_KEY: key, AUTO_MIGRATE: 'true', MAX_CONCURRENT_JOBS: '2' };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, [bin, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (c) => {
      log += c.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(log);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
  return { url, child, database: databaseUrl ? 'postgres' : 'pglite' };
}

const headers = { 'X-API-Key': key, 'Content-Type': 'application/json' };

async function submit(url, body) {
  const r = await fetch(`${url}/api/v1/generation/`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
  return (await r.json()).job_id;
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** autocannon under server CPU and database counters. */
async function measured(server, opts) {
  const c0 = cpuSeconds(server.child.pid);
  const d0 = await dbCounters();
  const r = await cannon(opts);
  const cpu = cpuSeconds(server.child.pid) - c0;
  const d1 = await dbCounters();
  const n = r.requests.total || 1;
  return {
    requests: r.requests.total, rps: Math.round(r.requests.average), errors: r.errors, non2xx: r.non2xx,
    p50_ms: r.latency.p50, p90_ms: r.latency.p90, p99_ms: r.latency.p99, max_ms: r.latency.max,
    server_cpu_ms_per_request: Number(((cpu * 1000) / n).toFixed(3)),
    ...(d0 && d1 ? {
      commits_per_request: Number(((d1.commits - d0.commits) / n).toFixed(2)),
      rows_inserted_per_request: Number(((d1.inserted - d0.inserted) / n).toFixed(2)),
      rows_updated_per_request: Number(((d1.updated - d0.updated) / n).toFixed(2)),
    } : {}),
  };
}

async function live(server) {
  const big = await Promise.all([1, 2].map((seed) => submit(server.url, { configuration: { total_patients: 1_000_000, seed }, output_formats: ['ndjson'], priority: 'high' })));
  await new Promise((r) => setTimeout(r, 3000)); // both jobs running
  const res = await measured(server, { url: `${server.url}/api/v1/health/live`, connections: 10 });
  const states = await Promise.all(big.map(async (id) => (await (await fetch(`${server.url}/api/v1/jobs/${id}`, { headers })).json()).status));
  for (const id of big) await fetch(`${server.url}/api/v1/jobs/${id}/cancel`, { method: 'POST', headers });
  return { ...res, job_states_during: states };
}

const postLoad = (server) => ({
  url: `${server.url}/api/v1/generation/`, method: 'POST', connections: 50, headers,
  body: JSON.stringify({ configuration: { total_patients: 10, seed: 1 }, output_formats: ['json'] }),
});

let warmed = false;
async function post(server) {
  if (!warmed && warmup > 0) await cannon({ ...postLoad(server), duration: warmup });
  warmed = true;
  return measured(server, postLoad(server));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startServer(noWorkers ? ['--no-workers'] : []);
try {
  const results = {};
  for (let i = 0; i < runs; i++) {
    for (const phase of phases) {
      const r = phase === 'live' ? await live(server) : await post(server);
      (results[phase] ??= []).push(r);
      if (runs > 1) await new Promise((res) => setTimeout(res, 2000));
    }
  }
  const medians = Object.fromEntries(Object.entries(results).map(([phase, rs]) => [phase, {
    p50_ms: median(rs.map((r) => r.p50_ms)), p99_ms: median(rs.map((r) => r.p99_ms)), rps: median(rs.map((r) => r.rps)),
  }]));
  console.log(JSON.stringify({
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: loadavg().map((l) => l.toFixed(2)) },
    database: server.database,
    workers_in_process: !noWorkers,
    seconds,
    warmup_seconds: phases.includes('post') ? warmup : 0,
    runs,
    medians,
    results,
  }, null, 2));
} finally {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  if (baseUrl) await withClient(baseUrl, (c) => c.query(`drop database if exists ${dbName} with (force)`)).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
