import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

interface Problem { path: string; message: string }
interface ErrorBody { error: string; detail: Problem[] | string; timestamp: string; request_id: string }

const NUL = 'a\u0000b';
const HIGH = 'x\ud800y';
const LOW = '\udc00';

/** A body with one bad text somewhere; `raw` is sent as written (JSON escapes included). */
interface Case { name: string; method: 'POST' | 'PUT' | 'GET'; path: string; body?: unknown; field: string }

function scenario(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    total_patients: 5, days_of_fighting: 2, seed: 3,
    front_configs: [{ id: 'north', name: 'North', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }] }],
    ...extra,
  };
}

const CASES: Case[] = [
  { name: 'configuration name with NUL', method: 'POST', path: '/api/v1/configurations/', body: { name: NUL, ...scenario() }, field: 'name' },
  { name: 'configuration description with NUL', method: 'POST', path: '/api/v1/configurations/', body: { name: 'ok', description: NUL, ...scenario() }, field: 'description' },
  { name: 'configuration name with a lone high surrogate', method: 'POST', path: '/api/v1/configurations/', body: { name: HIGH, ...scenario() }, field: 'name' },
  { name: 'configuration description with a lone low surrogate', method: 'POST', path: '/api/v1/configurations/', body: { name: 'ok', description: LOW, ...scenario() }, field: 'description' },
  { name: 'nested configuration form', method: 'POST', path: '/api/v1/configurations/', body: { name: 'ok', config: scenario({ description: NUL }) }, field: 'config.description' },
  { name: 'a front name in a configuration', method: 'POST', path: '/api/v1/configurations/', body: { name: 'ok', ...scenario({ front_configs: [{ id: 'n', name: HIGH, casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }] }] }) }, field: 'front_configs[0].name' },
  { name: 'generation configuration name with NUL', method: 'POST', path: '/api/v1/generation/', body: { configuration: scenario({ name: NUL }) }, field: 'configuration.name' },
  { name: 'generation configuration name with a lone surrogate', method: 'POST', path: '/api/v1/generation/', body: { configuration: scenario({ name: HIGH }) }, field: 'configuration.name' },
  { name: 'generation metadata value', method: 'POST', path: '/api/v1/generation/', body: { configuration: scenario({ metadata: { note: NUL } }) }, field: 'configuration.metadata.note' },
  { name: 'generation format list', method: 'POST', path: '/api/v1/generation/', body: { configuration: scenario(), output_formats: ['json', HIGH] }, field: 'output_formats[1]' },
  { name: 'generation password', method: 'POST', path: '/api/v1/generation/', body: { configuration: scenario(), use_encryption: true, encryption_password: `long enough ${NUL}` }, field: 'encryption_password' },
  { name: 'a field name with NUL', method: 'POST', path: '/api/v1/generation/', body: { configuration: scenario({ metadata: { [NUL]: 1 } }) }, field: 'configuration.metadata.a\\u0000b' },
  { name: 'a field name with a lone surrogate', method: 'POST', path: '/api/v1/configurations/', body: { name: 'ok', ...scenario({ metadata: { [HIGH]: 1 } }) }, field: 'metadata.x\\ud800y' },
  { name: 'validate route', method: 'POST', path: '/api/v1/configurations/validate/', body: { name: NUL, ...scenario() }, field: 'name' },
  { name: 'stream', method: 'POST', path: '/api/v1/streaming/generate', body: scenario({ name: NUL }), field: 'name' },
  { name: 'admin key name', method: 'POST', path: '/api/v1/admin/keys/', body: { name: NUL }, field: 'name' },
  { name: 'admin key metadata', method: 'POST', path: '/api/v1/admin/keys/', body: { name: 'ok', metadata: { team: [HIGH] } }, field: 'metadata.team[0]' },
  { name: 'admin key lookup', method: 'POST', path: '/api/v1/admin/keys/lookup', body: { key: NUL }, field: 'key' },
  { name: 'admin key search (query string)', method: 'GET', path: `/api/v1/admin/keys/?search=${encodeURIComponent(NUL)}`, field: 'search' },
  { name: 'job list status (query string)', method: 'GET', path: `/api/v1/jobs/?status=${encodeURIComponent(NUL)}`, field: 'status' },
  { name: 'job id (path)', method: 'GET', path: `/api/v1/jobs/${encodeURIComponent(NUL)}`, field: 'id' },
  { name: 'configuration id (path)', method: 'GET', path: `/api/v1/configurations/${encodeURIComponent(NUL)}`, field: 'id' },
];

describe.each(testDatabaseKinds())('NUL and unpaired surrogates in request text on $name', ({ url }) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url }); });
  afterAll(async () => { await s.close(); });

  it.each(CASES)('$name → 422 naming $field', async (c) => {
    const r = await s.call(c.path, { method: c.method, ...(c.body === undefined ? {} : { json: c.body }) });
    const text = await r.text();
    expect(r.status, text).toBe(422);
    const body = JSON.parse(text) as ErrorBody;
    expect(body.request_id).toBe(r.headers.get('x-request-id'));
    expect(body.timestamp).toMatch(/Z$/);
    expect(Array.isArray(body.detail), text).toBe(true);
    const problem = (body.detail as Problem[]).find((p) => p.path === c.field);
    expect(problem, text).toBeDefined();
    expect(problem?.message).toMatch(/NUL character|unpaired UTF-16 surrogate/);
    // The answer itself is well-formed: what it quotes is escaped.
    expect(text.includes('\u0000')).toBe(false);
    expect(/[\ud800-\udfff]/.test(text)).toBe(false);
  });

  it('the same bodies without the bad character are accepted (nothing stored as U+FFFD)', async () => {
    const r = await s.call('/api/v1/configurations/', { method: 'POST', json: { name: 'a\u00e9b \ud83d\ude91', description: 'ok', ...scenario() } });
    expect(r.status).toBe(201);
    const saved = await r.json() as { id: string; name: string };
    expect(saved.name).toBe('a\u00e9b \ud83d\ude91');
    expect((await (await s.call(`/api/v1/configurations/${saved.id}`)).json() as { name: string }).name).toBe('a\u00e9b \ud83d\ude91');
    const g = await s.call('/api/v1/generation/', { method: 'POST', json: { configuration: scenario({ name: 'ambulance \ud83d\ude91' }) } });
    expect(g.status).toBe(201);
  });

  it.each([100, 20_000, 200_000])('a body nested %i levels deep → 422 naming where, never a 500', async (depth) => {
    for (const path of ['/api/v1/configurations/', '/api/v1/generation/', '/api/v1/configurations/validate/', '/api/v1/admin/keys/']) {
      const body = `{"name":"x","metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const r = await s.call(path, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
      const text = await r.text();
      expect(r.status, `${path}: ${text.slice(0, 300)}`).toBe(422);
      expect((JSON.parse(text) as ErrorBody).detail).toEqual([{ path: expect.stringMatching(/^metadata(\[0\])+$/), message: expect.stringMatching(/more than 64 levels deep/) }]);
    }
  });

  it('a saved configuration cannot be updated with a bad name either', async () => {
    const r = await s.call('/api/v1/configurations/', { method: 'POST', json: { name: 'to update', ...scenario() } });
    const { id } = await r.json() as { id: string };
    const u = await s.call(`/api/v1/configurations/${id}`, { method: 'PUT', json: { name: HIGH } });
    expect(u.status).toBe(422);
    expect((await u.json() as ErrorBody).detail).toEqual([expect.objectContaining({ path: 'name' })]);
  });
});
