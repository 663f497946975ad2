// Load test (`npm run bench:load`): autocannon on loopback, 200 concurrent connections
// of mixed traffic for a bounded time against a `medgen serve` child process on a database of its
// own. One autocannon instance per traffic type, all running at once:
//   health live / ready, job status of existing jobs, job lists, small generations (10 patients),
//   small NDJSON streams (50 patients), and a low-limit key whose 429s are intended.
// Reports per-route throughput, p50/p99/max and every error; exits 1 if any response other than the
// low-limit key's 429s is not 2xx, any request times out or fails on the socket, any body is wrong,
// or the server dies.
//
//   npx tsc -p tsconfig.build.json && node bench/load.mjs [--duration 60] [--connections 200]
//     [--embedded] [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--timeout 10]
//     [--json results.json] [--profile: each traffic type alone, with server CPU per request]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { args, cpuSeconds, createKey, DEFAULT_ADMIN_URL, rssMB, schedSeconds, startServer, watchBackends } from './bench-server.mjs';

const { get, has } = args();
const duration = Number(get('duration', '60'));
const totalConnections = Number(get('connections', '200'));
const timeoutSeconds = Number(get('timeout', '10'));
const embedded = has('embedded');
const adminUrl = get('admin-url', process.env.BENCH_ADMIN_URL ?? DEFAULT_ADMIN_URL);
const jsonOut = get('json', undefined);
if (!(duration > 0) || !(totalConnections >= 7)) throw new Error('--duration must be > 0 and --connections at least 7');

const STATUS_JOBS = 20;
const LIMITED_PER_MINUTE = 5;
const STREAM_PATIENTS = 50;
const GENERATION_PATIENTS = 10;

/** Lines of an NDJSON body; a stream cut short ends with an {"error": …} line instead. */
function ndjsonComplete(body) {
  const lines = body.split('\n').filter((l) => l.length > 0);
  return lines.length === STREAM_PATIENTS && !lines.some((l) => l.startsWith('{"error"'));
}

/** Connections per traffic type, scaled to the total (the shares add up to 200). */
function plan(keys, jobIds) {
  let seq = 0;
  const json = (key) => ({ 'X-API-Key': key, 'Content-Type': 'application/json' });
  const types = [
    { id: 'health live', share: 20, requests: [{ method: 'GET', path: '/api/v1/health/live' }], verify: (b) => b.includes('alive') },
    { id: 'health ready', share: 20, requests: [{ method: 'GET', path: '/api/v1/health/ready' }], verify: (b) => b.includes('"ready"') },
    {
      id: 'job status', share: 50, headers: json(keys.high), verify: (b) => b.includes('"job_id"'),
      requests: [{ method: 'GET', path: '/api/v1/jobs/', setupRequest: (req) => ({ ...req, path: `/api/v1/jobs/${jobIds[seq++ % jobIds.length]}` }) }],
    },
    { id: 'job list', share: 30, headers: json(keys.high), requests: [{ method: 'GET', path: '/api/v1/jobs/?limit=20' }], verify: (b) => b.startsWith('[') },
    {
      id: 'generation (10)', share: 40, headers: json(keys.high), verify: (b) => b.includes('"job_id"'),
      requests: [{ method: 'POST', path: '/api/v1/generation/', body: JSON.stringify({ configuration: { total_patients: GENERATION_PATIENTS, seed: 7 }, output_formats: ['json'] }) }],
    },
    {
      id: 'stream (50, ndjson)', share: 30, headers: { ...json(keys.high), Accept: 'application/x-ndjson' }, verify: ndjsonComplete,
      requests: [{ method: 'POST', path: '/api/v1/streaming/generate?format=ndjson', body: JSON.stringify({ total_patients: STREAM_PATIENTS, seed: 11 }) }],
    },
    { id: 'low-limit key (429 intended)', share: 10, headers: json(keys.low), allow429: true, requests: [{ method: 'GET', path: '/api/v1/jobs/?limit=5' }] },
  ];
  // By share, at least one each, adjusted so the total is exact.
  const shares = types.reduce((s, t) => s + t.share, 0);
  const exact = types.map((t) => (t.share * totalConnections) / shares);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  const sum = () => counts.reduce((a, b) => a + b, 0);
  while (sum() < totalConnections) {
    const i = exact.reduce((best, x, j) => (x - counts[j] > exact[best] - counts[best] ? j : best), 0);
    counts[i] += 1;
  }
  while (sum() > totalConnections) counts[counts.indexOf(Math.max(...counts))] -= 1;
  return types.map((t, i) => ({ ...t, connections: counts[i] }));
}

