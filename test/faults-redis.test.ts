import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metricValue, targetOf, TcpProxy, until, viaProxy } from './faults-proxy.js';
import { uniquePrefix } from './keys-helpers.js';
import { createTestKey, startTestServer, type TestServer } from './server-helpers.js';

const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!redisUrl)('Redis lost while running (behind a proxy)', () => {
  let proxy: TcpProxy;
  let s: TestServer;
  const logged: { level: string; text: string }[] = [];
  let cutAt = 0;
  let fallbackMs = 0;

  beforeAll(async () => {
    proxy = await TcpProxy.start(targetOf(redisUrl as string, 6379));
    s = await startTestServer({ env: { REDIS_URL: viaProxy(redisUrl as string, proxy), REDIS_KEY_PREFIX: uniquePrefix() } });
    for (const level of ['warn', 'info'] as const) {
      const original = s.app.log[level].bind(s.app.log);
      vi.spyOn(s.app.log, level).mockImplementation((...args: unknown[]) => {
        logged.push({ level, text: args.filter((a) => typeof a === 'string').join(' ') });
        return (original as (...a: unknown[]) => void)(...args);
      });
    }
  });
  afterAll(async () => {
    proxy?.restore();
    await s?.close();
    await proxy?.close();
  });

  const scrape = async (): Promise<string> => (await s.call('/metrics', { key: null })).text();

  it('falls back to in-memory windows with a warning and a metric, and limits still hold', async () => {
    expect(metricValue(await scrape(), 'rate_limit_store_up')).toBe(1);
    expect(metricValue(await scrape(), 'rate_limit_store_fallbacks_total')).toBe(0);

    proxy.cut('refuse');
    cutAt = performance.now();
    const text = await until('fallback noticed', async () => {
      const t = await scrape();
      return metricValue(t, 'rate_limit_store_up') === 0 ? t : undefined;
    }, 15_000);
    fallbackMs = performance.now() - cutAt;
    expect(metricValue(text, 'rate_limit_store_fallbacks_total')).toBe(1);
    const warning = logged.find((l) => l.level === 'warn' && /Redis unreachable/.test(l.text));
    expect(warning?.text).toMatch(/fall back to this process memory/);

    // Requests go on, counted in this process: a 3-per-minute key gets exactly 3.
    const key = await createTestKey(s, 'limited', { requests_per_minute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await s.call('/api/v1/streaming/generate?count=1&format=ndjson', { key });
      statuses.push(r.status);
      await r.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);

    const health = await s.call('/api/v1/health', { key: null });
    expect(health.status).toBe(200); // degraded, not down
    const body = await health.json() as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('warning');
    expect(body.checks.redis?.status).toBe('warning');
    expect((await s.call('/api/v1/health/ready', { key: null })).status).toBe(200);
  });

  it('notices Redis coming back: the gauge returns to 1 and it is logged once', async () => {
    proxy.restore();
    const restoredAt = performance.now();
    const text = await until('Redis back', async () => {
      const t = await scrape();
      return metricValue(t, 'rate_limit_store_up') === 1 ? t : undefined;
    }, 30_000);
    const backMs = performance.now() - restoredAt;
    expect(metricValue(text, 'rate_limit_store_fallbacks_total')).toBe(1);
    expect(logged.filter((l) => l.level === 'info' && /Redis reachable again/.test(l.text))).toHaveLength(1);
    expect(logged.filter((l) => l.level === 'warn' && /Redis unreachable/.test(l.text))).toHaveLength(1);
    expect((await s.call('/api/v1/health', { key: null })).status).toBe(200);
    console.log(`Redis cut: outage ${((restoredAt - cutAt) / 1000).toFixed(2)} s; fallback noticed ${(fallbackMs / 1000).toFixed(2)} s after the cut; `
      + `Redis in use again ${(backMs / 1000).toFixed(2)} s after the restore`);
  });
});
