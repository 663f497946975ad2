import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJob, scenario, submit, waitFor } from './jobs-helpers.js';
import { startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

interface Problem { path: string; message: string }

const ENCRYPTED = { configuration: scenario(5), output_formats: ['json'], use_encryption: true, encryption_password: 'correct horse battery' };

describe.each(testDatabaseKinds())('an API-only process (serve --no-workers) on $name', ({ url }) => {
  let api: TestServer;
  beforeAll(async () => { api = await startTestServer({ url, runWorkers: false }); });
  afterAll(async () => { await api.close(); });

  it('refuses an encrypted job with 422 naming use_encryption, and queues nothing', async () => {
    const before = (await (await api.call('/api/v1/jobs/')).json() as unknown[]).length;
    const r = await api.call('/api/v1/generation/', { method: 'POST', json: ENCRYPTED });
    const body = await r.json() as { detail: Problem[]; request_id: string };
    expect(r.status, JSON.stringify(body)).toBe(422);
    expect(body.detail).toEqual([{ path: 'use_encryption', message: expect.stringMatching(/does not run jobs.*password.*memory/) }]);
    expect(JSON.stringify(body)).not.toContain('correct horse');
    expect((await (await api.call('/api/v1/jobs/')).json() as unknown[]).length).toBe(before);
  });

  it('accepts the same job unencrypted and leaves it queued for the workers', async () => {
    const id = await submit(api, { ...ENCRYPTED, use_encryption: false, encryption_password: null });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await getJob(api, id)).status).toBe('queued');
  });
});

describe('a process that runs jobs', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(async () => { await s.close(); });

  it('accepts and completes an encrypted job', async () => {
    const id = await submit(s, ENCRYPTED);
    expect((await waitFor(s, id)).status).toBe('completed');
  });
});
