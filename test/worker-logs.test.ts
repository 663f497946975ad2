import { afterAll, describe, expect, it } from 'vitest';
import { killLeftovers, query, startRole, type Role } from './cluster-helpers.js';
import { TcpProxy, targetOf, until, viaProxy } from './faults-proxy.js';
import { medgen, workspace, type Workspace } from './keys-process.js';

const databaseUrl = process.env.TEST_DATABASE_URL;

interface LogLine { level: number; msg: string; job_id?: string; attempt?: number; jobs?: { job_id: string; attempt: number }[]; [k: string]: unknown }

/** The JSON log lines a process has written so far. */
function lines(role: Role): LogLine[] {
  return role.log().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
}

const SCENARIO = JSON.stringify({ total_patients: 40, days_of_fighting: 2, seed: 9 });
const REQUEST = JSON.stringify({ output_formats: ['json'], use_compression: false, use_encryption: false, priority: 'normal', total_patients: 40 });

describe.skipIf(!databaseUrl)('a medgen worker logs a database outage and the takeover of a dead worker\'s job', () => {
  let ws: Workspace | undefined;
  let proxy: TcpProxy | undefined;
  let worker: Role | undefined;
  afterAll(async () => {
    proxy?.restore();
    await worker?.signal('SIGTERM');
    killLeftovers();
    await proxy?.close();
    await ws?.dispose();
  });

  it('warns with the job id and attempt when it takes over, warns once when the database goes, and says when it is back', async () => {
    ws = await workspace(databaseUrl);
    const direct = ws.databaseUrl as string;
    expect((await medgen(['db', 'migrate'], ws.env)).code).toBe(0);
    proxy = await TcpProxy.start(targetOf(direct, 5432));
    worker = await startRole({ ...ws.env, DATABASE_URL: viaProxy(direct, proxy), LOG_LEVEL: 'info', JOB_STALE_SECONDS: '5' }, ['worker'], /worker started()/);

    // A job its worker was running when it died: its heartbeat stopped an hour ago.
    const [orphan] = await query<{ id: string }>(direct, `insert into jobs (status, priority, request, scenario, total_patients, attempts, current_step, created_at, updated_at, started_at)
      values ('running', 'normal', $1, $2, 40, 1, 'generating', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour') returning id`, [REQUEST, SCENARIO]);
    const id = orphan?.id as string;
    const takeover = await until('takeover logged', async () => lines(worker as Role).find((l) => l.job_id === id && /took over/.test(l.msg)), 20_000);
    expect(takeover).toMatchObject({ level: 40, job_id: id, attempt: 1 });
    expect(takeover.msg).toMatch(/no heartbeat.*requeued for attempt 2 of 3/);
    const rerun = await until('rerun logged', async () => lines(worker as Role).find((l) => l.job_id === id && /again/.test(l.msg)), 20_000);
    expect(rerun).toMatchObject({ level: 30, job_id: id, attempt: 2 });
    await until('job completed', async () => (await query<{ status: string }>(direct, 'select status from jobs where id = $1', [id]))[0]?.status === 'completed', 30_000);

    proxy.cut('refuse');
    const down = await until('outage logged', async () => lines(worker as Role).find((l) => /database unreachable/.test(l.msg)), 20_000);
    expect(down.level).toBe(40);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(lines(worker as Role).filter((l) => /database unreachable/.test(l.msg)), worker.log()).toHaveLength(1); // once per outage, not per poll
    proxy.restore();
    const up = await until('recovery logged', async () => lines(worker as Role).find((l) => /database reachable again/.test(l.msg)), 20_000);
    expect(up.level).toBe(30);
    expect(worker.log()).not.toMatch(/password=|postgres:\/\/postgres@/);
  }, 120_000);
});
