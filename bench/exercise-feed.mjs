// `npx tsc -p tsconfig.build.json && node bench/exercise-feed.mjs [--runs 20] [--clients 50] [--rate 1000] [--seconds 30] [--postgres]`:
// the live exercise feed under load (docs/exercise-feed.md): one `medgen serve` process holding
// `runs` exercise runs, each followed by `clients` SSE clients, the runs together releasing `rate`
// events per second. Each run's speed is set from its own timeline (the engine, same scenario
// and seed) so that it releases rate/runs events per second over the window. Lag of an event at
// a client = when the client read it − when the exercise clock reached it (`due_at`, set by the
// server). Target: every event to every client, lag < 1 s.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { casualtyTimeline, createRun, parseScenario } from '../dist/engine/index.js';
import { args, cpuSeconds, rssMB, startServer } from './bench-server.mjs';

const THREADS = 4;

const { get, has } = args();
const RUNS = Number(get('runs', '20'));
const CLIENTS = Number(get('clients', '50'));
const RATE = Number(get('rate', '1000'));
const SECONDS = Number(get('seconds', '30'));
const RUNS_PER_KEY = 5; // the per-key limit of running exercises
const SCENARIO = { name: 'Feed bench', total_patients: 3000, days_of_fighting: 3, base_date: '2025-06-01' };

/** The speed at which `timeline` releases `count` events in `seconds` of wall time from T+0. */
function speedFor(timeline, count, seconds) {
  const offset = timeline[Math.min(count, timeline.length) - 1].offset;
  return Math.min(3600, Math.max(0.5, Math.ceil((offset + 1) / seconds)));
}

