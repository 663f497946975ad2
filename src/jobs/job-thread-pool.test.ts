import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, scenarioToInput } from '../engine/index.js';
import { JobThreadPool } from './job-thread-pool.js';

const input = (patients: number, outDir: string) => {
  const parsed = parseScenario({ total_patients: patients, seed: 11 });
  if (!parsed.ok) throw new Error('scenario');
  return { scenario: scenarioToInput(parsed.scenario), formats: ['ndjson' as const], outDir, gzip: false, workers: 1, nice: 0 };
};
const limits = { timeoutSeconds: 60, memoryMb: 256, nice: 0 };

describe('job thread pool', () => {
  let dir: string;
  let pool: JobThreadPool;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medgen-pool-'));
    pool = new JobThreadPool({ idleMs: 60_000 });
  });
  afterAll(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the next job on the thread that completed the last one, with the same output', async () => {
    const first = pool.run(input(25, join(dir, 'a')), limits, () => undefined);
    const a = await first.outcome;
    expect(a.kind).toBe('completed');
    expect(pool.idleThreads).toBe(1);
    const second = pool.run(input(25, join(dir, 'b')), limits, () => undefined);
    expect(second.threadId).toBe(first.threadId);
    expect(pool.idleThreads).toBe(0);
    const b = await second.outcome;
    if (a.kind !== 'completed' || b.kind !== 'completed') throw new Error('not completed');
    expect(b.summary.total_patients).toBe(25);
    expect(b.files.map((f) => f.sha256)).toEqual(a.files.map((f) => f.sha256));
    const text = await readFile(b.files[0]?.path ?? '', 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(25);
    // Aborting a run that already completed leaves its former thread to the next job.
    const third = pool.run(input(25, join(dir, 'c')), limits, () => undefined);
    await first.abort('late');
    expect((await third.outcome).kind).toBe('completed');
    expect(third.threadId).toBe(first.threadId);
  });

  it('fails a job that throws with its message and never reuses that thread', async () => {
    const bad = { ...input(5, join(dir, 'bad')), scenario: { total_patients: -3 } };
    const run = pool.run(bad, limits, () => undefined);
    const outcome = await run.outcome;
    expect(outcome).toMatchObject({ kind: 'failed', errorType: 'error' });
    expect(outcome.kind === 'failed' && outcome.error).toMatch(/^the stored scenario is invalid: total_patients: /);
    const next = pool.run(input(5, join(dir, 'd')), limits, () => undefined);
    expect(next.threadId).not.toBe(run.threadId);
    expect((await next.outcome).kind).toBe('completed');
  });

  it('stops a running job at once on abort and starts the next one on a new thread', async () => {
    const run = pool.run(input(2_000_000, join(dir, 'big')), limits, () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    await run.abort('cancelled');
    expect(await run.outcome).toEqual({ kind: 'aborted', reason: 'cancelled' });
    const next = pool.run(input(5, join(dir, 'e')), limits, () => undefined);
    expect(next.threadId).not.toBe(run.threadId);
    expect((await next.outcome).kind).toBe('completed');
  });

  it('stops waiting threads after the idle time and on close', async () => {
    const quick = new JobThreadPool({ idleMs: 200 });
    expect((await quick.run(input(5, join(dir, 'f')), limits, () => undefined).outcome).kind).toBe('completed');
    expect(quick.idleThreads).toBe(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(quick.idleThreads).toBe(0);
    expect((await quick.run(input(5, join(dir, 'g')), limits, () => undefined).outcome).kind).toBe('completed');
    expect(quick.idleThreads).toBe(1);
    await quick.close();
    expect(quick.idleThreads).toBe(0);
  });
});
