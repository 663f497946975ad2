import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/db/test-databases.js';
import { closeTestDatabase, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

/** Defects the fuzz run (test/fuzz-api.test.ts) found, each reproduced through HTTP. */

interface Envelope { error: string; detail: { path: string; message: string }[]; request_id: string }

describe.each(testDatabaseKinds())('list offsets past what the database holds ($name)', ({ url }) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url }); });
  afterAll(async () => { await s?.close(); });

  // Each was a 500 (bigint out of range, or the offset sent as 1e+21): the schemas had no maximum.
  it.each([
    ['/api/v1/configurations/', 'skip', '1e21'],
    ['/api/v1/configurations/', 'skip', '9223372036854775807'],
    ['/api/v1/admin/keys/', 'skip', '9223372036854775808'],
    ['/api/v1/jobs/', 'skip', '1e21'],
    ['/api/v1/jobs/', 'page', '18446744073709551'],
  ])('GET %s?%s=%s → 422 naming the parameter', async (path, name, value) => {
    const r = await s.call(`${path}?${name}=${value}`);
    const body = await r.json() as Envelope;
    expect(r.status, JSON.stringify(body)).toBe(422);
    expect(body.detail).toEqual([{ path: name, message: 'must be <= 1000000000' }]);
  });

  it('the bound itself still answers a page (empty)', async () => {
    for (const path of ['/api/v1/configurations/?skip=1000000000', '/api/v1/admin/keys/?skip=1000000000', '/api/v1/jobs/?page=1000000000']) {
      const r = await s.call(path);
      expect(r.status, path).toBe(200);
    }
  });
});

describe.each(testDatabaseKinds())('numbers that validation made infinite ($name)', ({ url }) => {
  let s: TestServer;
  let config: string;
  beforeAll(async () => {
    s = await startTestServer({ url });
    config = ((await (await s.call('/api/v1/configurations/', { method: 'POST', json: { name: 'versions', total_patients: 5 } })).json()) as { id: string }).id;
  });
  afterAll(async () => { await s?.close(); });

  // Ajv coerces the text "Infinity" or "1e309" to Infinity for an integer field and then skips
  // minimum and maximum (checked on finite numbers only): each of these reached SQL as a 500.
  it.each([
    ['GET', () => `/api/v1/configurations/${config}/versions/1e309`, undefined, 'version'],
    ['GET', () => `/api/v1/configurations/${config}/versions/-Infinity`, undefined, 'version'],
    ['GET', () => '/api/v1/jobs/?limit=Infinity', undefined, 'limit'],
    ['GET', () => '/api/v1/jobs/?page=1e309', undefined, 'page'],
    ['GET', () => '/api/v1/configurations/?limit=Infinity', undefined, 'limit'],
    ['GET', () => '/api/v1/admin/keys/?limit=1e309', undefined, 'limit'],
    ['GET', () => '/api/v1/admin/keys/stats?days=Infinity', undefined, 'days'],
    ['POST', () => '/api/v1/admin/keys/', { name: 'infinite', expires_days: 'Infinity' }, 'expires_days'],
  ])('%s %s → 422 naming the field', async (method, path, json, field) => {
    const r = await s.call(path(), { method, json });
    const body = await r.json() as Envelope;
    expect(r.status, JSON.stringify(body)).toBe(422);
    expect(body.detail).toEqual([{ path: field, message: 'must be a finite number' }]);
  });

  it('finite numbers still pass', async () => {
    expect((await s.call(`/api/v1/configurations/${config}/versions/1`)).status).toBe(200);
    expect((await s.call('/api/v1/jobs/?limit=5&page=2')).status).toBe(200);
  });
});

describe('the owner key row names no server path', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(async () => { await s?.close(); });

  it('GET /admin/keys/ lists the owner key with a digest of DATA_DIR as its origin, never the folder', async () => {
    const r = await s.call('/api/v1/admin/keys/?limit=100');
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(text).not.toContain(s.dataDir);
    const owner = (JSON.parse(text) as { name: string; metadata: Record<string, unknown> }[]).find((k) => k.name === 'Local owner');
    expect(owner?.metadata).toEqual({ builtin: 'owner', origin: expect.stringMatching(/^data-dir:[0-9a-f]{16}$/) });
  });

  it('a row written with the path as origin loses it at the next start, and a replaced key still deactivates it', async () => {
    const database = await openTestDatabase(undefined, true);
    const dataDir = await mkdtemp(join(tmpdir(), 'medgen-owner-origin-'));
    const first = await startTestServer({ database, dataDir });
    const id = first.deps.owner?.row.id ?? '';
    await first.close();
    // As earlier versions wrote it.
    await database.db.updateTable('api_keys').set({ metadata: JSON.stringify({ builtin: 'owner', origin: dataDir }) }).where('id', '=', id).execute();
    const again = await startTestServer({ database, dataDir });
    const row = await database.db.selectFrom('api_keys').select(['metadata', 'is_active']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row.metadata)).not.toContain(dataDir);
    expect(row.is_active).toBe(true);
    await again.close();

    // Legacy path origin again; then the key file is deleted, so the next start makes a new key.
    await database.db.updateTable('api_keys').set({ metadata: JSON.stringify({ builtin: 'owner', origin: dataDir }) }).where('id', '=', id).execute();
    await rm(join(dataDir, 'owner-key.json'));
    const replaced = await startTestServer({ database, dataDir });
    expect(replaced.deps.owner?.created).toBe(true);
    const old = await database.db.selectFrom('api_keys').select('is_active').where('id', '=', id).executeTakeFirstOrThrow();
    expect(old.is_active).toBe(false);
    await replaced.close();
    await rm(dataDir, { recursive: true, force: true });
    await closeTestDatabase(database);
  });
});
