import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKey, fileFacts, jobRows, jsonHeaders, killLeftovers, query, startRole, submitJob, terminal, waitRows, zipFacts, type Role } from './cluster-helpers.js';
import { uniquePrefix } from './keys-helpers.js';
import { medgen, workspace, type Workspace } from './keys-process.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const OPERATOR = 'cluster-operator-key-0123456789';
/**
 * Seconds of work: still running a moment after its first progress, even on a fast machine.
 * 40,000 CSV patients took about 0.3 s once generation reached 130,000 patients/s, and the test
 * sometimes saw the job only once it had completed.
 */
const BIG = 400_000;
const SMALL = Array.from({ length: 19 }, (_, i) => 2_000 + ((i * 1_733) % 2_000));
const PER_MINUTE = 30;

interface ApiJob {
  status: string;
  summary: { total_patients: number } | null;
  output_files?: { name: string; bytes: number; sha256: string }[];
}

describe.skipIf(!databaseUrl || !redisUrl)('2 API processes + 2 worker processes on PostgreSQL and Redis', () => {
  let ws: Workspace | undefined;
  afterAll(async () => {
    killLeftovers();
    await ws?.dispose();
  });

  it('complete 20 jobs submitted through both APIs with exact counts and valid ZIPs while a worker is killed mid-job, and share rate windows', async () => {
    const started = performance.now();
    ws = await workspace(databaseUrl);
    const db = ws.databaseUrl ?? '';
    const env = {
      ...ws.env, API_KEY: OPERATOR, REDIS_URL: redisUrl ?? '', REDIS_KEY_PREFIX: uniquePrefix(),
      MAX_CONCURRENT_JOBS: '2', JOB_STALE_SECONDS: '8', SHUTDOWN_TIMEOUT_MS: '10000',
    };
    const migrate = await medgen(['db', 'migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    const worker = /worker started()/;
    const [api1, api2, doomed] = await Promise.all([
      startRole(env, ['serve', '--no-workers']), startRole(env, ['serve', '--no-workers']), startRole(env, ['worker'], worker),
    ]);
    const apis = [api1, api2];

    // While it is the only worker, the doomed one takes the big job: that is the job to kill,
    // as soon as it has written patients (killing first and starting the survivor during the
    // stale window keeps the test short and the kill surely mid-run on a slow machine).
    // High priority: once requeued it goes before the small jobs.
    const big = await submitJob(api1.url, OPERATOR, BIG, 1, 'high');
    const [before] = await waitRows(db, [big], (r) => r.status === 'running' && r.patients_generated > 0, 60_000);
    expect(before).toMatchObject({ status: 'running', attempts: 1 });
    const killed = await doomed.signal('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const killedAt = performance.now();
    // The survivor takes the orphan over once its heartbeat is JOB_STALE_SECONDS old.
    const takeover = waitRows(db, [big], (r) => r.attempts >= 2, 150_000).then(() => (performance.now() - killedAt) / 1000);
    // Nobody else can finish or requeue it before its heartbeat goes stale: it died mid-run.
    const [orphan] = await jobRows(db, [big]);
    expect(orphan?.status).toBe('running');
    expect(orphan?.progress).toBeLessThan(100);
    const survivor = await startRole(env, ['worker'], worker);

    // The survivor runs these while the big job's heartbeat goes stale.
    const small: string[] = [];
    for (const [i, n] of SMALL.entries()) small.push(await submitJob(apis[(i + 1) % 2]?.url ?? '', OPERATOR, n, 100 + i));

    // Meanwhile: one window per key across both APIs (Redis).
    const limited = await createKey(env, ['--name', 'shared window', '--minute', String(PER_MINUTE)]);
    const answers = await Promise.all(Array.from({ length: 3 * PER_MINUTE }, async (_, i) => {
      const r = await fetch(`${apis[i % 2]?.url}/api/v1/streaming/generate?count=1&format=ndjson`, { headers: { 'X-API-Key': limited.key } });
      await r.arrayBuffer();
      return { status: r.status, type: r.headers.get('x-limit-type'), api: i % 2 };
    }));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(PER_MINUTE);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(2 * PER_MINUTE);
    expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.api)).size).toBe(2);
    expect(answers.filter((a) => a.status === 429).every((a) => a.type === 'requests_per_minute')).toBe(true);

    const ids = [big, ...small];
    const totals = [BIG, ...SMALL];
    const rows = await waitRows(db, ids, terminal, 150_000);
    expect(rows.map((r) => `${r.status} ${r.error ?? ''}`.trim())).toEqual(ids.map(() => 'completed'));
    expect(rows.map((r) => r.summary?.total_patients)).toEqual(totals);
    // The killed run was taken over and run again (attempts counts runs).
    expect(rows[0]?.attempts).toBe(2);
    for (const r of rows) expect(r.attempts).toBeGreaterThanOrEqual(1);

    const completedAt = performance.now();
    for (const [i, id] of ids.entries()) {
      // Read back through the API that did not take the job.
      const api = apis[i % 2]?.url ?? '';
      const r = await fetch(`${api}/api/v1/jobs/${id}`, { headers: jsonHeaders(OPERATOR) });
      const job = (await r.json()) as ApiJob;
      expect(job.status).toBe('completed');
      expect(job.summary?.total_patients).toBe(totals[i]);
      const file = job.output_files?.[0];
      expect(file?.name).toBe('patients.csv');
      const facts = await fileFacts(join(ws?.env.DATA_DIR ?? '', 'outputs', id, 'patients.csv'));
      expect(facts.lines).toBe((totals[i] ?? 0) + 1); // header + one line per patient
      expect({ bytes: facts.bytes, sha256: facts.sha256 }).toEqual({ bytes: file?.bytes, sha256: file?.sha256 });
      // The download opens as a ZIP whose entry is that very file, whole.
      const zipped = await zipFacts(api, OPERATOR, id);
      expect([...zipped.keys()]).toEqual(['patients.csv']);
      expect(zipped.get('patients.csv')).toEqual(facts);
    }

    const stopped = await Promise.all([api1, api2, survivor].map((p: Role) => p.signal('SIGTERM')));
    expect(stopped.map((s) => s.code)).toEqual([0, 0, 0]);
    const usage = await query<{ requests: string }>(db, 'select sum(requests)::text as requests from api_key_usage where key_id = $1', [limited.id]);
    expect(Number(usage[0]?.requests)).toBe(PER_MINUTE);

    const lost = rows.filter((r) => r.status !== 'completed').length;
    const patients = rows.reduce((n, r) => n + (r.summary?.total_patients ?? 0), 0);
    console.log(`cluster: ${ids.length} jobs, ${patients} patients, ${lost} lost; killed job taken over ${(await takeover).toFixed(1)} s after the SIGKILL `
      + `(JOB_STALE_SECONDS ${env.JOB_STALE_SECONDS}); all complete ${((completedAt - killedAt) / 1000).toFixed(1)} s after it; ${ids.length} ZIPs valid; `
      + `run ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);
});
