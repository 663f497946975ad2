// RSS over time of `medgen serve` running one large job (a benchmark showing that RSS over time
// for a 1,000,000-patient job stays flat). Starts the server on a database of its own, submits
// the job, and every second reads the server's VmRSS from /proc/<pid>/status (the job's worker
// thread lives in that process) and the job's progress. Prints the series, min/max/peak and the
// least-squares slope of RSS over the second half of the run: about 0 MB/min means no growth.
// Linux only (/proc).
//
//   npx tsc -p tsconfig.build.json && node bench/job-rss.mjs [--patients 1000000] [--format ndjson]
//     [--embedded] [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--json out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { args, cpuSeconds, createKey, DEFAULT_ADMIN_URL, rssMB, startServer } from './bench-server.mjs';

const { get, has } = args();
const patients = Number(get('patients', '1000000'));
const format = get('format', 'ndjson');
const embedded = has('embedded');
const adminUrl = get('admin-url', process.env.BENCH_ADMIN_URL ?? DEFAULT_ADMIN_URL);
const jsonOut = get('json', undefined);
const limitSeconds = Number(get('limit', '1800'));

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

function hwmMB(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
}

const round = (v, d = 0) => Number(v.toFixed(d));
const load0 = loadavg();
const server = await startServer({ name: 'rss', embedded, adminUrl, env: { MAX_PATIENTS_PER_JOB: String(Math.max(patients, 1_000_000)), JOB_TIMEOUT_SECONDS: String(limitSeconds) } });
let failed = false;
const onSignal = () => { void server.stop().finally(() => process.exit(130)); };
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  const key = await createKey(server, 'rss bench', { patients_per_request: Math.max(patients, 1000), requests_per_minute: 100_000, requests_per_hour: 1_000_000 });
  const headers = { 'X-API-Key': key, 'Content-Type': 'application/json' };
  await new Promise((r) => setTimeout(r, 3000)); // start-up work (migrations, queue) settles
  const idleRss = rssMB(server.pid);
  const cpu0 = cpuSeconds(server.pid);
  const submitted = await fetch(`${server.url}/api/v1/generation/`, {
    method: 'POST', headers, body: JSON.stringify({ configuration: { total_patients: patients, seed: 1 }, output_formats: [format] }),
  });
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
  const jobId = (await submitted.json()).job_id;

  const t0 = Date.now();
  const samples = [];
  let job;
  for (;;) {
    const r = await fetch(`${server.url}/api/v1/jobs/${jobId}`, { headers });
    job = await r.json();
    const t = (Date.now() - t0) / 1000;
    samples.push({ t: round(t, 1), status: job.status, done: job.progress_details?.patients_generated ?? 0, rss: rssMB(server.pid) ?? NaN });
    if (['completed', 'failed', 'cancelled'].includes(job.status)) break;
    if (server.exited()) throw new Error(`server exited: ${JSON.stringify(server.exited())}`);
    if (t > limitSeconds) throw new Error(`job not done after ${limitSeconds} s`);
    await new Promise((res) => setTimeout(res, 1000 - ((Date.now() - t0) % 1000)));
  }
  const wall = (Date.now() - t0) / 1000;
  const serverCpu = (cpuSeconds(server.pid) ?? NaN) - (cpu0 ?? NaN);
  await new Promise((r) => setTimeout(r, 3000));
  const afterRss = rssMB(server.pid);
  if (job.status !== 'completed') failed = true;

  const running = samples.filter((s) => s.status === 'running');
  const second = running.slice(Math.floor(running.length / 2));
  const rssRunning = running.map((s) => s.rss);
  const report = {
    machine: { cpus: `${cpus().length} × ${cpus()[0]?.model}`, node: process.version, load_average_before: load0.map((l) => round(l, 2)), load_average_after: loadavg().map((l) => round(l, 2)) },
    database: server.database, patients, format, job_status: job.status, job_error: job.error,
    output_files: job.output_files?.map((f) => ({ name: f.name, bytes: f.bytes })),
    wall_s: round(wall, 1), patients_per_s: Math.round(patients / wall), server_cpu_s: round(serverCpu, 1),
    rss_mb: {
      idle_before: round(idleRss ?? NaN), min_running: round(Math.min(...rssRunning)), max_running: round(Math.max(...rssRunning)),
      peak_hwm: round(hwmMB(server.pid)), after_job: round(afterRss ?? NaN),
      second_half_slope_mb_per_min: round(slope(second.map((s) => ({ x: s.t / 60, y: s.rss }))), 1),
      second_half_min: round(Math.min(...second.map((s) => s.rss))), second_half_max: round(Math.max(...second.map((s) => s.rss))),
    },
    samples,
  };
  // The series at most ~60 rows on screen; every sample is in the JSON.
  const step = Math.max(1, Math.ceil(samples.length / 60));
  console.log('| t (s) | status | patients done | RSS MB |\n|---|---|---|---|');
  samples.forEach((s, i) => { if (i % step === 0 || i === samples.length - 1) console.log(`| ${s.t} | ${s.status} | ${s.done} | ${round(s.rss)} |`); });
  const m = report.rss_mb;
  console.log(`\n${patients} patients (${format}) ${job.status} in ${report.wall_s} s (${report.patients_per_s}/s), server CPU ${report.server_cpu_s} s`);
  console.log(`RSS MB: idle ${m.idle_before}; while running min ${m.min_running}, max ${m.max_running}; kernel peak (VmHWM) ${m.peak_hwm}; after the job ${m.after_job}`);
  console.log(`second half: ${m.second_half_min}–${m.second_half_max} MB, slope ${m.second_half_slope_mb_per_min} MB/min; load average ${report.machine.load_average_before.join(' ')} → ${report.machine.load_average_after.join(' ')}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2));
  if (server.errorLines.length > 0) console.error(`server error log:\n${server.errorLines.join('\n')}`);
} catch (err) {
  failed = true;
  console.error(err);
  if (server.errorLines.length > 0) console.error(`server error log:\n${server.errorLines.join('\n')}`);
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
