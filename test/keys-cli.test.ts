import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openClientDatabase, type DatabaseHandle } from '../src/db/index.js';
import { medgen, serve, workspace, type ServeProcess, type Workspace } from './keys-process.js';
import { OPERATOR, testDatabaseKinds } from './server-helpers.js';

const KEY = /sk_(live|demo)_[0-9a-f]{56}/;

// Each test runs the real binary several times; a busy machine needs a few seconds per run.
vi.setConfig({ testTimeout: 180_000 });

interface Created { key: string; id: string; name: string; limits: Record<string, number | null>; expires_at: string | null; is_demo: boolean; is_admin: boolean }

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 8_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.each(testDatabaseKinds())('medgen keys on $name, while medgen serve runs', ({ url }) => {
  let ws: Workspace;
  let server: ServeProcess;
  let db: DatabaseHandle;
  const keys = (...args: string[]) => medgen(['keys', ...args], ws.env);
  const get = (path: string, key: string) => fetch(server.url + path, { headers: { 'X-API-Key': key } });

  beforeAll(async () => {
    expect(existsSync(new URL('../dist/cli/index.js', import.meta.url)), 'run `npm run build` first').toBe(true);
    ws = await workspace(url);
    server = await serve({ ...ws.env, API_KEY: OPERATOR });
    // The test itself reaches the server's embedded database the way the CLI does.
    db = await openClientDatabase({ url: ws.databaseUrl, dataDir: join(ws.env.DATA_DIR ?? '', 'db'), infoDir: ws.env.DATA_DIR ?? '' });
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    expect(await server?.stop()).toBe(0);
    if (!url) expect(existsSync(join(ws.env.DATA_DIR ?? '', 'db.socket-info'))).toBe(false);
    await ws?.dispose();
  }, 60_000);

  it('creates a key that works at once, printed once in full', async () => {
    if (!url) expect(JSON.parse(await readFile(join(ws.env.DATA_DIR ?? '', 'db.socket-info'), 'utf8'))).toHaveProperty('socket_dir');
    const r = await keys('create', '--name', 'Exercise team', '--email', 'ops@example.org', '--admin', '--expires-days', '30');
    expect(r.code).toBe(0);
    const key = KEY.exec(r.stdout)?.[0] ?? '';
    expect(key).toMatch(/^sk_live_[0-9a-f]{56}$/);
    expect(r.stdout).toContain('shown this once');
    const res = await get('/api/v1/admin/keys/', key);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-api-key-type')).toBe('live');
    const listed = await res.json() as { name: string; key_prefix: string }[];
    expect(listed.find((k) => k.name === 'Exercise team')?.key_prefix).toBe(key.slice(0, 12));
    expect(JSON.stringify(listed)).not.toContain(key);
  });

  it('creates with limits and flags as JSON, lists as table, JSON and CSV with filters', async () => {
    const r = await keys('create', '--name', 'Demo, "quoted"', '--demo', '--patients', '10', '--daily', '5', '--hourly', '7', '--minute', '3', '--format', 'json');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as Created;
    expect(c.key).toMatch(/^sk_demo_[0-9a-f]{56}$/);
    expect(c.is_demo).toBe(true);
    expect(c.limits).toEqual({ patients_per_request: 10, requests_per_minute: 3, requests_per_hour: 7, requests_per_day: 5, patients_per_day: null });

    const all = JSON.parse((await keys('list', '--format', 'json')).stdout) as { name: string; is_demo: boolean }[];
    expect(all.map((k) => k.name)).toEqual(expect.arrayContaining(['Demo, "quoted"', 'Exercise team', 'Public demo key', 'Operator key (API_KEY)']));
    const demos = JSON.parse((await keys('list', '--demo', '--format', 'json')).stdout) as { is_demo: boolean }[];
    expect(demos.length).toBeGreaterThanOrEqual(2);
    expect(demos.every((k) => k.is_demo)).toBe(true);
    const found = JSON.parse((await keys('list', '--search', 'EXAMPLE.ORG', '--format', 'json')).stdout) as { name: string }[];
    expect(found.map((k) => k.name)).toEqual(['Exercise team']);
    expect(JSON.parse((await keys('list', '--limit', '1', '--format', 'json')).stdout)).toHaveLength(1);

    const csv = (await keys('list', '--demo', '--format', 'csv')).stdout.split('\r\n');
    expect(csv[0]).toMatch(/^id,key_prefix,name,email,status,/);
    expect(csv.find((l) => l.startsWith(c.id))).toMatch(new RegExp(`^${c.id},${c.key.slice(0, 12)},"Demo, ""quoted""",,active,true,true,false,10,3,7,5,,\\d{4}-`));
    const table = (await keys('list', '--active')).stdout;
    expect(table).toMatch(/^ID\s+KEY\s+NAME/);
    expect(table).toContain(`${c.key.slice(0, 12)}...`);
    expect(table).not.toContain(c.key);
  });

  it('shows a key by id, by the key (masked) and refuses unknown ones with exit 1', async () => {
    const c = JSON.parse((await keys('create', '--name', 'show me', '--format', 'json')).stdout) as Created;
    const byId = await keys('show', c.id);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain('show me');
    const byKey = await keys('show', c.key);
    expect(byKey.stdout).toContain(`${c.key.slice(0, 8)}...${c.key.slice(-4)}`);
    expect(byKey.stdout).not.toContain(c.key);
    expect(JSON.parse((await keys('show', c.key.slice(0, 12), '--format', 'json')).stdout)).toMatchObject({ id: c.id, status: 'active' });
    const missing = await keys('show', '00000000-0000-0000-0000-000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not found');
  });

  it('deactivates, activates, changes limits and extends, each taking effect on the running server', async () => {
    const c = JSON.parse((await keys('create', '--name', 'lifecycle', '--expires-days', '2', '--format', 'json')).stdout) as Created;
    expect((await get('/api/v1/configurations/', c.key)).status).not.toBe(401);
    expect((await keys('deactivate', c.id)).code).toBe(0);
    expect((await keys('deactivate', c.id)).stdout).toContain('already inactive');
    const off = await eventually(() => get('/api/v1/configurations/', c.key), (r) => r.status === 401);
    expect(off.headers.get('x-key-status')).toBe('inactive');
    expect((await keys('activate', c.id)).code).toBe(0);
    expect((await eventually(() => get('/api/v1/configurations/', c.key), (r) => r.status !== 401)).status).toBe(200);

    const none = await keys('limits', c.id);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No limit updates specified');
    const lim = await keys('limits', c.id, '--minute', '1', '--daily', 'unlimited');
    expect(lim.code).toBe(0);
    // Work (a stream) counts in the minute window; reads have a window of their own.
    const limited = await eventually(() => get('/api/v1/streaming/generate?count=1&format=ndjson', c.key), (r) => r.status === 429, 10_000);
    expect(limited.headers.get('x-limit-type')).toBe('requests_per_minute');

    const ext = await keys('extend', c.id, '--days', '10');
    expect(ext.code).toBe(0);
    const shown = JSON.parse((await keys('show', c.id, '--format', 'json')).stdout) as Created;
    expect(new Date(shown.expires_at ?? 0).getTime() - new Date(c.expires_at ?? 0).getTime()).toBe(10 * 86_400_000);
    expect((await keys('extend', c.id)).code).toBe(2);
  });

  it('reports usage per day and overall stats', async () => {
    const c = JSON.parse((await keys('create', '--name', 'busy', '--format', 'json')).stdout) as Created;
    for (let i = 0; i < 3; i++) expect((await get('/api/v1/configurations/', c.key)).status).toBe(200);
    const usage = await eventually(
      async () => JSON.parse((await keys('usage', c.id, '--days', '3', '--format', 'json')).stdout) as { totals: { requests: number; bytes: number }; daily: unknown[] },
      (u) => u.totals.requests === 3, 15_000,
    );
    expect(usage.totals.requests).toBe(3);
    expect(usage.totals.bytes).toBeGreaterThan(0);
    expect(usage.daily).toHaveLength(1);
    expect((await keys('usage', c.id)).stdout).toMatch(/Requests today: 3 of unlimited/);
    const stats = JSON.parse((await keys('stats', '--days', '7', '--format', 'json')).stdout) as { period_days: number; keys: { total: number }; totals: { requests: number } };
    expect(stats.period_days).toBe(7);
    expect(stats.keys.total).toBeGreaterThanOrEqual(5);
    expect(stats.totals.requests).toBeGreaterThanOrEqual(3);
    expect((await keys('stats')).stdout).toContain('API usage, last 30 days');
  });

  it('rotates: a new key with the same limits works, the old one is deactivated', async () => {
    const old = JSON.parse((await keys('create', '--name', 'to rotate', '--patients', '77', '--format', 'json')).stdout) as Created;
    const r = await keys('rotate', old.id, '--name', 'rotated');
    expect(r.code).toBe(0);
    const key = KEY.exec(r.stdout)?.[0] ?? '';
    expect(key).not.toBe(old.key);
    const fresh = await get('/api/v1/configurations/', key);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-patient-limit')).toBe('77');
    const gone = await eventually(() => get('/api/v1/configurations/', old.key), (x) => x.status === 401);
    expect(gone.headers.get('x-key-status')).toBe('inactive');
    const json = JSON.parse((await keys('rotate', key, '--format', 'json')).stdout) as Created & { rotated_from: string };
    expect(json.name).toBe('rotated');
    expect(json.key).toMatch(KEY);
  });

  it('cleans up expired keys, dry run first', async () => {
    const c = JSON.parse((await keys('create', '--name', 'expiring', '--expires-days', '1', '--format', 'json')).stdout) as Created;
    await db.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', c.id).execute();
    expect((await eventually(() => get('/api/v1/configurations/', c.key), (x) => x.status === 401)).headers.get('x-key-status')).toBe('expired');
    const dry = await keys('cleanup', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(c.id);
    expect(dry.stdout).toContain('would delete 1 expired key');
    expect((await keys('show', c.id)).code).toBe(0);
    expect((await keys('cleanup')).stdout).toContain('Deleted 1 expired key');
    expect((await keys('show', c.id)).code).toBe(1);
  });

  it('deletes only when confirmed, never a built-in key, and rejects bad usage with exit 2', async () => {
    const c = JSON.parse((await keys('create', '--name', 'doomed', '--format', 'json')).stdout) as Created;
    const refused = await keys('delete', c.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    expect((await keys('delete', c.id, '--yes')).code).toBe(0);
    expect((await get('/api/v1/configurations/', c.key)).status).toBe(401);
    expect((await keys('delete', c.id, '--yes')).code).toBe(1);
    const demo = await keys('delete', 'DEMO_MILMED_2025_50_PATIENTS', '--yes');
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('built in');
    expect((await keys('create')).code).toBe(2);
    expect((await keys('create', '--name', 'x', '--minute', 'lots')).code).toBe(2);
    expect((await keys('list', '--format', 'xml')).code).toBe(2);
  });
});

describe('medgen keys without a running server', () => {
  it('opens the embedded database itself, and a later serve sees the key', async () => {
    const ws = await workspace();
    try {
      const r = await medgen(['keys', 'create', '--name', 'offline', '--format', 'json'], ws.env);
      expect(r.code).toBe(0);
      const c = JSON.parse(r.stdout) as Created;
      expect(existsSync(join(ws.env.DATA_DIR ?? '', 'db.socket-info'))).toBe(false);
      const server = await serve(ws.env);
      try {
        expect((await fetch(`${server.url}/api/v1/configurations/`, { headers: { 'X-API-Key': c.key } })).status).toBe(200);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      await ws.dispose();
    }
  }, 240_000);
});
