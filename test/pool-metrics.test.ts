import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdConnections, metricValue, until } from './faults-proxy.js';
import { startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

async function scrape(s: TestServer): Promise<string> {
  const r = await s.call('/metrics', { key: null });
  expect(r.status).toBe(200);
  return r.text();
}

describe.each(testDatabaseKinds())('pool metrics fed by the real pool on $name', ({ name, url }) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url }); });
  afterAll(async () => { await s?.close(); });

  it('times real queries: db_query_duration_seconds counts grow with requests', async () => {
    const before = metricValue(await scrape(s), 'db_query_duration_seconds_count') ?? 0;
    for (let i = 0; i < 5; i++) {
      expect((await s.call('/api/v1/configurations/', { method: 'POST', json: { name: `c${i}`, config: { total_patients: 10, seed: i + 1 } } })).status).toBe(201);
      expect((await s.call('/api/v1/jobs/')).status).toBe(200);
    }
    const text = await scrape(s);
    const after = metricValue(text, 'db_query_duration_seconds_count') ?? 0;
    // Each of the 10 requests ran at least one query of its own (insert or list).
    expect(after - before).toBeGreaterThanOrEqual(10);
    expect(metricValue(text, 'db_query_duration_seconds_sum')).toBeGreaterThan(0);
    expect(metricValue(text, 'db_query_duration_seconds_bucket{le="+Inf"}')).toBe(after);
  });

  it('active, idle and waiting gauges show the pool as it is at the scrape', async () => {
    const { db } = s.deps.database;
    // Hold connections open (each in a transaction) and scrape meanwhile.
    const hold = name === 'postgres' ? 3 : 1;
    const { release } = await holdConnections(s, hold);
    // One more query than there are free connections on PGlite (one connection): it waits.
    const waiter = name === 'pglite' ? sql`select 1`.execute(db) : undefined;
    try {
      const text = await scrape(s);
      const pool = s.deps.database.poolStats();
      expect(metricValue(text, 'db_connections_active')).toBeGreaterThanOrEqual(hold);
      expect(metricValue(text, 'db_connections_total')).toBeGreaterThanOrEqual(hold);
      const total = metricValue(text, 'db_connections_total') as number;
      expect((metricValue(text, 'db_connections_idle') as number) + (metricValue(text, 'db_connections_active') as number)).toBe(total);
      expect(total).toBeLessThanOrEqual(name === 'postgres' ? 5 : 1); // the test pool's max
      expect(pool.in_use).toBeGreaterThanOrEqual(hold);
      if (waiter) expect(metricValue(text, 'db_connections_waiting')).toBeGreaterThanOrEqual(1);
    } finally {
      await release();
      await waiter;
    }
    // Released: the same connections are idle now (background work may hold one briefly).
    const text = await until('connections released', async () => {
      const t = await scrape(s);
      return (metricValue(t, 'db_connections_active') ?? 99) < hold ? t : undefined;
    });
    expect(metricValue(text, 'db_connections_idle')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'db_connections_waiting')).toBe(0);
    expect(metricValue(text, 'db_up')).toBe(1);
  });

  it('/api/v1/health/database reports the same pool', async () => {
    const r = await s.call('/api/v1/health/database', { key: null });
    expect(r.status).toBe(200);
    const body = await r.json() as { pool: { size: number; idle: number; in_use: number; waiting: number } };
    expect(body.pool.size).toBeGreaterThanOrEqual(1);
    expect(body.pool.idle + body.pool.in_use).toBe(body.pool.size);
  });
});
