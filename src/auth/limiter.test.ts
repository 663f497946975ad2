import { describe, expect, it } from 'vitest';
import { createKeyLimiter, DEFAULT_KEY_LIMITS, type KeyLimits } from './index.js';

const limits = (l: Partial<KeyLimits>): KeyLimits => ({ ...DEFAULT_KEY_LIMITS, ...l });
const redisUrl = process.env.TEST_REDIS_URL;
/** The stores a limiter can count in: memory always, Redis when TEST_REDIS_URL is set. */
const stores = [{ store: 'memory', redisUrl: undefined as string | undefined }, ...(redisUrl ? [{ store: 'redis', redisUrl }] : [])];
/** A Redis key prefix of its own per test, so runs and files never share counters. */
const uniquePrefix = () => `medgen-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

describe.each(stores)('key limiter in $store', ({ redisUrl: url }) => {
  it('gives back the points of a refused request, so it does not eat the longer windows', async () => {
    const limiter = await createKeyLimiter({ redisUrl: url, keyPrefix: uniquePrefix() });
    try {
      const tight = limits({ requests_per_minute: 2, requests_per_hour: 5 });
      const results = [];
      for (let i = 0; i < 12; i++) results.push((await limiter.checkRequest('k1', tight)).ok);
      expect(results.filter(Boolean)).toHaveLength(2);
      // Were the ten refusals counted, the hour would be full; it holds the two admitted only.
      const loose = limits({ requests_per_minute: 100, requests_per_hour: 5 });
      const more = [];
      for (let i = 0; i < 4; i++) more.push(await limiter.checkRequest('k1', loose));
      expect(more.map((d) => d.ok)).toEqual([true, true, true, false]);
      const last = more[3];
      expect(last?.ok === false && last.refused.type).toBe('requests_per_hour');
      expect(last?.windows.find((w) => w.type === 'requests_per_hour')?.used).toBe(5);
    } finally {
      await limiter.close();
    }
  });

  it('keeps keys apart and reports every window', async () => {
    const limiter = await createKeyLimiter({ redisUrl: url, keyPrefix: uniquePrefix() });
    try {
      await limiter.checkRequest('a', limits({}));
      const d = await limiter.checkRequest('b', limits({ requests_per_day: 10 }));
      expect(d.ok).toBe(true);
      expect(d.windows.map((w) => [w.type, w.used, w.limit])).toEqual([
        ['requests_per_minute', 1, 60], ['requests_per_hour', 1, 1000], ['requests_per_day', 1, 10],
      ]);
      expect(await limiter.checkPatients('c', 7, null)).toEqual({ ok: true, used: 7 });
      expect(await limiter.checkPatients('b', 7, 10)).toEqual({ ok: true, used: 7 });
      expect((await limiter.checkPatients('b', 4, 10)).ok).toBe(false);
      expect(await limiter.checkPatients('b', 3, 10)).toEqual({ ok: true, used: 10 });
      expect((await limiter.ping()).ok).toBe(true);
    } finally {
      await limiter.close();
    }
  });
});

describe.skipIf(!redisUrl)('windows shared through Redis', () => {
  it('admit exactly 60 of 200 parallel requests spread over two limiters (two instances)', async () => {
    const prefix = uniquePrefix();
    const [a, b] = await Promise.all([createKeyLimiter({ redisUrl, keyPrefix: prefix }), createKeyLimiter({ redisUrl, keyPrefix: prefix })]);
    try {
      const l = limits({ requests_per_minute: 60 });
      const decisions = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).checkRequest('shared', l)));
      expect(decisions.filter((d) => d.ok)).toHaveLength(60);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('an unreachable Redis', () => {
  it('does not stop requests: windows are counted in memory meanwhile', async () => {
    const limiter = await createKeyLimiter({ redisUrl: 'redis://127.0.0.1:1', keyPrefix: uniquePrefix(), connectWaitMs: 200 });
    try {
      expect(limiter.store).toBe('redis');
      const l = limits({ requests_per_minute: 3 });
      const oks = [];
      for (let i = 0; i < 5; i++) oks.push((await limiter.checkRequest('k', l)).ok);
      expect(oks).toEqual([true, true, true, false, false]);
      expect((await limiter.ping()).ok).toBe(false);
    } finally {
      await limiter.close();
    }
  });
});
