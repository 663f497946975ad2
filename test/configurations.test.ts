import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitFor } from './jobs-helpers.js';
import { createTestKey, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

interface Configuration {
  id: string;
  version_id: string;
  lineage_id: string;
  name: string;
  description: string | null;
  version: number;
  parent_config_id: string | null;
  is_latest: boolean;
  created_at: string;
  updated_at: string;
  total_patients?: number;
  [field: string]: unknown;
}

interface ErrorBody { error: string; detail: { path: string; message: string }[] | string; request_id: string }

const SCENARIO = {
  total_patients: 120,
  days_of_fighting: 3,
  seed: 42,
  front_configs: [
    { id: 'north', name: 'North', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }] },
  ],
};

describe.each(testDatabaseKinds())('configurations on $name', ({ url }) => {
  let s: TestServer;
  let tenant: string;
  beforeAll(async () => {
    s = await startTestServer({ url });
    tenant = await createTestKey(s);
  });
  afterAll(async () => { await s.close(); });

  async function create(body: unknown, key: string | null = tenant): Promise<Response> {
    return s.call('/api/v1/configurations/', { method: 'POST', json: body, key });
  }

  it('creates a configuration in the v1 flat shape and reads it back', async () => {
    const r = await create({ name: 'Exercise A', description: 'first try', ...SCENARIO });
    expect(r.status).toBe(201);
    const c = await r.json() as Configuration;
    expect(c).toMatchObject({ name: 'Exercise A', description: 'first try', version: 1, parent_config_id: null, is_latest: true, total_patients: 120, seed: 42 });
    expect(c.lineage_id).toBe(c.id);
    expect(c.version_id).toBe(c.id);
    expect(c.front_configs).toEqual(SCENARIO.front_configs);
    expect(c.created_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    const got = await s.call(`/api/v1/configurations/${c.id}`, { key: tenant });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(c);
  });

  it('accepts the nested form {name, config}', async () => {
    const r = await create({ name: 'Nested', config: { ...SCENARIO, total_patients: 7 } });
    expect(r.status).toBe(201);
    const c = await r.json() as Configuration;
    expect(c).toMatchObject({ name: 'Nested', description: null, total_patients: 7, version: 1 });
    expect(c.config).toBeUndefined();
  });

  it('rejects an invalid scenario with every problem and its path', async () => {
    const r = await create({
      description: 5,
      total_patients: 0,
      front_configs: [{ id: 'x', name: 'X', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 90 }] }],
      colour: 'red',
    });
    expect(r.status).toBe(422);
    const body = await r.json() as ErrorBody;
    expect(body.error).toBe('Validation Error');
    const paths = (body.detail as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'description', 'total_patients', 'colour']));
    expect(paths.some((p) => p.startsWith('front_configs[0].nationality_distribution'))).toBe(true);

    const nested = await create({ name: 'N', config: { days_of_fighting: 0 } });
    expect(nested.status).toBe(422);
    expect((await nested.json() as ErrorBody).detail).toEqual([expect.objectContaining({ path: 'config.days_of_fighting' })]);

    const both = await create({ name: 'N', config: {}, total_patients: 5 });
    expect(((await both.json()) as ErrorBody).detail).toEqual([expect.objectContaining({ path: 'total_patients' })]);

    const notObject = await s.call('/api/v1/configurations/', { method: 'POST', json: [1, 2], key: tenant });
    expect(notObject.status).toBe(422);
  });

  it('checks the key before the body: no key is 401 even with an invalid body', async () => {
    const r = await create({ total_patients: 'lots' }, null);
    expect(r.status).toBe(401);
    expect(r.headers.get('x-key-status')).toBe('missing');
  });

  it('caps the body size with 413', async () => {
    const big = { name: 'big', metadata: { blob: 'x'.repeat(s.config.bodyLimitBytes + 10) } };
    const r = await create(big);
    expect(r.status).toBe(413);
    expect((await r.json() as ErrorBody).error).toBe('Payload Too Large');
  });

  it('PUT creates a new version under the same id; the id reads the latest, versions stay readable by number', async () => {
    const v1 = await (await create({ name: 'Versioned', ...SCENARIO })).json() as Configuration;
    // v1 clients send back what they read, including the server's fields: those are ignored.
    const put2 = await s.call(`/api/v1/configurations/${v1.id}`, { method: 'PUT', key: tenant, json: { ...v1, total_patients: 200, version: 99 } });
    expect(put2.status).toBe(200);
    const v2 = await put2.json() as Configuration;
    expect(v2).toMatchObject({ id: v1.id, version: 2, parent_config_id: v1.version_id, lineage_id: v1.id, is_latest: true, total_patients: 200, name: 'Versioned' });
    expect(v2.version_id).not.toBe(v1.version_id);

    // The configuration's id addresses its latest version (v1 updated in place).
    const latest = await (await s.call(`/api/v1/configurations/${v1.id}`, { key: tenant })).json() as Configuration;
    expect(latest).toEqual(v2);

    // An update through an old version's id still goes after the latest one.
    const v3 = await (await s.call(`/api/v1/configurations/${v2.version_id}`, { method: 'PUT', key: tenant, json: { name: 'Renamed', ...SCENARIO, total_patients: 300 } })).json() as Configuration;
    expect(v3).toMatchObject({ id: v1.id, version: 3, parent_config_id: v2.version_id, name: 'Renamed', total_patients: 300 });

    const versions = await (await s.call(`/api/v1/configurations/${v1.id}/versions`, { key: tenant })).json() as Configuration[];
    expect(versions.map((v) => [v.id, v.version, v.total_patients, v.is_latest])).toEqual([[v1.id, 1, 120, false], [v1.id, 2, 200, false], [v1.id, 3, 300, true]]);
    expect(versions.map((v) => v.parent_config_id)).toEqual([null, v1.version_id, v2.version_id]);

    // Each version by its number, and by its own version_id.
    const first = await (await s.call(`/api/v1/configurations/${v1.id}/versions/1`, { key: tenant })).json() as Configuration;
    expect(first).toMatchObject({ id: v1.id, version_id: v1.version_id, version: 1, total_patients: 120, is_latest: false });
    expect(await (await s.call(`/api/v1/configurations/${v2.version_id}`, { key: tenant })).json()).toMatchObject({ version: 2, total_patients: 200 });
    expect((await s.call(`/api/v1/configurations/${v1.id}/versions/4`, { key: tenant })).status).toBe(404);
    expect((await s.call(`/api/v1/configurations/${v1.id}/versions/0`, { key: tenant })).status).toBe(422);

    const bad = await s.call(`/api/v1/configurations/${v1.id}`, { method: 'PUT', key: tenant, json: { total_patients: -1 } });
    expect(bad.status).toBe(422);
    expect((await (await s.call(`/api/v1/configurations/${v1.id}/versions`, { key: tenant })).json() as unknown[]).length).toBe(3);
  });

  it('v1 SDK flow: create, update, generate by configuration_id (the latest), download; a version by number', async () => {
    const created = await (await create({ name: 'SDK', ...SCENARIO, total_patients: 12 })).json() as Configuration;
    const updated = await (await s.call(`/api/v1/configurations/${created.id}`, { method: 'PUT', key: tenant, json: { ...created, total_patients: 17 } })).json() as Configuration;
    expect(updated).toMatchObject({ id: created.id, version: 2, total_patients: 17 });

    const latestJob = await submit(s, { configuration_id: created.id, output_formats: ['json'] }, tenant);
    const oldJob = await submit(s, { configuration_id: created.id, configuration_version: 1, output_formats: ['json'] }, tenant);
    const byVersionId = await submit(s, { configuration_id: updated.version_id, output_formats: ['json'] }, tenant);
    for (const [id, count] of [[latestJob, 17], [oldJob, 12], [byVersionId, 17]] as const) {
      const job = await waitFor(s, id, undefined, 60_000, tenant);
      expect(job.status).toBe('completed');
      expect(job.summary?.total_patients).toBe(count);
      const dl = await s.call(`/api/v1/downloads/${id}?format=json`, { key: tenant });
      expect(dl.status).toBe(200);
      expect((await dl.json() as { patients: unknown[] }).patients).toHaveLength(count);
    }

    // Streaming by id follows the same rule.
    const stream = await s.call(`/api/v1/streaming/generate?configuration_id=${created.id}&format=ndjson`, { key: tenant });
    expect((await stream.text()).trim().split('\n')).toHaveLength(17);
    const streamOld = await s.call(`/api/v1/streaming/generate?configuration_id=${created.id}&configuration_version=1&format=ndjson`, { key: tenant });
    expect((await streamOld.text()).trim().split('\n')).toHaveLength(12);

    const missing = await s.call('/api/v1/generation/', { method: 'POST', key: tenant, json: { configuration_id: created.id, configuration_version: 9 } });
    expect(missing.status).toBe(404);
    expect((await missing.json() as ErrorBody).detail).toBe(`version 9 of configuration "${created.id}" not found`);
    const orphan = await s.call('/api/v1/generation/', { method: 'POST', key: tenant, json: { configuration: SCENARIO, configuration_version: 1 } });
    expect(orphan.status).toBe(422);
  });

  it('numbers concurrent updates without gaps or duplicates', async () => {
    const c = await (await create({ name: 'Race', ...SCENARIO })).json() as Configuration;
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      s.call(`/api/v1/configurations/${c.id}`, { method: 'PUT', key: tenant, json: { ...SCENARIO, total_patients: 10 + i } })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const versions = await (await s.call(`/api/v1/configurations/${c.id}/versions`, { key: tenant })).json() as Configuration[];
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(versions.filter((v) => v.is_latest)).toHaveLength(1);
  });

  it('lists latest versions only, newest first, paginated with X-Total-Count', async () => {
    const other = await createTestKey(s, 'list tenant');
    const ids: string[] = [];
    for (const n of ['L1', 'L2', 'L3']) ids.push((await (await create({ name: n, ...SCENARIO }, other)).json() as Configuration).id);
    await s.call(`/api/v1/configurations/${ids[0]}`, { method: 'PUT', key: other, json: { ...SCENARIO, total_patients: 5 } });

    const all = await s.call('/api/v1/configurations/', { key: other });
    expect(all.headers.get('x-total-count')).toBe('3');
    const list = await all.json() as Configuration[];
    expect(list.map((c) => [c.name, c.version])).toEqual([['L1', 2], ['L3', 1], ['L2', 1]]);

    const page = await s.call('/api/v1/configurations?skip=1&limit=1', { key: other });
    expect(page.headers.get('x-total-count')).toBe('3');
    expect((await page.json() as Configuration[]).map((c) => c.name)).toEqual(['L3']);

    expect((await s.call('/api/v1/configurations/?limit=0', { key: other })).status).toBe(422);
  });

  it('keeps tenants apart: another key gets 404, an admin key sees all', async () => {
    const intruder = await createTestKey(s, 'intruder');
    const mine = await (await create({ name: 'Private', ...SCENARIO })).json() as Configuration;
    const path = `/api/v1/configurations/${mine.id}`;
    for (const [method, json] of [['GET', undefined], ['PUT', { ...SCENARIO }], ['DELETE', undefined]] as const) {
      const r = await s.call(path, { method, key: intruder, json });
      expect(r.status).toBe(404);
      expect((await r.json() as ErrorBody).error).toBe('Not Found');
    }
    expect((await s.call(`${path}/versions`, { key: intruder })).status).toBe(404);
    const intruderList = await (await s.call('/api/v1/configurations/', { key: intruder })).json() as Configuration[];
    expect(intruderList.map((c) => c.id)).not.toContain(mine.id);

    const asAdmin = await s.call(path); // operator key = admin
    expect(asAdmin.status).toBe(200);
    const adminList = await (await s.call('/api/v1/configurations/?limit=500')).json() as Configuration[];
    expect(adminList.map((c) => c.id)).toContain(mine.id);
    // An admin's change keeps the configuration with its owner.
    await s.call(path, { method: 'PUT', json: { ...SCENARIO, total_patients: 9 } });
    const mineNow = await (await s.call('/api/v1/configurations/?limit=500', { key: tenant })).json() as Configuration[];
    expect(mineNow.find((c) => c.id === mine.id)).toMatchObject({ version: 2, total_patients: 9 });
  });

  it('DELETE removes the whole lineage (204), then 404', async () => {
    const c = await (await create({ name: 'Doomed', ...SCENARIO })).json() as Configuration;
    const v2 = await (await s.call(`/api/v1/configurations/${c.id}`, { method: 'PUT', key: tenant, json: { ...SCENARIO } })).json() as Configuration;
    const del = await s.call(`/api/v1/configurations/${v2.version_id}`, { method: 'DELETE', key: tenant });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect((await s.call(`/api/v1/configurations/${c.id}`, { key: tenant })).status).toBe(404);
    expect((await s.call(`/api/v1/configurations/${v2.version_id}/versions`, { key: tenant })).status).toBe(404);
    expect((await s.call(`/api/v1/configurations/${c.id}`, { method: 'DELETE', key: tenant })).status).toBe(404);
  });

  it('answers 404 for ids that are not uuids', async () => {
    const r = await s.call('/api/v1/configurations/not-a-uuid', { key: tenant });
    expect(r.status).toBe(404);
  });

  it('validates without saving', async () => {
    const before = (await s.call('/api/v1/configurations/', { key: tenant })).headers.get('x-total-count');
    const ok = await s.call('/api/v1/configurations/validate/', { method: 'POST', key: tenant, json: SCENARIO });
    expect(ok.status).toBe(200);
    const answer = await ok.json() as { valid: boolean; errors: unknown[]; expected_outcomes: Record<string, number> };
    expect(answer).toMatchObject({ valid: true, errors: [] });
    // The expected outcome mix of a valid scenario: a share per final status, summing to 1.
    expect(Object.keys(answer.expected_outcomes).sort()).toEqual(['DOW', 'Died_DNBI', 'KIA', 'RTD', 'Remains_Role4']);
    expect(Object.values(answer.expected_outcomes).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(answer.expected_outcomes.RTD).toBeGreaterThan(0.5);

    const bad = await s.call('/api/v1/configurations/validate', {
      method: 'POST', key: tenant,
      json: { injury_mix: { Disease: 0.5, 'Non-Battle Injury': 0.1, 'Battle Injury': 0.1 }, facility_configs: [{ id: 'R9', kia_rate: 0.1, rtd_rate: 0.1 }] },
    });
    expect(bad.status).toBe(200);
    const v = await bad.json() as { valid: boolean; errors: { path: string; message: string }[] };
    expect(v.valid).toBe(false);
    expect(v.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['injury_mix', 'facility_configs[0].id']));

    for (const body of ['"text"', '[1]', 'null']) {
      const r = await s.call('/api/v1/configurations/validate/', { method: 'POST', key: tenant, body, headers: { 'Content-Type': 'application/json' } });
      expect(r.status).toBe(422);
    }
    expect((await s.call('/api/v1/configurations/', { key: tenant })).headers.get('x-total-count')).toBe(before);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = await (await s.call('/openapi.json', { key: null })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/configurations/', '/api/v1/configurations/{id}', '/api/v1/configurations/{id}/versions', '/api/v1/configurations/{id}/versions/{version}', '/api/v1/configurations/validate/']));
    expect(Object.keys(doc.paths['/api/v1/configurations/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
  });
});
