import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/db/test-databases.js';
import { startKeysServer, uniquePrefix } from './keys-helpers.js';

const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!redisUrl)('request windows shared through Redis by two servers', () => {
  it('admit exactly 60 of 200 parallel requests spread over two servers on one database', async () => {
    const database = await openTestDatabase(process.env.TEST_DATABASE_URL);
    const prefix = uniquePrefix();
    const one = await startKeysServer({ database, redisUrl, redisPrefix: prefix });
    const two = await startKeysServer({ database, redisUrl, redisPrefix: prefix });
    try {
      const { key } = await one.createKey({ limits: { requests_per_minute: 60 } });
      const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).call('/test/ping', { key })));
      const codes = responses.map((r) => r.status);
      expect(codes.filter((c) => c === 200)).toHaveLength(60);
      expect(codes.filter((c) => c === 429)).toHaveLength(140);
      // Each instance served some of the 60.
      expect(responses.filter((r, i) => i % 2 === 1 && r.status === 200).length).toBeGreaterThan(0);
      expect(responses.filter((r, i) => i % 2 === 0 && r.status === 200).length).toBeGreaterThan(0);
      const health = await (await one.call('/api/v1/health', { key: null })).json() as { checks: Record<string, { status: string }> };
      expect(health.checks.redis?.status).toBe('healthy');
    } finally {
      await one.close(false);
      await two.close(false);
      await database.close();
    }
  });
});
