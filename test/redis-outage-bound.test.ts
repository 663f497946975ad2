import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/index.js';
import { openTestDatabase } from '../src/db/test-databases.js';
import { targetOf, TcpProxy, until, viaProxy } from './faults-proxy.js';
import { uniquePrefix } from './keys-helpers.js';
import { closeTestDatabase, createTestKey, startTestServer, type TestServer } from './server-helpers.js';

const redisUrl = process.env.TEST_REDIS_URL;
const LIMIT = 10;

interface Health { checks: Record<string, { status: string; instances?: number }> }

describe.skipIf(!redisUrl)('a Redis outage does not multiply a key\'s limit (two instances, Redis cut through a proxy)', () => {
  let proxy: TcpProxy;
  let database: DatabaseHandle;
  let servers: TestServer[] = [];
  let key: string;

  beforeAll(async () => {
    proxy = await TcpProxy.start(targetOf(redisUrl as string, 6379));
    database = await openTestDatabase(process.env.TEST_DATABASE_URL);
    const env = { REDIS_URL: viaProxy(redisUrl as string, proxy), REDIS_KEY_PREFIX: uniquePrefix() };
    servers = [await startTestServer({ database, env }), await startTestServer({ database, env })];
    key = await createTestKey(servers[0] as TestServer, 'ten a minute', { requests_per_minute: LIMIT });
  });
  afterAll(async () => {
    proxy?.restore();
    for (const s of servers) await s.close();
    await closeTestDatabase(database);
    await proxy?.close();
  });

  const redisCheck = async (s: TestServer): Promise<{ status: string; instances?: number }> =>
    ((await (await s.call('/api/v1/health', { key: null })).json()) as Health).checks.redis ?? { status: 'absent' };

  /** `n` work requests (cheap: a submit refused by validation still counts in the windows) → how many were admitted. */
  async function admitted(s: TestServer, n: number): Promise<number> {
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const r = await s.call('/api/v1/generation/', { method: 'POST', json: { output_formats: ['nope'] }, key });
      await r.arrayBuffer();
      if (r.status !== 429) ok += 1;
    }
    return ok;
  }

  it('admits at most the limit in one minute across both instances: before, during and after the outage', async () => {
    for (const s of servers) await until('both instances known', async () => (await redisCheck(s)).instances === 2, 15_000);
    const [a, b] = servers as [TestServer, TestServer];
    const before = await admitted(a, 1) + await admitted(b, 1);
    expect(before).toBe(2);

    proxy.cut('refuse');
    for (const s of servers) await until('outage noticed', async () => (await redisCheck(s)).status === 'warning', 15_000);
    const during = await admitted(a, 15) + await admitted(b, 15);
    expect(during).toBeGreaterThan(0); // requests go on
    expect((await redisCheck(a)).status).toBe('warning');
    expect(before + during).toBeLessThanOrEqual(LIMIT);

    proxy.restore();
    for (const s of servers) await until('Redis back', async () => (await redisCheck(s)).status === 'healthy', 30_000);
    const after = await admitted(a, 15) + await admitted(b, 15);
    // The outage's counts were carried back into Redis: the minute is not started afresh.
    expect(before + during + after).toBeLessThanOrEqual(LIMIT);
    // Each instance admitted its half of what was left (4 + 4), and nothing is left after.
    expect([before, during, after]).toEqual([2, 8, 0]);
  }, 60_000);
});
