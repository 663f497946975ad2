// HTTP latency benchmarks of issue 5 with autocannon on loopback:
//   1. GET /api/v1/health/live p99 while two 1,000,000-patient jobs run (target < 10 ms);
//   2. POST /api/v1/generation/ p99 at 50 concurrent clients (target < 50 ms).
// Starts `medgen serve` in a child process on PostgreSQL (a database of its own on
// DATABASE_URL / TEST_DATABASE_URL) or, without one, on the embedded database.
//
//   npm run build && node bench/http.mjs [--seconds 10]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const seconds = Number(arg('seconds', '10'));
const baseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const key = `bench-${randomBytes(12).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'medgen-http-bench-'));
const dbName = `medgen_http_bench_${process.pid}`;

async function admin(sql) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

async function startServer() {
  let databaseUrl;
  if (baseUrl) {
    await admin(`create database ${dbName}`);
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, API_KEY: key, AUTO_MIGRATE: 'true', MAX_CONCURRENT_JOBS: '2' };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, ['bin/medgen.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

const summary = (r) => ({
  requests: r.requests.total, rps: Math.round(r.requests.average), errors: r.errors, non2xx: r.non2xx,
  p50_ms: r.latency.p50, p99_ms: r.latency.p99, max_ms: r.latency.max,
});

const server = await startServer();
try {
  const big = await Promise.all([1, 2].map((seed) => submit(server.url, { configuration: { total_patients: 1_000_000, seed }, output_formats: ['ndjson'] })));
  await new Promise((r) => setTimeout(r, 3000)); // both jobs running
  const live = await cannon({ url: `${server.url}/api/v1/health/live`, connections: 10 });
  const states = await Promise.all(big.map(async (id) => (await (await fetch(`${server.url}/api/v1/jobs/${id}`, { headers })).json()).status));
  for (const id of big) await fetch(`${server.url}/api/v1/jobs/${id}/cancel`, { method: 'POST', headers });

  const post = await cannon({
    url: `${server.url}/api/v1/generation/`, method: 'POST', connections: 50, headers,
    body: JSON.stringify({ configuration: { total_patients: 10, seed: 1 }, output_formats: ['json'] }),
  });
  console.log(JSON.stringify({
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: loadavg().map((l) => l.toFixed(2)) },
    database: server.database,
    seconds,
    health_live_during_two_1M_jobs: { ...summary(live), job_states_during: states },
    post_generation_50_clients: summary(post),
  }, null, 2));
} finally {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  if (baseUrl) await admin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}
