import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeysServer, type KeysServer } from './keys-helpers.js';

// Route modules are registered one way (src/server/routes/index.ts): an app composed without a
// job service gets every other module, and the job routes are simply absent.

describe('an app composed without a job service', () => {
  let s: KeysServer;
  beforeAll(async () => { s = await startKeysServer(); });
  afterAll(async () => { await s.close(); });

  it('serves the other route modules (presets, configurations, keys, streaming)', async () => {
    expect((await s.call('/api/v1/presets/')).status).toBe(200);
    expect((await s.call('/api/v1/configurations/')).status).toBe(200);
    expect((await s.call('/api/v1/keys/me')).status).toBe(200);
    const stream = await s.call('/api/v1/streaming/generate?preset=training_exercise&count=3&format=ndjson');
    expect(stream.status).toBe(200);
    expect((await stream.text()).trim().split('\n')).toHaveLength(3);
  });

  it('has no job routes (404 naming the route) and says visualizations need jobs (503)', async () => {
    const submit = await s.call('/api/v1/generation/', { method: 'POST', json: { configuration: {} } });
    expect(submit.status).toBe(404);
    expect(await submit.json()).toMatchObject({ error: 'Not Found', detail: 'route POST /api/v1/generation/ not found' });
    expect((await s.call('/api/v1/jobs/')).status).toBe(404);
    const dashboard = await s.call('/api/v1/visualizations/dashboard-data?job_id=x');
    expect(dashboard.status).toBe(503);
    expect(await dashboard.json()).toMatchObject({ error: 'Service Unavailable', detail: 'jobs are not enabled on this server' });
  });
});
