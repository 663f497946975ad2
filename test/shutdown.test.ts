import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, fileFacts, jobRows, killLeftovers, query, startRole, submitJob, waitRows, type Role } from './cluster-helpers.js';
import { medgen, workspace, type Workspace } from './keys-process.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const OPERATOR = 'shutdown-operator-key-0123456789';
// Long enough to be caught running: generation reaches 130,000 CSV patients/s on a fast machine.
const JOB = 400_000;
const STREAM = 5_000;
const worker = /worker started()/;

/** Reads a response body to its end (or until the connection is cut): newlines and the last line. */
async function readLines(body: ReadableStream<Uint8Array>, first: Uint8Array): Promise<{ lines: number; last: string; error?: string }> {
  let lines = 0;
  let tail = '';
  const decoder = new TextDecoder();
  const take = (chunk: Uint8Array): void => {
    const text = decoder.decode(chunk, { stream: true });
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    tail = (tail + text).slice(-100_000);
  };
  take(first);
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      take(value);
    }
  } catch (err) {
    return { lines, last: '', error: (err as Error).message };
  }
  const parts = tail.split('\n');
  return { lines, last: parts.at(-2) ?? '' };
}

/** Starts a stream and returns once its first bytes have arrived; with `hold`, reads on only after resume(). */
async function openStream(url: string, key: string, count: number, hold = false): Promise<{ rest: Promise<{ lines: number; last: string; error?: string }>; resume(): void }> {
  const r = await fetch(`${url}/api/v1/streaming/generate?count=${count}&seed=7&format=ndjson`, { headers: { 'X-API-Key': key } });
  expect(r.status).toBe(200);
  expect(r.headers.get('x-patient-count')).toBe(String(count));
  const body = r.body;
  if (!body) throw new Error('no body');
  const reader = body.getReader();
  const first = await reader.read();
  reader.releaseLock();
  let resume = (): void => undefined;
  const go = hold ? new Promise<void>((resolve) => { resume = resolve; }) : Promise.resolve();
  return { rest: go.then(() => readLines(body, first.value ?? new Uint8Array())), resume: () => resume() };
}

