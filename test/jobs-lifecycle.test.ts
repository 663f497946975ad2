import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecryptStream } from '../src/formats/index.js';
import { getJob, scenario, submit, unzip, waitFor } from './jobs-helpers.js';
import { startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

describe.each(testDatabaseKinds())('job lifecycle on $name', ({ url }) => {
  let s: TestServer;
  // Every job here runs within a 64 MB heap: generation streams, memory stays flat.
  beforeAll(async () => { s = await startTestServer({ url, env: { MAX_CONCURRENT_JOBS: '1', JOB_MAX_MEMORY_MB: '64' } }); });
  afterAll(async () => { await s.close(); });

  it('cancels a running job within a second and removes its partial files', async () => {
    const id = await submit(s, { configuration: scenario(1_000_000), output_formats: ['json', 'csv'] });
    await waitFor(s, id, (j) => j.status === 'running' && j.progress_details.patients_generated > 0);
    const dir = join(s.config.outputDir, id);
    expect(existsSync(dir)).toBe(true);
    const t0 = performance.now();
    const r = await s.call(`/api/v1/jobs/${id}/cancel`, { method: 'POST' });
    const ms = performance.now() - t0;
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ job_id: id, status: 'cancelled' });
    expect(ms).toBeLessThan(1000);
    expect(existsSync(dir)).toBe(false);
    const job = await getJob(s, id);
    expect(job.status).toBe('cancelled');
    await new Promise((res) => setTimeout(res, 600));
    expect(existsSync(dir)).toBe(false); // the thread really stopped writing
    expect((await getJob(s, id)).progress_details.patients_generated).toBe(job.progress_details.patients_generated);
    const again = await s.call(`/api/v1/jobs/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { detail: string }).detail).toContain('already cancelled');
  });

  it('serves the queue by priority (high, normal, low) within the concurrency cap', async () => {
    const blocker = await submit(s, { configuration: scenario(1_000_000) });
    await waitFor(s, blocker, (j) => j.status === 'running');
    const low = await submit(s, { configuration: scenario(5), priority: 'low' });
    const normal = await submit(s, { configuration: scenario(5) });
    const high = await submit(s, { configuration: scenario(5), priority: 'high' });
    // MAX_CONCURRENT_JOBS=1: nothing else starts while the blocker runs.
    expect((await getJob(s, high)).status).toBe('queued');
    const health = await (await s.call('/api/v1/health', { key: null })).json() as { checks: { job_worker: { running: number; queued: number; capacity: number } } };
    expect(health.checks.job_worker).toMatchObject({ running: 1, queued: 3, capacity: 1 });
    await s.call(`/api/v1/jobs/${blocker}/cancel`, { method: 'POST' });
    const done = await Promise.all([high, normal, low].map((id) => waitFor(s, id)));
    expect(done.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);
    const starts = done.map((j) => Date.parse(j.started_at as string));
    expect(starts[0]).toBeLessThanOrEqual(starts[1] as number);
    expect(starts[1]).toBeLessThanOrEqual(starts[2] as number);
    expect(Date.parse(done[0]?.completed_at as string)).toBeLessThanOrEqual(starts[1] as number);
  });

  it('encrypts outputs with a password that is never stored', async () => {
    const password = 'correct horse battery';
    const id = await submit(s, { configuration: scenario(300), output_formats: ['json', 'xlsx'], use_encryption: true, encryption_password: password, use_compression: true });
    const job = await waitFor(s, id);
    expect(job.status).toBe('completed');
    expect(job.output_files?.map((f) => f.name)).toEqual(['patients.json.gz.enc', 'patients.xlsx.gz.enc']);
    const rows = await s.deps.database.db.selectFrom('jobs').selectAll().where('id', '=', id).execute();
    expect(JSON.stringify(rows)).not.toContain(password);
    const files = await unzip(Buffer.from(await (await s.call(`/api/v1/downloads/${id}`)).arrayBuffer()));
    const plain = await buffer(Readable.from([files.get('patients.json.gz.enc') as Buffer]).pipe(createDecryptStream(password)));
    const { gunzipSync } = await import('node:zlib');
    expect((JSON.parse(gunzipSync(plain).toString('utf8')) as { patients: unknown[] }).patients).toHaveLength(300);
  });

  it('deletes output files after the retention time, keeping the job', async () => {
    const id = await submit(s, { configuration: scenario(5) });
    await waitFor(s, id);
    expect(await s.jobs.cleanupExpired(new Date())).toEqual([]);
    const removed = await s.jobs.cleanupExpired(new Date(Date.now() + (s.config.outputRetentionHours + 1) * 3_600_000));
    expect(removed).toContain(id);
    expect(existsSync(join(s.config.outputDir, id))).toBe(false);
    expect((await getJob(s, id)).output_files).toEqual([]);
    const d = await s.call(`/api/v1/downloads/${id}`);
    expect(d.status).toBe(404);
    expect(((await d.json()) as { detail: string }).detail).toContain('expire');
  });
});