/** Runs one autocannon instance and keeps a few samples of unexpected answers. */
function run(baseUrl, t) {
  const samples = [];
  const keep = (status, body) => {
    const bad = status < 200 || status > 299 ? !(t.allow429 && status === 429) : t.verify !== undefined && !t.verify(body);
    if (bad && samples.length < 5) samples.push({ status, body: String(body).slice(0, 400) });
  };
  const requests = t.requests.map((r) => ({ ...r, onResponse: keep }));
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: baseUrl, connections: t.connections, duration, timeout: timeoutSeconds,
      headers: t.headers ?? {}, requests, ...(t.verify ? { verifyBody: t.verify } : {}),
    }, (err, res) => (err ? reject(err) : resolve({ t, res, samples })));
    instance.on('error', reject);
  });
}

const codeCount = (res, pred) => Object.entries(res.statusCodeStats ?? {}).reduce((s, [code, v]) => s + (pred(Number(code)) ? Number(v.count) : 0), 0);

function summarise({ t, res, samples }) {
  const ok = codeCount(res, (c) => c >= 200 && c < 300);
  const c429 = codeCount(res, (c) => c === 429);
  const otherNon2xx = codeCount(res, (c) => c < 200 || c >= 300) - (t.allow429 ? c429 : 0);
  const unexpected = otherNon2xx + res.errors + res.mismatches;
  return {
    route: t.id, connections: t.connections, requests: res.requests.total,
    rps: Math.round(res.requests.total / res.duration), bytes_per_response: Math.round(res.throughput.total / Math.max(1, res.requests.total)), p50_ms: res.latency.p50, p99_ms: res.latency.p99, max_ms: res.latency.max,
    ok_2xx: ok, intended_429: t.allow429 ? c429 : 0, other_non2xx: otherNon2xx, errors: res.errors, timeouts: res.timeouts,
    mismatches: res.mismatches, status_codes: Object.fromEntries(Object.entries(res.statusCodeStats ?? {}).map(([c, v]) => [c, Number(v.count)])),
    unexpected, samples,
  };
}

