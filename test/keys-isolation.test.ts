import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, OPERATOR, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

async function newKey(s: TestServer, name: string, limits: Record<string, number | null> = {}): Promise<string> {
  const r = await s.call('/api/v1/admin/keys/', { method: 'POST', json: { name, limits: { requests_per_minute: 1000, ...limits } } });
  expect(r.status).toBe(201);
  return (await r.json() as { key: string }).key;
}

async function waitTerminal(s: TestServer, id: string, key: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const job = await (await s.call(`/api/v1/jobs/${id}`, { key })).json() as { status: string };
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return job.status;
    await new Promise((r) => setTimeout(r, 250));
  }
  return 'timeout';
}

describe.each(testDatabaseKinds())('keys keep tenants apart and limit patients on the real routes, on $name', ({ url }) => {
  let s: TestServer;
  let a: string;
  let b: string;
  let scenario: Record<string, unknown>;
  beforeAll(async () => {
    s = await startTestServer({ url });
    [a, b] = await Promise.all([newKey(s, 'tenant A'), newKey(s, 'tenant B')]);
    scenario = (await (await s.call('/api/v1/presets/training_exercise', { key: null })).json() as { generation_config: Record<string, unknown> }).generation_config;
  });
  afterAll(async () => { await s.close(); });

  it('keeps configurations to their key (404 for another key, visible to admins)', async () => {
    const created = await s.call('/api/v1/configurations/', { key: a, method: 'POST', json: { ...scenario, name: 'A only' } });
    expect(created.status).toBe(201);
    const { id } = await created.json() as { id: string };
    for (const [method, path] of [['GET', ''], ['PUT', ''], ['DELETE', ''], ['GET', '/versions']] as const) {
      const r = await s.call(`/api/v1/configurations/${id}${path}`, { key: b, method, ...(method === 'PUT' ? { json: { ...scenario, name: 'hijack' } } : {}) });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    const listB = await (await s.call('/api/v1/configurations/', { key: b })).json() as { id: string }[];
    expect(listB.map((c) => c.id)).not.toContain(id);
    expect((await s.call(`/api/v1/configurations/${id}`, { key: a })).status).toBe(200);
    expect((await s.call(`/api/v1/configurations/${id}`, { key: OPERATOR })).status).toBe(200);
    const viaB = await s.call('/api/v1/generation/', { key: b, method: 'POST', json: { configuration_id: id, total_patients: 5 } });
    expect(viaB.status).toBe(404);
  });

  it('keeps jobs and their outputs to their key', async () => {
    const r = await s.call('/api/v1/generation/', { key: a, method: 'POST', json: { configuration: scenario, total_patients: 5 } });
    expect(r.status).toBe(201);
    const { job_id: id } = await r.json() as { job_id: string };
    expect(await waitTerminal(s, id, a)).toBe('completed');
    for (const [method, path] of [['GET', `/api/v1/jobs/${id}`], ['GET', `/api/v1/jobs/${id}/events`], ['GET', `/api/v1/jobs/${id}/results`],
      ['GET', `/api/v1/downloads/${id}`], ['POST', `/api/v1/jobs/${id}/cancel`], ['DELETE', `/api/v1/jobs/${id}`]] as const) {
      const res = await s.call(path, { key: b, method });
      expect(res.status, `${method} ${path}`).toBe(404);
      await res.body?.cancel();
    }
    const listB = await (await s.call('/api/v1/jobs/', { key: b })).json() as { job_id: string }[];
    expect(listB.map((j) => j.job_id)).not.toContain(id);
    expect((await s.call(`/api/v1/jobs/${id}`, { key: OPERATOR })).status).toBe(200);
    const download = await s.call(`/api/v1/downloads/${id}`, { key: a });
    expect(download.status).toBe(200);
    await download.arrayBuffer();
  });

  it('applies patients per request (inclusive) to generation and streaming', async () => {
    const over = await s.call('/api/v1/generation/', { key: DEMO, method: 'POST', json: { configuration: scenario, total_patients: 51 } });
    expect(over.status).toBe(400);
    expect(over.headers.get('x-limit-type')).toBe('patients_per_request');
    expect(over.headers.get('x-limit-value')).toBe('50');
    expect(over.headers.get('x-requested')).toBe('51');
    expect(await over.json()).toMatchObject({ detail: 'Requested 51 patients exceeds limit of 50' });
    const at = await s.call('/api/v1/generation/', { key: DEMO, method: 'POST', json: { configuration: scenario, total_patients: 50 } });
    expect(at.status).toBe(201);

    const streamOver = await s.call('/api/v1/streaming/generate?preset=training_exercise&count=51', { key: DEMO });
    expect(streamOver.status).toBe(400);
    expect(streamOver.headers.get('x-requested')).toBe('51');
    const streamAt = await s.call('/api/v1/streaming/generate?preset=training_exercise&count=50&format=ndjson', { key: DEMO });
    expect(streamAt.status).toBe(200);
    expect((await streamAt.text()).trim().split('\n')).toHaveLength(50);
  });

  it('counts generated and streamed patients against the daily patient quota', async () => {
    const key = await newKey(s, 'quota', { patients_per_day: 10 });
    expect((await s.call('/api/v1/generation/', { key, method: 'POST', json: { configuration: scenario, total_patients: 6 } })).status).toBe(201);
    const refused = await s.call('/api/v1/streaming/generate?preset=training_exercise&count=5&format=ndjson', { key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-limit-type')).toBe('patients_per_day');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const ok = await s.call('/api/v1/streaming/generate?preset=training_exercise&count=4&format=ndjson', { key });
    expect(ok.status).toBe(200);
    await ok.text();
    await s.app.keyLimits.usage.flush();
    const usage = await (await s.call('/api/v1/admin/keys/?search=quota')).json() as { usage: { patients: number; requests: number } }[];
    expect(usage[0]?.usage).toMatchObject({ patients: 10, requests: 3 });
  });
});