/** True once the process no longer accepts new HTTP requests (refused, reset, or 503 while closing). */
async function refusesNewRequests(url: string): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/api/v1/health/live`);
      await r.arrayBuffer();
      if (r.status === 503) return true;
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function usageOf(db: string, keyId: string): Promise<{ requests: number; patients: number }> {
  const rows = await query<{ requests: string | null; patients: string | null }>(db, 'select sum(requests)::text as requests, sum(patients)::text as patients from api_key_usage where key_id = $1', [keyId]);
  return { requests: Number(rows[0]?.requests ?? 0), patients: Number(rows[0]?.patients ?? 0) };
}

describe.skipIf(!databaseUrl)('graceful shutdown (SIGTERM) of real processes on PostgreSQL', () => {
  let ws: Workspace;
  let db: string;
  let base: Record<string, string>;
  beforeAll(async () => {
    ws = await workspace(databaseUrl);
    db = ws.databaseUrl ?? '';
    base = { ...ws.env, API_KEY: OPERATOR, MAX_CONCURRENT_JOBS: '1' };
    const migrate = await medgen(['db', 'migrate'], base);
    expect(migrate.code, migrate.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    killLeftovers();
    await ws?.dispose();
  });

  it('serve finishes the request in flight (new ones refused), requeues its running job, flushes usage and exits 0 in time; a worker does the same; another worker completes the job', async () => {
    const timeoutMs = 15_000;
    const env = { ...base, SHUTDOWN_TIMEOUT_MS: String(timeoutMs) };
    const serve = await startRole(env, ['serve']);
    const key = await createKey(env, ['--name', 'shutdown usage', '--patients', '100000', '--minute', '1000']);
    const job = await submitJob(serve.url, OPERATOR, JOB, 3);
    await waitRows(db, [job], (r) => r.status === 'running' && r.patients_generated > 0, 60_000);
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${serve.url}/api/v1/configurations/`, { headers: { 'X-API-Key': key.key } });
      await r.arrayBuffer();
      expect(r.status).toBe(200);
    }
    // ≈ 20 MB: far more than the socket buffers hold, so the response is still being written
    // while the client holds off reading until the server has begun shutting down.
    const stream = await openStream(serve.url, key.key, STREAM, true);

    const stopped = serve.signal('SIGTERM');
    expect(await refusesNewRequests(serve.url)).toBe(true);
    stream.resume();
    const body = await stream.rest;
    expect(body.error, `after ${body.lines} lines; ${serve.log()}`).toBeUndefined();
    expect(body.lines).toBe(STREAM);
    expect(JSON.parse(body.last)).toHaveProperty('id');
    const exit = await stopped;
    expect(exit.code, serve.log()).toBe(0);
    expect(exit.ms).toBeLessThan(timeoutMs);
    expect(serve.log()).not.toContain('shutdown took longer');

    const [requeued] = await jobRows(db, [job]);
    expect(requeued).toMatchObject({ status: 'queued', attempts: 0, current_step: 'requeued at shutdown' });
    expect(existsSync(join(ws.env.DATA_DIR ?? '', 'outputs', job))).toBe(false);
    // Counted in memory and written at the latest at shutdown: exact.
    expect(await usageOf(db, key.id)).toEqual({ requests: 6, patients: STREAM });

    // The worker role: SIGTERM while running the job → requeued again, exit 0 in time.
    const first = await startRole(env, ['worker'], worker);
    await waitRows(db, [job], (r) => r.status === 'running' && r.patients_generated > 0, 60_000);
    const workerExit = await first.signal('SIGTERM');
    expect(workerExit.code, first.log()).toBe(0);
    expect(workerExit.ms).toBeLessThan(timeoutMs);
    expect((await jobRows(db, [job]))[0]).toMatchObject({ status: 'queued', attempts: 0 });

    const second: Role = await startRole(env, ['worker'], worker);
    const [done] = await waitRows(db, [job], (r) => r.status === 'completed' || r.status === 'failed', 90_000);
    expect(done).toMatchObject({ status: 'completed', attempts: 1, summary: { total_patients: JOB } });
    expect((await fileFacts(join(ws.env.DATA_DIR ?? '', 'outputs', job, 'patients.csv'))).lines).toBe(JOB + 1);
    const idle = await second.signal('SIGTERM');
    expect(idle.code).toBe(0);
    expect(idle.ms).toBeLessThan(timeoutMs);
  }, 240_000);

  it('ends a stream that outlasts the deadline with an error line and still exits 0 within SHUTDOWN_TIMEOUT_MS with usage flushed', async () => {
    const timeoutMs = 4_000;
    const env = { ...base, SHUTDOWN_TIMEOUT_MS: String(timeoutMs) };
    const serve = await startRole(env, ['serve', '--no-workers']);
    const key = await createKey(env, ['--name', 'long stream', '--patients', '1000000']);
    const stream = await openStream(serve.url, key.key, 1_000_000);
    const stopped = serve.signal('SIGTERM');
    const body = await stream.rest;
    const exit = await stopped;
    expect(exit.code, serve.log()).toBe(0);
    expect(exit.ms).toBeLessThan(timeoutMs);
    // Stopped just before the drain deadline: whole patients, then a valid error line.
    expect(body.error).toBeUndefined();
    expect(body.lines).toBeLessThan(1_000_000);
    const tail = JSON.parse(body.last) as { error: { status_code?: number; detail?: unknown } };
    expect(JSON.stringify(tail.error)).toMatch(/shutting down/);
    expect(await usageOf(db, key.id)).toEqual({ requests: 1, patients: 1_000_000 });
  }, 120_000);
});
