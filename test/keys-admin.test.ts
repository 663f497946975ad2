import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, OPERATOR, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

const BASE = '/api/v1/admin/keys';

interface KeyBody {
  id: string; key_prefix: string; name: string; email: string | null; status: string; is_active: boolean; is_demo: boolean; is_admin: boolean;
  limits: Record<string, number | null>; expires_at: string | null; last_used_at: string | null; metadata: Record<string, unknown>;
  usage?: { requests: number; patients: number; bytes: number };
}

describe.each(testDatabaseKinds())('admin key API on $name', ({ url }) => {
  let s: TestServer;
  const admin = (path: string, init: Parameters<TestServer['call']>[1] = {}) => s.call(BASE + path, { key: OPERATOR, ...init });
  const create = async (body: Record<string, unknown>) => {
    const r = await admin('/', { method: 'POST', json: body });
    expect(r.status).toBe(201);
    return await r.json() as KeyBody & { key: string };
  };
  beforeAll(async () => { s = await startTestServer({ url }); });
  afterAll(async () => { await s.close(); });

  it('is for admin keys only', async () => {
    const live = await create({ name: 'plain' });
    for (const key of [live.key, DEMO]) {
      const r = await s.call(`${BASE}/`, { key });
      expect(r.status).toBe(403);
      expect(await r.json()).toMatchObject({ error: 'Forbidden' });
      expect((await s.call(`${BASE}/${live.id}/deactivate`, { key, method: 'POST' })).status).toBe(403);
    }
    const missing = await s.call(`${BASE}/`, { key: null, method: 'POST', json: { bogus: true } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-key-status')).toBe('missing');
    const doc = await (await s.call('/openapi.json', { key: null })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([`${BASE}/`, `${BASE}/{id}`, `${BASE}/{id}/rotate`, `${BASE}/{id}/limits`, `${BASE}/stats`]));
  });

  it('creates a key shown once that works at once, with defaults, demo limits or given limits', async () => {
    const k = await create({ name: 'Team A', email: 'a@example.org', expires_days: 30, metadata: { unit: 'R2' } });
    expect(k.key).toMatch(/^sk_live_[0-9a-f]{56}$/);
    expect(k.key_prefix).toBe(k.key.slice(0, 12));
    expect(k.limits).toEqual({ patients_per_request: 1000, requests_per_minute: 60, requests_per_hour: 1000, requests_per_day: null, patients_per_day: null });
    expect(k.metadata).toEqual({ unit: 'R2' });
    expect(Math.round((new Date(k.expires_at ?? 0).getTime() - Date.now()) / 86_400_000)).toBe(30);
    const ok = await s.call('/api/v1/configurations/', { key: k.key });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-api-key-type')).toBe('live');

    const demo = await create({ name: 'Demo B', is_demo: true });
    expect(demo.key).toMatch(/^sk_demo_/);
    expect(demo.limits).toMatchObject({ patients_per_request: 50, requests_per_minute: 10, requests_per_hour: 50, requests_per_day: 100 });
    const custom = await create({ name: 'Custom', limits: { patients_per_request: 5, patients_per_day: 20 } });
    expect(custom.limits).toMatchObject({ patients_per_request: 5, patients_per_day: 20, requests_per_minute: 60 });

    const bad = await admin('/', { method: 'POST', json: { name: '', limits: { requests_per_minute: 0 }, extra: 1 } });
    expect(bad.status).toBe(422);
    const shown = await (await admin(`/${k.id}`)).json() as KeyBody;
    expect(JSON.stringify(shown)).not.toContain(k.key);
    expect(shown).not.toHaveProperty('key_hash');
  });

  it('lists with filters, shows, looks up by the full key and 404s unknown keys', async () => {
    const k = await create({ name: 'Findable', email: 'find@example.org' });
    const all = await (await admin('/')).json() as KeyBody[];
    expect(all.map((x) => x.name)).toEqual(expect.arrayContaining(['Findable', 'Public demo key', 'Operator key (API_KEY)']));
    const found = await (await admin('/?search=FIND%40example')).json() as KeyBody[];
    expect(found.map((x) => x.id)).toEqual([k.id]);
    const demos = await (await admin('/?demo=true')).json() as KeyBody[];
    expect(demos.length).toBeGreaterThan(0);
    expect(demos.every((x) => x.is_demo)).toBe(true);
    expect(await (await admin('/?limit=2')).json()).toHaveLength(2);
    expect((await (await admin(`/${k.id}`)).json() as KeyBody).usage).toEqual({ requests: 0, patients: 0, bytes: 0 });
    expect(((await (await admin(`/${k.key_prefix}`)).json()) as KeyBody).id).toBe(k.id);
    const looked = await admin('/lookup', { method: 'POST', json: { key: k.key } });
    expect((await looked.json() as KeyBody).id).toBe(k.id);
    expect((await admin('/lookup', { method: 'POST', json: { key: k.key_prefix } })).status).toBe(404);
    const missing = await admin('/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'Not Found' });
  });

  it('deactivates and activates with immediate effect on this instance', async () => {
    const k = await create({ name: 'Switch' });
    const off = await admin(`/${k.id}/deactivate`, { method: 'POST' });
    expect(await off.json()).toMatchObject({ changed: true, key: { status: 'inactive', is_active: false } });
    const r = await s.call('/api/v1/configurations/', { key: k.key });
    expect(r.status).toBe(401);
    expect(r.headers.get('x-key-status')).toBe('inactive');
    expect(await (await admin(`/${k.id}/deactivate`, { method: 'POST' })).json()).toMatchObject({ changed: false });
    expect(await (await admin(`/${k.id}/activate`, { method: 'POST' })).json()).toMatchObject({ changed: true, key: { status: 'active' } });
    expect((await s.call('/api/v1/configurations/', { key: k.key })).status).toBe(200);
  });

  it('changes limits, which apply at once, and refuses an empty change', async () => {
    const k = await create({ name: 'Limited' });
    const none = await admin(`/${k.id}/limits`, { method: 'PATCH', json: {} });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ detail: 'No limit updates specified' });
    const r = await admin(`/${k.id}/limits`, { method: 'PATCH', json: { requests_per_minute: 1, requests_per_day: 10 } });
    expect(await r.json()).toMatchObject({ changed: { requests_per_minute: 1, requests_per_day: 10 }, key: { limits: { requests_per_minute: 1, requests_per_day: 10 } } });
    const first = await s.call('/api/v1/streaming/generate?count=1&format=ndjson', { key: k.key });
    expect(first.headers.get('x-daily-limit')).toBe('10');
    await first.arrayBuffer();
    expect((await s.call('/api/v1/streaming/generate?count=1&format=ndjson', { key: k.key })).status).toBe(429);
    const back = await admin(`/${k.id}/limits`, { method: 'PATCH', json: { requests_per_day: null } });
    expect((await back.json() as { key: KeyBody }).key.limits.requests_per_day).toBeNull();
  });

  it('expires keys, extends them and cleans up expired ones', async () => {
    const k = await create({ name: 'Short-lived', expires_days: 1 });
    await s.deps.database.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', k.id).execute();
    s.deps.authenticator.forget();
    const r = await s.call('/api/v1/configurations/', { key: k.key });
    expect(r.status).toBe(401);
    expect(r.headers.get('x-key-status')).toBe('expired');
    expect((await (await admin(`/${k.id}`)).json() as KeyBody).status).toBe('expired');

    const dry = await (await admin('/cleanup?dry_run=true', { method: 'POST' })).json() as { deleted: number; keys: KeyBody[] };
    expect(dry.deleted).toBe(0);
    expect(dry.keys.map((x) => x.id)).toEqual([k.id]);

    const ext = await (await admin(`/${k.id}/extend`, { method: 'POST', json: { days: 3 } })).json() as { previous_expires_at: string; key: KeyBody };
    expect(Math.round((new Date(ext.key.expires_at ?? 0).getTime() - Date.now()) / 86_400_000)).toBe(3);
    expect((await s.call('/api/v1/configurations/', { key: k.key })).status).toBe(200);

    await s.deps.database.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', k.id).execute();
    const done = await (await admin('/cleanup', { method: 'POST' })).json() as { deleted: number };
    expect(done.deleted).toBe(1);
    expect((await admin(`/${k.id}`)).status).toBe(404);
  });

  it('rotates: the new key keeps the limits, the old one stops', async () => {
    const old = await create({ name: 'Rotating', email: 'r@example.org', limits: { patients_per_request: 33 } });
    const r = await admin(`/${old.id}/rotate`, { method: 'POST', json: { name: 'Rotated' } });
    expect(r.status).toBe(201);
    const body = await r.json() as { key: string; new_key: KeyBody; previous_key: KeyBody };
    expect(body.key).toMatch(/^sk_live_/);
    expect(body.new_key).toMatchObject({ name: 'Rotated', email: 'r@example.org', limits: { patients_per_request: 33 }, metadata: { rotated_from: old.id } });
    expect(body.previous_key).toMatchObject({ id: old.id, status: 'inactive' });
    expect((await s.call('/api/v1/configurations/', { key: old.key })).status).toBe(401);
    const fresh = await s.call('/api/v1/configurations/', { key: body.key });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-patient-limit')).toBe('33');
  });

  it('deletes keys but never the built-in ones, and reports usage and stats', async () => {
    const k = await create({ name: 'Used' });
    for (let i = 0; i < 3; i++) await s.call('/api/v1/configurations/', { key: k.key });
    await s.app.keyLimits.usage.flush();
    const usage = await (await admin(`/${k.id}/usage?days=2`)).json() as { totals: { requests: number }; today: { requests: number }; daily: { day: string }[]; days: number };
    expect(usage.days).toBe(2);
    expect(usage.totals.requests).toBe(3);
    expect(usage.today.requests).toBe(3);
    expect(usage.daily.map((d) => d.day)).toEqual([new Date().toISOString().slice(0, 10)]);
    const stats = await (await admin('/stats?days=7')).json() as { keys: { total: number; demo: number; admin: number }; totals: { requests: number }; top_keys: { key_id: string }[] };
    expect(stats.keys.admin).toBeGreaterThanOrEqual(1);
    expect(stats.keys.demo).toBeGreaterThanOrEqual(1);
    expect(stats.totals.requests).toBeGreaterThanOrEqual(3);
    expect(stats.top_keys.map((t) => t.key_id)).toContain(k.id);

    expect((await admin(`/${k.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/${k.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await s.call('/api/v1/configurations/', { key: k.key })).status).toBe(401);
    const demo = (await (await admin('/?demo=true&search=Public')).json() as KeyBody[])[0];
    const refused = await admin(`/${demo?.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect((await admin(`/${demo?.id}/rotate`, { method: 'POST' })).status).toBe(409);
  });
});
