import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medgen, serve, workspace, type ServeProcess, type Workspace } from './keys-process.js';

const OPERATOR = 'scale-out-operator-key-0123456789';
const url = process.env.TEST_DATABASE_URL;

describe('roles: serve --no-workers and worker', () => {
  it('refuse to run without a shared database', async () => {
    const w = await workspace();
    try {
      const api = await medgen(['serve', '--no-workers'], w.env);
      expect(api.code).toBe(2);
      expect(api.stderr).toContain('--no-workers needs DATABASE_URL');
      const worker = await medgen(['worker'], w.env);
      expect(worker.code).toBe(2);
      expect(worker.stderr).toContain('medgen worker needs DATABASE_URL');
    } finally {
      await w.dispose();
    }
  });
});

describe('faults at start', () => {
  it('stops with a clear message and a non-zero exit when the database cannot be reached', async () => {
    const w = await workspace();
    try {
      const r = await medgen(['serve'], { ...w.env, DATABASE_URL: 'postgres://postgres:secret-pw@127.0.0.1:1/nowhere', AUTO_MIGRATE: 'true' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('medgen: cannot reach PostgreSQL at 127.0.0.1:1/nowhere (ECONNREFUSED)');
      expect(r.stderr).not.toContain('secret-pw');
      expect(r.stderr).not.toContain('    at ');
    } finally {
      await w.dispose();
    }
  });
});

describe.skipIf(!url)('scale-out on the real PostgreSQL', () => {
  let w: Workspace;
  let api: ServeProcess;
  const workers: ServeProcess[] = [];
  beforeAll(async () => {
    w = await workspace(url);
    const env = { ...w.env, API_KEY: OPERATOR, MAX_CONCURRENT_JOBS: '1' };
    expect((await medgen(['db', 'migrate'], env)).code).toBe(0);
    api = await serve(env, ['serve', '--no-workers']);
    for (let i = 0; i < 2; i++) workers.push(await serve(env, ['worker'], /worker started()/));
  });
  afterAll(async () => {
    await Promise.all([api, ...workers].filter(Boolean).map((p) => p.stop()));
    await w?.dispose();
  });

  it('queues jobs in the API process and completes them in the worker processes with exact counts', async () => {
    const headers = { 'X-API-Key': OPERATOR, 'Content-Type': 'application/json' };
    const counts = [120, 340, 560, 780];
    const ids: string[] = [];
    for (const n of counts) {
      const r = await fetch(`${api.url}/api/v1/generation/`, { method: 'POST', headers, body: JSON.stringify({ configuration: { total_patients: n, seed: n }, output_formats: ['ndjson'] }) });
      expect(r.status).toBe(201);
      ids.push(((await r.json()) as { job_id: string }).job_id);
    }
    const deadline = Date.now() + 90_000;
    let jobs: { status: string; summary?: { total_patients: number } }[] = [];
    while (Date.now() < deadline) {
      jobs = await Promise.all(ids.map(async (id) => (await fetch(`${api.url}/api/v1/jobs/${id}`, { headers })).json() as Promise<{ status: string; summary?: { total_patients: number } }>));
      if (jobs.every((j) => ['completed', 'failed', 'cancelled'].includes(j.status))) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(jobs.map((j) => j.status)).toEqual(counts.map(() => 'completed'));
    expect(jobs.map((j) => j.summary?.total_patients)).toEqual(counts);
    const zip = await fetch(`${api.url}/api/v1/downloads/${ids[0]}`, { headers });
    expect(zip.status).toBe(200);
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });
});
