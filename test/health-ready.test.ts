import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdConnections } from './faults-proxy.js';
import { startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

describe.each(testDatabaseKinds())('readiness under a saturated pool on $name', ({ name, url }) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url }); });
  afterAll(async () => { await s?.close(); });

  it('stays 200 while requests queue for connections and queries keep succeeding', async () => {
    expect((await s.call('/api/v1/health/ready', { key: null })).status).toBe(200);
    const { release } = await holdConnections(s, name === 'postgres' ? 5 : 1); // the test pool's max
    // One more query than there are connections: it waits in the pool's queue.
    const waiter = sql`select 1`.execute(s.deps.database.db);
    try {
      expect(s.deps.database.poolStats().waiting).toBeGreaterThanOrEqual(1);
      const started = performance.now();
      const r = await s.call('/api/v1/health/ready', { key: null });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ status: 'ready' });
      // Answered from the recent successes, not after the 2 s probe timeout.
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      await release();
      await waiter;
    }
  });

  it('probes again once the pool is free: concurrent callers share one answer', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => s.call('/api/v1/health/ready', { key: null })));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
  });
});
