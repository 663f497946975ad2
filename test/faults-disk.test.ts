import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, scenario, submit, waitFor } from './jobs-helpers.js';
import { startTestServer, type TestServer } from './server-helpers.js';

/** A 2 MB tmpfs as OUTPUT_DIR (needs root); undefined where mounting is not allowed. */
async function tinyDisk(): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'medgen-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
}

const disk = await tinyDisk();

describe.skipIf(!disk)('disk full on OUTPUT_DIR', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { OUTPUT_DIR: disk as string } });
  });
  afterAll(async () => {
    await s?.close();
    try {
      execFileSync('umount', [disk as string], { stdio: 'ignore' });
    } finally {
      await rm(disk as string, { recursive: true, force: true });
    }
  });

  it('fails the job with a clear error, removes partial files and offers nothing for download', async () => {
    // About 3 KB a patient in JSON: 4,000 patients cannot fit in 2 MB.
    const id = await submit(s, { configuration: scenario(4_000), output_formats: ['json', 'csv'] });
    const job = await waitFor(s, id, undefined, 120_000);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^no space left on the output storage: .*partial ones were removed.*OUTPUT_DIR/);
    expect(job.error).not.toMatch(/ENOSPC|\/tmp\//); // readable, and no server path
    expect(job.output_files ?? []).toEqual([]);

    // The terminal event carries the same error.
    const events = await readEvents(await s.call(`/api/v1/jobs/${id}/events`));
    expect(events.at(-1)).toMatchObject({ status: 'failed', error: job.error });

    // Nothing half-written is left behind, nor offered.
    expect(await readdir(disk as string)).toEqual([]);
    const rows = await s.deps.database.db.selectFrom('job_outputs').selectAll().where('job_id', '=', id).execute();
    expect(rows).toEqual([]);
    for (const path of [`/api/v1/downloads/${id}`, `/api/v1/downloads/${id}?format=json`]) {
      const r = await s.call(path);
      expect(r.status).toBe(400);
      const body = await r.json() as { error: string; detail: string };
      expect(body.error).toBe('Bad Request');
      expect(body.detail).toMatch(/is failed/);
    }
    expect((await s.call(`/api/v1/jobs/${id}/results`)).status).toBe(400);
  });

  it('keeps serving: health answers, and a job that fits completes on the same disk', async () => {
    expect((await s.call('/api/v1/health/live', { key: null })).status).toBe(200);
    expect((await s.call('/api/v1/health/ready', { key: null })).status).toBe(200);
    const id = await submit(s, { configuration: scenario(50), output_formats: ['json'] });
    const job = await waitFor(s, id, undefined, 60_000);
    expect(job.status).toBe('completed');
    expect(job.summary?.total_patients).toBe(50);
    const r = await s.call(`/api/v1/downloads/${id}?format=json`);
    expect(r.status).toBe(200);
    expect((JSON.parse(await r.text()) as { patients: unknown[] }).patients).toHaveLength(50);
  });
});