const call = async (base, key, path, method = 'GET', json) => {
  const r = await fetch(`${base}${path}`, { method, headers: { 'x-api-key': key, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(body)}`);
  return body;
};

/**
 * One SSE client: reads frames and, for the events due inside the measured window, counts them
 * and records their lag (read time − due_at).
 */
async function follow(url, key, signal, stats, window) {
  let buffer = '';
  try {
    const r = await fetch(url, { headers: { 'x-api-key': key, accept: 'text/event-stream' }, signal });
    if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
    stats.connected = true;
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const now = Date.now();
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const due = frame.indexOf('"due_at":"');
        if (!frame.startsWith('id: ') || due < 0) continue;
        const dueAt = Date.parse(frame.slice(due + 10, due + 34));
        if (dueAt > window.end) continue;
        stats.events++;
        stats.lags.push(now - dueAt);
        const rel = frame.indexOf('"released_at":"', due);
        if (rel >= 0) stats.releaseLags.push(Date.parse(frame.slice(rel + 15, rel + 39)) - dueAt);
      }
    }
  } catch (err) {
    if (err.name !== 'AbortError') {
      stats.errors++;
      if (stats.errors === 1) stats.firstError = String(err.cause?.code ?? err.message);
    }
  }
}

// The clients run in worker threads (a share of the runs each): one thread parsing 50,000+
// frames a second would measure itself, not the server.
if (!isMainThread) {
  const { base, runs, clients } = workerData;
  const abort = new AbortController();
  const window = { end: Infinity };
  const stats = runs.map(() => Array.from({ length: clients }, () => ({ events: 0, lags: [], releaseLags: [], errors: 0, connected: false })));
  const readers = runs.flatMap((r, i) => stats[i].map((st) => follow(`${base}/api/v1/exercises/${r.id}/events`, r.key, abort.signal, st, window)));
  const ready = setInterval(() => {
    if (stats.flat().every((st) => st.connected || st.errors > 0)) {
      clearInterval(ready);
      parentPort.postMessage({ ready: true });
    }
  }, 50);
  parentPort.on('message', async (m) => {
    if (m.windowEnd) window.end = m.windowEnd;
    if (m.stop) {
      abort.abort();
      await Promise.allSettled(readers);
      parentPort.postMessage({ stats: stats.map((cs) => cs.map((st) => ({ events: st.events, errors: st.errors, firstError: st.firstError, lags: Float64Array.from(st.lags), releaseLags: Float64Array.from(st.releaseLags) }))) });
    }
  });
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];

if (isMainThread) await main();

async function main() {
const server = await startServer({ name: 'feed', embedded: !has('postgres') });
try {
  const base = server.url;
  const keys = [];
  for (let i = 0; i < Math.ceil(RUNS / RUNS_PER_KEY); i++) {
    const made = await call(base, server.operatorKey, '/api/v1/admin/keys/', 'POST', { name: `feed bench ${i}`, limits: { patients_per_request: 100000, requests_per_minute: 10000, requests_per_hour: 100000 } });
    keys.push(made.key);
  }
  // StartEx an hour ahead; once every client listens, each run jumps to T+0 (its clock starts then).
  const startAt = Date.now() + 3_600_000;
  const perRun = RATE / RUNS;
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const seed = 100 + i;
    const parsed = parseScenario({ ...SCENARIO, seed });
    const timeline = casualtyTimeline(createRun(parsed.scenario));
    const speed = speedFor(timeline, perRun * SECONDS, SECONDS);
    const expected = timeline.filter((e) => e.offset <= SECONDS * speed).length;
    const key = keys[Math.floor(i / RUNS_PER_KEY)];
    const run = await call(base, key, '/api/v1/exercises', 'POST', { scenario: SCENARIO, seed, speed, start: new Date(startAt).toISOString() });
    runs.push({ id: run.id, key, speed, expected, events: timeline.length });
  }
  const shares = Array.from({ length: THREADS }, (_, t) => runs.filter((_, i) => i % THREADS === t)).filter((x) => x.length > 0);
  const workers = shares.map((share) => new Worker(new URL(import.meta.url), { workerData: { base, runs: share, clients: CLIENTS } }));
  const message = (w, key) => new Promise((resolve) => { const on = (m) => { if (m[key]) { w.off('message', on); resolve(m); } }; w.on('message', on); });
  await Promise.all(workers.map((w) => message(w, 'ready')));
  await Promise.all(runs.map((r) => call(base, r.key, `/api/v1/exercises/${r.id}/jump`, 'POST', { to: 'T+00:00' })));
  const windowEnd = Date.now() + SECONDS * 1000;
  for (const w of workers) w.postMessage({ windowEnd });
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  let peakRss = 0;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, rssMB(server.pid) ?? 0); }, 500);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  // Events due at the window's end still on their way get five more seconds (lag is measured apart).
  await new Promise((r) => setTimeout(r, 5_000));
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(server.pid) - cpu0;
  clearInterval(sampler);
  const results = await Promise.all(workers.map((w) => { const m = message(w, 'stats'); w.postMessage({ stop: true }); return m; }));
  await Promise.all(workers.map((w) => w.terminate()));
  await Promise.all(runs.map((r) => call(base, r.key, `/api/v1/exercises/${r.id}/stop`, 'POST')));
  // Back in run order: worker t holds runs t, t + THREADS, …
  const stats = runs.map((_, i) => results[i % THREADS].stats[Math.floor(i / THREADS)]);
  const all = stats.flat();
  const lags = Float64Array.from(all.flatMap((s) => [...s.lags])).sort();
  const releaseLags = Float64Array.from(all.flatMap((s) => [...s.releaseLags])).sort();
  // The window is timed from this process, a few ms after the server anchored each clock: a client may count an event or two more.
  const complete = stats.every((clients, i) => clients.every((s) => s.events >= runs[i].expected));
  const released = runs.reduce((n, r) => n + r.expected, 0);
  console.log(JSON.stringify({
    database: server.database, runs: RUNS, clients_per_run: CLIENTS, window_s: SECONDS,
    speeds: [Math.min(...runs.map((r) => r.speed)), Math.max(...runs.map((r) => r.speed))],
    events_released: released, release_rate_per_s: Math.round(released / SECONDS),
    events_delivered: lags.length, delivery_rate_per_s: Math.round(lags.length / SECONDS),
    every_client_got_every_event: complete, client_errors: all.reduce((n, s) => n + s.errors, 0), first_client_error: all.find((s) => s.firstError)?.firstError,
    // At the client: read time − due time (includes the client threads' own scheduling).
    lag_ms: { p50: pct(lags, 0.5), p99: pct(lags, 0.99), max: lags[lags.length - 1] },
    // At the server: when the clock released the event − due time.
    release_lag_ms: { p50: pct(releaseLags, 0.5), p99: pct(releaseLags, 0.99), max: releaseLags[releaseLags.length - 1] },
    load_average: loadavg().map((x) => Number(x.toFixed(1))),
    server_cpu_s: Number(cpu.toFixed(1)), server_cpu_share: Number((cpu / wall).toFixed(2)), server_peak_rss_mb: Math.round(peakRss),
    server_errors: server.errorLines.length, server_error_lines: server.errorLines.slice(0, 3),
  }, null, 2));
  if (!complete || lags[lags.length - 1] >= 1000) process.exitCode = 1;
} finally {
  await server.stop();
}
}
