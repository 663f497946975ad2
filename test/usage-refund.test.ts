import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../src/auth/index.js';
import { TcpProxy, targetOf, until, viaProxy } from './faults-proxy.js';
import { scenario } from './jobs-helpers.js';
import { createTestKey, startTestServer, type TestServer } from './server-helpers.js';

const url = process.env.TEST_DATABASE_URL;

/** A key allowing 15 patients a day; each submit asks for 10. */
async function quotaKey(s: TestServer): Promise<string> {
  return createTestKey(s, 'daily quota of 15', { patients_per_day: 15 });
}

async function submit10(s: TestServer, key: string): Promise<Response> {
  return s.call('/api/v1/generation/', { method: 'POST', json: { configuration: scenario(10), output_formats: ['json'] }, key });
}

async function patientsToday(s: TestServer, key: string): Promise<number> {
  return ((await (await s.call('/api/v1/keys/me', { key })).json()) as { patients_today: number }).patients_today;
}

/** Patients recorded in api_key_usage for the key, after the usage counters are written. */
async function recordedPatients(s: TestServer, key: string): Promise<number> {
  await s.app.keyLimits.usage.flush();
  const r = await sql<{ p: string | null }>`select sum(u.patients)::text as p from api_key_usage u join api_keys k on k.id = u.key_id where k.key_hash = ${hashApiKey(key)}`.execute(s.deps.database.db);
  return Number(r.rows[0]?.p ?? 0);
}

describe('a submit that fails after its patients were counted gives them back', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(async () => { await s.close(); });
  afterEach(() => { vi.restoreAllMocks(); });

  it('500 while writing the job: the quota and the usage are as if it was never sent', async () => {
    const key = await quotaKey(s);
    vi.spyOn(s.jobs, 'submit').mockRejectedValueOnce(new Error('simulated failure while writing the job'));
    const failed = await submit10(s, key);
    expect(failed.status).toBe(500);
    expect(await patientsToday(s, key)).toBe(0);
    expect(await recordedPatients(s, key)).toBe(0);

    const ok = await submit10(s, key);
    expect(ok.status, await ok.clone().text()).toBe(201);
    expect(await patientsToday(s, key)).toBe(10);
    expect(await recordedPatients(s, key)).toBe(10);
    // The quota still holds: 10 + 10 > 15.
    const over = await submit10(s, key);
    expect(over.status).toBe(429);
    expect(((await over.json()) as { detail: string }).detail).toMatch(/10 of 15 patients used today/);
  });
});

describe.skipIf(!url)('a submit refused by a database outage gives its patients back (PostgreSQL behind a proxy)', () => {
  let proxy: TcpProxy;
  let s: TestServer;
  beforeAll(async () => {
    proxy = await TcpProxy.start(targetOf(url as string, 5432));
    s = await startTestServer({ url: viaProxy(url as string, proxy) });
  });
  afterAll(async () => {
    proxy?.restore();
    await s?.close();
    await proxy?.close();
  });

  it('503 during the outage, then the full quota after it', async () => {
    const key = await quotaKey(s);
    expect(await patientsToday(s, key)).toBe(0); // the key is now in the 2 s cache: auth works in the outage
    proxy.cut('refuse');
    const failed = await submit10(s, key);
    expect(failed.status, await failed.clone().text()).toBe(503);
    proxy.restore();
    await until('database back', async () => (await s.call('/api/v1/health/ready', { key: null })).status === 200);
    expect(await patientsToday(s, key)).toBe(0);
    const ok = await submit10(s, key);
    expect(ok.status, await ok.clone().text()).toBe(201);
    expect(await patientsToday(s, key)).toBe(10);
    expect(await recordedPatients(s, key)).toBe(10);
  }, 60_000);
});