async function api(server, key, path, init = {}) {
  const r = await fetch(`${server.url}${path}`, { ...init, headers: { 'X-API-Key': key, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  return { status: r.status, headers: r.headers, body: await r.json().catch(() => undefined) };
}

async function prepareJobs(server, key) {
  const ids = [];
  for (let i = 0; i < STATUS_JOBS; i++) {
    const r = await api(server, key, '/api/v1/generation/', { method: 'POST', body: JSON.stringify({ configuration: { total_patients: GENERATION_PATIENTS, seed: i }, output_formats: ['json'] }) });
    if (r.status !== 201) throw new Error(`preparing jobs: ${r.status} ${JSON.stringify(r.body)}`);
    ids.push(r.body.job_id);
  }
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const states = await Promise.all(ids.map(async (id) => (await api(server, key, `/api/v1/jobs/${id}`)).body?.status));
    if (states.every((s) => s === 'completed')) return ids;
    if (states.some((s) => s === 'failed')) throw new Error(`a prepared job failed: ${states.join(',')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('prepared jobs did not complete within 120 s');
}

async function jobCounts(server, key) {
  const out = {};
  for (const status of ['queued', 'running', 'completed', 'failed']) {
    const r = await api(server, key, `/api/v1/jobs/?status=${status}&limit=1`);
    out[status] = Number(r.headers.get('x-total-count') ?? NaN);
  }
  return out;
}

/** Gauges from /metrics (no DB access; open while METRICS_TOKEN is unset), or undefined if slow. */
async function scrape(server) {
  try {
    const text = await (await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
    const value = (name, label = '') => Number(new RegExp(`^${name}(?:\\{[^}]*${label}[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    return {
      waiting: value('db_connections_waiting'), active: value('db_connections_active'), queue: value('job_queue_size', 'status="queued"'),
      querySum: value('db_query_duration_seconds_sum'), queryCount: value('db_query_duration_seconds_count'),
    };
  } catch {
    return undefined;
  }
}

function table(rows) {
  const head = '| route | conns | requests | req/s | p50 ms | p99 ms | max ms | 2xx | intended 429 | other non-2xx | socket errors (timeouts) | bad bodies |';
  const lines = rows.map((r) => `| ${r.route} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.ok_2xx} | ${r.intended_429} | ${r.other_non2xx} | ${r.errors} (${r.timeouts}) | ${r.mismatches} |`);
  return [head, `|${'---|'.repeat(12)}`, ...lines].join('\n');
}

/** Ends the profile run through the same clean-up as the mixed run. */
class Done extends Error {}

/**
 * `--profile`: each traffic type alone, one after the other, with its share of the connections;
 * server CPU per request is what a loaded machine cannot distort much (generation's figure also
 * holds the CPU of the jobs it queued that ran meanwhile).
 */
async function profile(server, types) {
  const rows = [];
  for (const t of types) {
    const m0 = await scrape(server);
    const cpu0 = cpuSeconds(server.pid);
    const r = summarise(await run(server.url, t));
    const cpu = (cpuSeconds(server.pid) ?? NaN) - (cpu0 ?? NaN);
    const m1 = await scrape(server);
    const queries = m1 && m0 ? m1.queryCount - m0.queryCount : NaN;
    rows.push({
      ...r, server_cpu_ms_per_request: Number(((1000 * cpu) / r.requests).toFixed(2)), db_queries_per_request: Number((queries / r.requests).toFixed(2)),
      db_query_mean_ms: m1 && m0 ? Number(((1000 * (m1.querySum - m0.querySum)) / queries).toFixed(2)) : NaN,
    });
    await new Promise((res) => setTimeout(res, 2000));
  }
  console.log('| route alone | conns | requests | req/s | p50 ms | p99 ms | bytes/response | server CPU ms/request | DB queries/request | mean query ms | unexpected |\n|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.route} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.bytes_per_response} | ${r.server_cpu_ms_per_request} | ${r.db_queries_per_request} | ${r.db_query_mean_ms} | ${r.unexpected} |`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
}

const watchdog = setTimeout(() => { console.error('load bench: over its time bound; giving up'); process.exit(2); }, (duration + 600) * 1000);
watchdog.unref();

const load0 = loadavg();
const server = await startServer({ name: 'load', embedded, adminUrl });
let failed;
let sampler;
let backends;
const onSignal = () => { void server.stop().finally(() => process.exit(130)); };
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  const keys = {
    high: await createKey(server, 'load bench', { patients_per_request: 1000, requests_per_minute: 2_000_000_000, requests_per_hour: 2_000_000_000, requests_per_day: null, patients_per_day: null }),
    low: await createKey(server, 'load bench, low limit', { requests_per_minute: LIMITED_PER_MINUTE, requests_per_hour: 1000 }),
  };
  const jobIds = await prepareJobs(server, keys.high);
  const types = plan(keys, jobIds);
  if (has('profile')) {
    await profile(server, types.filter((t) => !t.allow429));
    throw new Done();
  }

  const samples = [];
  const cpu0 = cpuSeconds(server.pid);
  const main0 = cpuSeconds(server.pid, server.pid);
  const sched0 = schedSeconds(server.pid);
  const client0 = process.cpuUsage();
  const metrics0 = await scrape(server);
  backends = await watchBackends(server, adminUrl);
  sampler = setInterval(() => {
    void scrape(server).then((m) => samples.push({ rss: rssMB(server.pid), load: loadavg()[0], ...(m ?? {}) }));
  }, 1000);
  const started = Date.now();
  const results = (await Promise.all(types.map((t) => run(server.url, t)))).map(summarise);
  const wall = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const serverCpu = (cpuSeconds(server.pid) ?? NaN) - (cpu0 ?? NaN);
  // The main thread runs the event loop (HTTP, queries); job threads are the rest.
  const mainCpu = (cpuSeconds(server.pid, server.pid) ?? NaN) - (main0 ?? NaN);
  const sched1 = schedSeconds(server.pid);
  const runQueueWait = sched0 && sched1 ? sched1.wait - sched0.wait : NaN;
  const clientCpu = process.cpuUsage(client0);
  const metrics1 = await scrape(server);
  const postgres = await backends.stop();
  backends = undefined;

  const alive = server.exited() === undefined;
  const jobs = alive ? await jobCounts(server, keys.high) : undefined;
  const limited = results.find((r) => r.route === types.find((t) => t.allow429)?.id);
  const problems = [];
  for (const r of results) {
    if (r.unexpected > 0) problems.push(`${r.route}: ${r.other_non2xx} unexpected non-2xx, ${r.errors} socket errors (${r.timeouts} timeouts), ${r.mismatches} bad bodies`);
    if (r.requests === 0) problems.push(`${r.route}: no request completed`);
  }
  // The low-limit key must be refused, and must not get more than its windows allow.
  const windows = Math.ceil(duration / 60) + 1;
  if (limited && limited.intended_429 === 0) problems.push('low-limit key: no 429 at all');
  if (limited && limited.ok_2xx > LIMITED_PER_MINUTE * windows) problems.push(`low-limit key: ${limited.ok_2xx} successes > ${LIMITED_PER_MINUTE}/minute × ${windows}`);
  if (!alive) problems.push(`server exited during the run: ${JSON.stringify(server.exited())}`);
  if (jobs && jobs.failed > 0) problems.push(`${jobs.failed} generation jobs failed`);
  failed = problems.length > 0;

  const rss = samples.map((s) => s.rss).filter((v) => v !== undefined);
  const gauges = (k) => samples.map((x) => x[k]).filter((v) => Number.isFinite(v));
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const pool = {
    scrapes: gauges('waiting').length, of_seconds: samples.length,
    waiting_mean: Number(mean(gauges('waiting')).toFixed(1)), waiting_max: Math.max(...gauges('waiting')),
    active_mean: Number(mean(gauges('active')).toFixed(1)), job_queue_max: Math.max(...gauges('queue')),
    queries: metrics1 && metrics0 ? metrics1.queryCount - metrics0.queryCount : undefined,
    query_mean_ms: metrics1 && metrics0 ? Number(((1000 * (metrics1.querySum - metrics0.querySum)) / (metrics1.queryCount - metrics0.queryCount)).toFixed(2)) : undefined,
  };
  const report = {
    machine: { cpus: `${cpus().length} × ${cpus()[0]?.model}`, node: process.version, load_average_before: load0.map((l) => Number(l.toFixed(2))), load_average_after: loadavg().map((l) => Number(l.toFixed(2))) },
    database: server.database, duration_s: duration, wall_s: Number(wall.toFixed(1)), connections: totalConnections,
    total_requests: results.reduce((s, r) => s + r.requests, 0),
    total_rps: Math.round(results.reduce((s, r) => s + r.requests, 0) / wall),
    server: { cpu_seconds: Number(serverCpu.toFixed(1)), main_thread_cpu_seconds: Number(mainCpu.toFixed(1)), main_thread_cpu_share: Number((mainCpu / wall).toFixed(2)), main_thread_run_queue_wait_seconds: Number(runQueueWait.toFixed(1)), cpu_share_of_2_cores: Number((serverCpu / wall / cpus().length).toFixed(2)), rss_mb_min: Math.round(Math.min(...rss)), rss_mb_max: Math.round(Math.max(...rss)), error_log_lines: server.errorLines.length, db_pool: pool, postgres_backends: postgres },
    client_cpu_seconds: Number(((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)),
    jobs_after_run: jobs,
    routes: results,
    problems,
    server_error_log: server.errorLines.slice(0, 5),
  };
  console.log(table(results));
  console.log(`\ntotal ${report.total_requests} requests in ${report.wall_s} s (${report.total_rps} req/s); server CPU ${report.server.cpu_seconds} s (event-loop thread ${report.server.main_thread_cpu_seconds} s running, ${report.server.main_thread_run_queue_wait_seconds} s waiting for a CPU), RSS ${report.server.rss_mb_min}–${report.server.rss_mb_max} MB; DB pool waiting mean ${pool.waiting_mean} (max ${pool.waiting_max}), mean query ${pool.query_mean_ms} ms; bench client CPU ${report.client_cpu_seconds} s; load average ${report.machine.load_average_before.join(' ')} → ${report.machine.load_average_after.join(' ')}`);
  console.log(JSON.stringify(report, null, 2));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2));
  console.log(failed ? `\nFAILED:\n- ${problems.join('\n- ')}` : '\nOK: no errors other than the intended 429s');
} catch (err) {
  failed = !(err instanceof Done);
  if (failed) console.error(err);
  if (server.errorLines.length > 0) console.error(`server error log:\n${server.errorLines.join('\n')}`);
} finally {
  clearInterval(sampler);
  await backends?.stop();
  await server.stop();
}
// Explicitly: autocannon instances still running after a failure must not keep the process up.
process.exit(failed ? 1 : 0);
