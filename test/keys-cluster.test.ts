import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { medgen, serve, workspace } from './keys-process.js';
import { uniquePrefix } from './keys-helpers.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!databaseUrl || !redisUrl)('two medgen serve processes sharing PostgreSQL and Redis', () => {
  it('share one window per key (exactly 60 of 200 parallel on a 60/minute key) and count usage exactly', async () => {
    const ws = await workspace(databaseUrl);
    const env = { ...ws.env, REDIS_URL: redisUrl ?? '', REDIS_KEY_PREFIX: uniquePrefix() };
    try {
      const migrate = await medgen(['db', 'migrate'], env);
      expect(migrate.code, migrate.stderr).toBe(0);
      const [one, two] = await Promise.all([serve(env), serve(env)]);
      try {
        const create = async (name: string) => {
          const created = await medgen(['keys', 'create', '--name', name, '--minute', '60', '--format', 'json'], env);
          expect(created.code, created.stderr).toBe(0);
          return JSON.parse(created.stdout) as { key: string; id: string };
        };
        const [first, second] = [await create('one then two'), await create('both at once')];
        const get = async (url: string, key: string) => {
          const r = await fetch(`${url}/api/v1/streaming/generate?count=1&format=ndjson`, { headers: { 'X-API-Key': key } });
          await r.arrayBuffer();
          return r;
        };
        // 40 admitted by one instance leave 20 for the other.
        for (let i = 0; i < 40; i++) expect((await get(one.url, first.key)).status).toBe(200);
        const rest = await Promise.all(Array.from({ length: 100 }, () => get(two.url, first.key)));
        expect(rest.filter((r) => r.status === 200)).toHaveLength(20);
        expect(rest.find((r) => r.status === 429)?.headers.get('x-limit-type')).toBe('requests_per_minute');

        const split = await Promise.all(Array.from({ length: 200 }, (_, i) => get((i % 2 ? one : two).url, second.key)));
        expect(split.filter((r) => r.status === 200)).toHaveLength(60);
        expect(split.filter((r) => r.status === 429)).toHaveLength(140);

        expect(await one.stop()).toBe(0);
        expect(await two.stop()).toBe(0);
        const client = new pg.Client({ connectionString: ws.databaseUrl });
        await client.connect();
        try {
          const r = await client.query<{ key_id: string; requests: string }>('select key_id, sum(requests)::text as requests from api_key_usage group by key_id');
          const counted = new Map(r.rows.map((row) => [row.key_id, Number(row.requests)]));
          expect(counted.get(first.id)).toBe(60);
          expect(counted.get(second.id)).toBe(60);
        } finally {
          await client.end();
        }
      } finally {
        await Promise.all([one.stop(), two.stop()]);
      }
    } finally {
      await ws.dispose();
    }
  }, 300_000);
});
