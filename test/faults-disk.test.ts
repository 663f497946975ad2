import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killLeftovers, startRole, type Role } from './cluster-helpers.js';
import { readEvents, scenario, type Job } from './jobs-helpers.js';
import { OPERATOR, startTestServer, type TestServer } from './server-helpers.js';

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

/** The same 2 MB without root: a `medgen serve` whose writes under OUTPUT_DIR fail with ENOSPC past it. */
const STUB = new URL('./faults-full-disk.mjs', import.meta.url).pathname;
const CAPACITY = 2 * 1024 * 1024;

type Call = (path: string, init?: { method?: string; json?: unknown }) => Promise<Response>;

interface Disk {
  call: Call;
  outputDir: string;
  close(): Promise<void>;
}

async function submitJob(call: Call, total: number, formats: string[]): Promise<string> {
  const r = await call('/api/v1/generation/', { method: 'POST', json: { configuration: scenario(total), output_formats: formats } });
  if (r.status !== 201) throw new Error(`submit → ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { job_id: string }).job_id;
}

async function finished(call: Call, id: string, timeoutMs: number): Promise<Job> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await (await call(`/api/v1/jobs/${id}`)).json() as Job;
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The same checks on a real tmpfs and on the stub. */
function fullDiskChecks(name: string, open: () => Promise<Disk | undefined>): void {
  describe(`disk full on OUTPUT_DIR (${name})`, () => {
    let d: Disk;
    beforeAll(async () => {
      const disk = await open();
      if (!disk) throw new Error(`${name}: no disk`);
      d = disk;
    });
    afterAll(async () => {
      await d?.close();
    });

    it('fails the job with a clear error, removes partial files and offers nothing for download', async () => {
      // About 3 KB a patient in JSON: 4,000 patients cannot fit in 2 MB.
      const started = performance.now();
      const id = await submitJob(d.call, 4_000, ['json', 'csv']);
      const job = await finished(d.call, id, 120_000);
      const failedAfter = (performance.now() - started) / 1000;
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/^no space left on the output storage: .*partial ones were removed.*OUTPUT_DIR/);
      expect(job.error).not.toMatch(/ENOSPC|\/tmp\//); // readable, and no server path
      expect(job.output_files ?? []).toEqual([]);

      // The terminal event carries the same error.
      const events = await readEvents(await d.call(`/api/v1/jobs/${id}/events`));
      expect(events.at(-1)).toMatchObject({ status: 'failed', error: job.error });

      // Nothing half-written is left behind, nor offered.
      expect(await readdir(d.outputDir)).toEqual([]);
      for (const path of [`/api/v1/downloads/${id}`, `/api/v1/downloads/${id}?format=json`]) {
        const r = await d.call(path);
        expect(r.status).toBe(400);
        const body = await r.json() as { error: string; detail: string };
        expect(body.error).toBe('Bad Request');
        expect(body.detail).toMatch(/is failed/);
      }
      expect((await d.call(`/api/v1/jobs/${id}/results`)).status).toBe(400);
      console.log(`full disk (${name}): the 4,000-patient job failed ${failedAfter.toFixed(1)} s after its submit, nothing left on the disk`);
    });

    it('keeps serving: health answers, and a job that fits completes on the same disk', async () => {
      expect((await d.call('/api/v1/health/live')).status).toBe(200);
      expect((await d.call('/api/v1/health/ready')).status).toBe(200);
      const id = await submitJob(d.call, 50, ['json']);
      const job = await finished(d.call, id, 60_000);
      expect(job.status).toBe('completed');
      expect(job.summary?.total_patients).toBe(50);
      const r = await d.call(`/api/v1/downloads/${id}?format=json`);
      expect(r.status).toBe(200);
      expect((JSON.parse(await r.text()) as { patients: unknown[] }).patients).toHaveLength(50);
    });
  });
}

// Decided while the file loads, so that no variant is registered only to be skipped (the
// campaign fails on a skipped test): the tmpfs where mounting is allowed, the stub everywhere.
const mounted = await tinyDisk();

if (mounted) {
  fullDiskChecks('a 2 MB tmpfs', async () => {
    const s: TestServer = await startTestServer({ env: { OUTPUT_DIR: mounted } });
    return {
      call: (path, init) => s.call(path, init),
      outputDir: mounted,
      async close() {
        await s.close();
        try {
          execFileSync('umount', [mounted], { stdio: 'ignore' });
        } finally {
          await rm(mounted, { recursive: true, force: true });
        }
      },
    };
  });
}

fullDiskChecks('a storage stub failing with ENOSPC past 2 MB', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'medgen-stub-disk-'));
  const outputDir = join(dataDir, 'outputs');
  const role: Role = await startRole({
    DATA_DIR: dataDir, OUTPUT_DIR: outputDir, API_KEY: OPERATOR, MEDGEN_OWNER_KEY: 'false',
    MEDGEN_TEST_FULL_DIR: outputDir, MEDGEN_TEST_FULL_BYTES: String(CAPACITY),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${STUB}`.trim(),
  }, ['serve']);
  return {
    call: (path, init = {}) => fetch(role.url + path, {
      method: init.method,
      headers: { 'X-API-Key': OPERATOR, ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    }),
    outputDir,
    async close() {
      await role.signal('SIGTERM');
      killLeftovers();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
