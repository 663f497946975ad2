import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, limiterKinds, startKeysServer, testDatabaseKinds, uniquePrefix, type KeysServer } from './keys-helpers.js';

const kinds = testDatabaseKinds().flatMap((db) => limiterKinds().map((l) => ({ ...l, db: db.name, url: db.url })));

async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(responses)).map((r) => r.status);
}

describe.each(kinds)('key limits on $db with $store windows', ({ url, redisUrl }) => {
  let s: KeysServer;
  beforeAll(async () => { s = await startKeysServer({ url, redisUrl, redisPrefix: uniquePrefix() }); });
  afterAll(async () => { await s.close(); });

  it('sends the informational headers with every accepted request', async () => {
    const first = await s.call('/test/ping', { key: DEMO });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-api-key-type')).toBe('demo');
    expect(first.headers.get('x-patient-limit')).toBe('50');
    expect(first.headers.get('x-daily-limit')).toBe('100');
    expect(first.headers.get('x-daily-usage')).toBe('1');
    expect(first.headers.get('ratelimit-limit')).toBe('10');
    expect(first.headers.get('ratelimit-remaining')).toBe('9');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
    const second = await s.call('/test/ping', { key: DEMO });
    expect(second.headers.get('x-daily-usage')).toBe('2');
    expect(second.headers.get('ratelimit-remaining')).toBe('8');

    const { key } = await s.createKey({ limits: { requests_per_minute: 100, requests_per_hour: 1000 } });
    const live = await s.call('/test/ping', { key });
    expect(live.headers.get('x-api-key-type')).toBe('live');
    expect(live.headers.get('x-patient-limit')).toBe('1000');
    expect(live.headers.get('x-daily-limit')).toBe('unlimited');
    expect(live.headers.get('x-daily-usage')).toBe('1');
    expect(live.headers.get('ratelimit-limit')).toBe('100');
  });

  it('refuses missing, unknown, inactive and expired keys with X-Key-Status', async () => {
    const missing = await s.call('/test/ping', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-key-status')).toBe('missing');
    expect(missing.headers.get('www-authenticate')).toBe('ApiKey');
    expect(await missing.json()).toMatchObject({ error: 'Unauthorized' });

    const invalid = await s.call('/test/ping', { key: 'sk_live_' + '0'.repeat(56) });
    expect(invalid.status).toBe(401);
    expect(invalid.headers.get('x-key-status')).toBe('invalid');
    expect(invalid.headers.get('www-authenticate')).toBeNull();

    const inactive = await s.createKey();
    await s.service.setActive(inactive.id, false);
    const r1 = await s.call('/test/ping', { key: inactive.key });
    expect(r1.status).toBe(401);
    expect(r1.headers.get('x-key-status')).toBe('inactive');

    const expiring = await s.createKey({ expiresDays: 1 });
    expect((await s.call('/test/ping', { key: expiring.key })).status).toBe(200);
    await s.database.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expiring.id).execute();
    s.deps.authenticator.forget();
    const r2 = await s.call('/test/ping', { key: expiring.key });
    expect(r2.status).toBe(401);
    expect(r2.headers.get('x-key-status')).toBe('expired');
  });

  it('admits exactly the per-minute limit, then 429 with Retry-After and X-Limit-Type', async () => {
    const { key } = await s.createKey({ limits: { requests_per_minute: 3 } });
    for (let i = 0; i < 3; i++) expect((await s.call('/test/ping', { key })).status).toBe(200);
    const refused = await s.call('/test/ping', { key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-limit-type')).toBe('requests_per_minute');
    expect(refused.headers.get('x-limit-value')).toBe('3');
    const retry = Number(refused.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const body = await refused.json() as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'Too Many Requests', detail: 'Rate limit exceeded: 3 requests per minute' });
    expect(body.request_id).toBe(refused.headers.get('x-request-id'));
  });

  it('admits exactly the per-hour and per-day limits', async () => {
    const hourly = await s.createKey({ limits: { requests_per_minute: 100, requests_per_hour: 4 } });
    expect(await statuses([1, 2, 3, 4].map(() => s.call('/test/ping', { key: hourly.key })))).toEqual([200, 200, 200, 200]);
    const h = await s.call('/test/ping', { key: hourly.key });
    expect(h.status).toBe(429);
    expect(h.headers.get('x-limit-type')).toBe('requests_per_hour');
    expect(Number(h.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(Number(h.headers.get('retry-after'))).toBeGreaterThan(60);

    const daily = await s.createKey({ limits: { requests_per_day: 2 } });
    const ok = await s.call('/test/ping', { key: daily.key });
    expect(ok.headers.get('x-daily-limit')).toBe('2');
    expect(ok.headers.get('ratelimit-limit')).toBe('2');
    expect((await s.call('/test/ping', { key: daily.key })).headers.get('x-daily-usage')).toBe('2');
    const d = await s.call('/test/ping', { key: daily.key });
    expect(d.status).toBe(429);
    expect(d.headers.get('x-limit-type')).toBe('requests_per_day');
    const now = Date.now();
    const untilMidnight = Math.ceil((86_400_000 - (now % 86_400_000)) / 1000);
    expect(Math.abs(Number(d.headers.get('retry-after')) - untilMidnight)).toBeLessThanOrEqual(2);
  });

  it('checks patients per request with the limit inclusive', async () => {
    const ok = await s.call('/test/patients', { key: DEMO, method: 'POST', json: { count: 50 } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ accepted: 50 });
    const over = await s.call('/test/patients', { key: DEMO, method: 'POST', json: { count: 51 } });
    expect(over.status).toBe(400);
    expect(over.headers.get('x-limit-type')).toBe('patients_per_request');
    expect(over.headers.get('x-limit-value')).toBe('50');
    expect(over.headers.get('x-requested')).toBe('51');
    expect(await over.json()).toMatchObject({ error: 'Bad Request', detail: 'Requested 51 patients exceeds limit of 50' });
  });

  it('keeps a daily patient quota, giving back what a refused request asked for', async () => {
    const { key } = await s.createKey({ limits: { patients_per_day: 100 } });
    const post = (count: number) => s.call('/test/patients', { key, method: 'POST', json: { count } });
    expect((await post(60)).status).toBe(200);
    const refused = await post(41);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-limit-type')).toBe('patients_per_day');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post(40)).status).toBe(200);
    expect((await post(1)).status).toBe(429);
    expect((await post(0)).status).toBe(200);
  });

  it('applies the windows before the body is read or validated', async () => {
    const { key } = await s.createKey({ limits: { requests_per_minute: 1 } });
    const invalid = { key, method: 'POST', json: { count: 'many' } };
    expect((await s.call('/test/patients', invalid)).status).toBe(422);
    expect((await s.call('/test/patients', invalid)).status).toBe(429);
    expect((await s.call('/test/patients', { ...invalid, key: null })).status).toBe(401);
  });

  it('admits exactly 60 of 200 parallel requests on a 60/minute key', async () => {
    const { key } = await s.createKey({ limits: { requests_per_minute: 60 } });
    const codes = await statuses(Array.from({ length: 200 }, () => s.call('/test/ping', { key })));
    expect(codes.filter((c) => c === 200)).toHaveLength(60);
    expect(codes.filter((c) => c === 429)).toHaveLength(140);
  });

  it('counts refusals by limit type in the metrics', async () => {
    const text = await (await s.call('/metrics', { key: null })).text();
    expect(text).toMatch(/rate_limit_rejections_total\{limit_type="requests_per_minute"\} ([1-9]\d*)/);
    expect(text).toMatch(/rate_limit_rejections_total\{limit_type="patients_per_request"\} 1/);
    expect(text).toMatch(/rate_limit_rejections_total\{limit_type="patients_per_day"\} 2/);
  });

  it('records requests, patients and bytes per key and UTC day, and last use', async () => {
    const { key, id } = await s.createKey();
    const before = Date.now();
    for (const count of [5, 7]) expect((await s.call('/test/patients', { key, method: 'POST', json: { count } })).status).toBe(200);
    const ping = await s.call('/test/ping', { key });
    const body = await ping.text();
    await s.app.keyLimits.usage.flush();
    const rows = await s.database.db.selectFrom('api_key_usage').selectAll().where('key_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.requests)).toBe(3);
    expect(Number(rows[0]?.patients)).toBe(12);
    expect(Number(rows[0]?.bytes)).toBeGreaterThan(body.length * 3);
    const day = await sql<{ d: string }>`select to_char(day, 'YYYY-MM-DD') as d from api_key_usage where key_id = ${id}`.execute(s.database.db);
    expect(day.rows[0]?.d).toBe(new Date().toISOString().slice(0, 10));
    const row = await s.database.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.last_used_at?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe.each(testDatabaseKinds())('usage counts on $name', ({ url }) => {
  it('are exact after a graceful shutdown, though nothing was flushed before', async () => {
    const s = await startKeysServer({ url, usageFlushMs: 3_600_000 });
    const { key, id } = await s.createKey({ limits: { requests_per_minute: 1000 } });
    const codes = await statuses(Array.from({ length: 40 }, (_, i) => s.call('/test/patients', { key, method: 'POST', json: { count: i } })));
    expect(codes.every((c) => c === 200)).toBe(true);
    expect(await s.database.db.selectFrom('api_key_usage').selectAll().where('key_id', '=', id).execute()).toHaveLength(0);
    await s.close(false);
    const rows = await s.database.db.selectFrom('api_key_usage').selectAll().where('key_id', '=', id).execute();
    expect(Number(rows[0]?.requests)).toBe(40);
    expect(Number(rows[0]?.patients)).toBe((39 * 40) / 2);
    await s.database.close();
  });
});
