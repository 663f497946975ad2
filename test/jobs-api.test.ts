import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationsRepository } from '../src/db/index.js';
import { getJob, readEvents, scenario, submit, unzip, waitFor, type Job } from './jobs-helpers.js';
import { createTestKey, DEMO, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

const GEN = '/api/v1/generation/';

describe.each(testDatabaseKinds())('jobs API on $name', ({ url }) => {
  let s: TestServer;
  let completed: Job;
  beforeAll(async () => {
    s = await startTestServer({ url });
    completed = await waitFor(s, await submit(s, { configuration: scenario(40), output_formats: ['json', 'csv', 'fhir-bulk'] }));
  });
  afterAll(async () => { await s.close(); });

  it('completes a job: progress 100, summary equal to the request, outputs with size and sha256', async () => {
    const job = completed;
    expect(job.error).toBeUndefined();
    expect(job.status).toBe('completed');
    expect(job.progress).toBe(100);
    expect(job.summary?.total_patients).toBe(40);
    expect(job.progress_details).toMatchObject({ patients_generated: 40, total_patients: 40, current_step: 'completed' });
    expect(job.summary?.seed).toBe(11);
    for (const k of ['by_final_status', 'by_triage', 'by_injury_type'] as const) {
      expect(Object.values(job.summary?.[k] ?? {}).reduce((a, b) => a + b, 0)).toBe(40);
    }
    expect(job.config).toMatchObject({ name: 'jobs test', seed: 11, total_patients: 40 });
    expect(JSON.stringify(job)).not.toMatch(/password/);
    expect(job.started_at && job.completed_at && job.started_at <= job.completed_at).toBe(true);
    expect(job.output_files?.map((f) => f.name)).toEqual(expect.arrayContaining(['patients.json', 'patients.csv', 'fhir-bulk/Patient.ndjson', 'fhir-bulk/manifest.json']));
    expect(job.output_files?.find((f) => f.name === 'patients.csv')?.format).toBe('csv');
    expect(job.output_files?.find((f) => f.name === 'fhir-bulk/manifest.json')?.format).toBe('fhir-bulk');
  });

  it('streams the ZIP with every file (sha256 matching) and ?format=json alone', async () => {
    const id = completed.job_id;
    const zipRes = await s.call(`/api/v1/downloads/${id}`);
    expect(zipRes.status).toBe(200);
    expect(zipRes.headers.get('content-type')).toBe('application/zip');
    expect(zipRes.headers.get('content-disposition')).toBe(`attachment; filename="patients_${id}.zip"`);
    const files = await unzip(Buffer.from(await zipRes.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(completed.output_files?.map((f) => f.name).sort());
    for (const f of completed.output_files ?? []) {
      const bytes = files.get(f.name) as Buffer;
      expect(bytes.length).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
    const json = await s.call(`/api/v1/downloads/${id}?format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="patients_${id}.json"`);
    const body = Buffer.from(await json.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(completed.output_files?.find((f) => f.name === 'patients.json')?.sha256);
    expect((JSON.parse(body.toString('utf8')) as { patients: unknown[] }).patients).toHaveLength(40);

    const missing = await s.call(`/api/v1/downloads/${id}?format=xml`);
    expect(missing.status).toBe(400);
    expect((await s.call(`/api/v1/downloads/${id}?format=pdf`)).status).toBe(422);
  });

  it('pages results, regenerated identically to the files', async () => {
    const id = completed.job_id;
    const r = await s.call(`/api/v1/jobs/${id}/results?page=2&per_page=15`);
    expect(r.status).toBe(200);
    const page = await r.json() as { job_id: string; total: number; page: number; per_page: number; total_pages: number; patients: { id: number }[] };
    expect(page).toMatchObject({ job_id: id, total: 40, page: 2, per_page: 15, total_pages: 3 });
    expect(page.patients.map((p) => p.id)).toEqual(Array.from({ length: 15 }, (_, i) => 15 + i));
    const file = JSON.parse(await (await s.call(`/api/v1/downloads/${id}?format=json`)).text()) as { patients: unknown[] };
    expect(page.patients[0]).toEqual(file.patients[15]);
    const last = await (await s.call(`/api/v1/jobs/${id}/results?page=3&per_page=15`)).json() as { patients: unknown[] };
    expect(last.patients).toHaveLength(10);
    expect((await s.call(`/api/v1/jobs/${id}/results?per_page=501`)).status).toBe(422);
  });

  it('refuses bad requests: auth before validation, formats, passwords, configuration choice, scenario problems', async () => {
    const noKey = await s.call(GEN, { method: 'POST', key: null, json: { output_formats: ['nope'], use_encryption: 'x' } });
    expect(noKey.status).toBe(401);
    expect((await s.call(GEN, { method: 'POST', key: 'sk_live_' + '0'.repeat(56), json: 'junk' })).status).toBe(401);

    const badFormat = await s.call(GEN, { method: 'POST', json: { configuration: scenario(5), output_formats: ['json', 'pdf'] } });
    expect(badFormat.status).toBe(422);
    const badBody = await badFormat.json() as { error: string; detail: { path: string; message: string }[] };
    expect(badBody.error).toBe('Validation Error');
    expect(JSON.stringify(badBody.detail)).toContain('Invalid output format');
    expect(badBody.detail[0]?.path).toBe('output_formats[1]');

    const short = await s.call(GEN, { method: 'POST', json: { configuration: scenario(5), use_encryption: true, encryption_password: 'short' } });
    expect(short.status).toBe(422);
    expect(JSON.stringify(await short.json())).toContain('encryption_password');
    expect((await s.call(GEN, { method: 'POST', json: { configuration: scenario(5), use_encryption: true } })).status).toBe(422);

    const neither = await s.call(GEN, { method: 'POST', json: { output_formats: ['json'] } });
    expect(neither.status).toBe(422);
    const both = await s.call(GEN, { method: 'POST', json: { configuration: scenario(5), configuration_id: '00000000-0000-4000-8000-000000000000' } });
    expect(both.status).toBe(422);
    expect(JSON.stringify(await both.json())).toContain('exactly one');

    const invalid = await s.call(GEN, { method: 'POST', json: { configuration: { total_patients: -3, days_of_fighting: 'many', bogus: 1 } } });
    expect(invalid.status).toBe(422);
    const paths = ((await invalid.json()) as { detail: { path: string }[] }).detail.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['configuration.total_patients', 'configuration.days_of_fighting', 'configuration.bogus']));

    const priority = await s.call(GEN, { method: 'POST', json: { configuration: scenario(5), priority: 'urgent' } });
    expect(priority.status).toBe(422);
    const tooMany = await s.call(GEN, { method: 'POST', json: { configuration: scenario(5), total_patients: 2_000_000 } });
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(await tooMany.json())).toContain('MAX_PATIENTS_PER_JOB');
    expect((await s.call(GEN, { method: 'POST', json: { configuration_id: '00000000-0000-4000-8000-000000000000' } })).status).toBe(404);
  });

  it('runs a saved configuration with a count override and the demo key limit', async () => {
    const tenant = await createTestKey(s, 'config owner');
    const owner = await s.deps.authenticator.authenticate(tenant);
    if (!owner.ok) throw new Error('key');
    const saved = await new ConfigurationsRepository(s.deps.database.db).create(owner.principal.keyId, { name: 'saved', description: null, config: { count: 500, days_of_fighting: 2, seed: 5 } });
    const id = await submit(s, { configuration_id: saved.id, total_patients: 12, output_formats: ['ndjson'] }, tenant);
    const job = await waitFor(s, id, undefined, 30_000, tenant);
    expect(job.status).toBe('completed');
    expect(job.summary?.total_patients).toBe(12);
    expect(job.config).toMatchObject({ name: 'saved', seed: 5 });
    // Another tenant cannot use it.
    const other = await createTestKey(s, 'stranger');
    expect((await s.call(GEN, { method: 'POST', key: other, json: { configuration_id: saved.id } })).status).toBe(404);
    const demo = await s.call(GEN, { method: 'POST', key: DEMO, json: { configuration: scenario(51) } });
    expect(demo.status).toBe(400);
    expect(demo.headers.get('x-limit-type')).toBe('patients_per_request');
  });

  it('answers 404 envelopes for unknown, malformed and foreign jobs; 400 before completion', async () => {
    for (const path of ['/api/v1/jobs/00000000-0000-4000-8000-000000000000', '/api/v1/jobs/not-a-uuid', '/api/v1/downloads/not-a-uuid', '/api/v1/jobs/not-a-uuid/results']) {
      const r = await s.call(path);
      expect(r.status).toBe(404);
      expect(Object.keys(await r.json() as object).sort()).toEqual(['detail', 'error', 'request_id', 'timestamp']);
    }
    const stranger = await createTestKey(s);
    for (const [path, method] of [[`/api/v1/jobs/${completed.job_id}`, 'GET'], [`/api/v1/downloads/${completed.job_id}`, 'GET'], [`/api/v1/jobs/${completed.job_id}/cancel`, 'POST'], [`/api/v1/jobs/${completed.job_id}`, 'DELETE'], [`/api/v1/jobs/${completed.job_id}/events`, 'GET'], [`/api/v1/jobs/${completed.job_id}/results`, 'GET']] as const) {
      expect((await s.call(path, { method, key: stranger })).status).toBe(404);
    }
    expect((await s.call(`/api/v1/jobs/${completed.job_id}/cancel`, { method: 'POST' })).status).toBe(400);

    // A big job is queued or running: no download or results yet.
    const big = await submit(s, { configuration: scenario(200_000), priority: 'low' });
    const d = await s.call(`/api/v1/downloads/${big}`);
    expect(d.status).toBe(400);
    expect(((await d.json()) as { error: string }).error).toBe('Bad Request');
    expect((await s.call(`/api/v1/jobs/${big}/results`)).status).toBe(400);
    const del = await s.call(`/api/v1/jobs/${big}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await s.call(`/api/v1/jobs/${big}`)).status).toBe(404);
    expect(existsSync(join(s.config.outputDir, big))).toBe(false);
  });

  it('lists jobs newest first with X-Total-Count, filters and both paginations, per tenant', async () => {
    const tenant = await createTestKey(s, 'lister');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await submit(s, { configuration: scenario(3, i + 1) }, tenant));
    for (const id of ids) await waitFor(s, id, undefined, 30_000, tenant);
    const all = await s.call('/api/v1/jobs/', { key: tenant });
    expect(all.headers.get('x-total-count')).toBe('3');
    const listed = (await all.json()) as (Job & { output_files?: unknown[] })[];
    expect(listed.map((j) => j.job_id)).toEqual([...ids].reverse());
    // Completed jobs carry their files in the list, as the job itself does.
    for (const j of listed) {
      const one = (await (await s.call(`/api/v1/jobs/${j.job_id}`, { key: tenant })).json()) as { output_files?: unknown[] };
      expect(j.output_files?.length).toBeGreaterThan(0);
      expect(j.output_files).toEqual(one.output_files);
    }
    const v1 = (await (await s.call('/api/v1/jobs?skip=1&limit=1', { key: tenant })).json()) as Job[];
    expect(v1.map((j) => j.job_id)).toEqual([ids[1]]);
    const paged = (await (await s.call('/api/v1/jobs/?page=2&per_page=2', { key: tenant })).json()) as Job[];
    expect(paged.map((j) => j.job_id)).toEqual([ids[0]]);
    const none = await s.call('/api/v1/jobs/?status=failed', { key: tenant });
    expect(none.headers.get('x-total-count')).toBe('0');
    expect(await none.json()).toEqual([]);
    // The admin key sees every tenant's jobs.
    expect(Number((await s.call('/api/v1/jobs/?limit=1')).headers.get('x-total-count'))).toBeGreaterThan(3);
  });

  it('pushes progress over SSE until the job is terminal, also when attaching afterwards', async () => {
    const id = await submit(s, { configuration: scenario(3000), output_formats: ['json'] });
    const r = await s.call(`/api/v1/jobs/${id}/events`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(r);
    const last = events.at(-1) as { status: string; progress: number; patients_generated: number };
    expect(last).toMatchObject({ job_id: id, status: 'completed', progress: 100, patients_generated: 3000 });
    const progress = events.map((e) => e.patients_generated as number);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    const again = await readEvents(await s.call(`/api/v1/jobs/${id}/events`));
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 'completed' });
  });

  it('reports the job worker in health and counts written patients in metrics', async () => {
    const health = await (await s.call('/api/v1/health', { key: null })).json() as { checks: { job_worker: Record<string, unknown> } };
    expect(health.checks.job_worker).toMatchObject({ status: 'healthy', capacity: s.config.maxConcurrentJobs });
    expect(typeof health.checks.job_worker.running).toBe('number');
    expect(typeof health.checks.job_worker.queued).toBe('number');
    const text = await (await s.call('/metrics', { key: null })).text();
    const csv = /patients_generated_total\{format="csv"\} (\d+)/.exec(text);
    expect(Number(csv?.[1])).toBeGreaterThanOrEqual(40);
    expect(text).toMatch(/job_status_changes_total\{from_status="running",to_status="completed"\} \d+/);
    expect(text).toMatch(/job_queue_size\{status="queued"\} \d+/);
  });

  it('documents every job route in OpenAPI and estimates from measured throughput', async () => {
    const doc = await (await s.call('/openapi.json', { key: null })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/generation/', '/api/v1/jobs/', '/api/v1/jobs/{id}', '/api/v1/jobs/{id}/events', '/api/v1/jobs/{id}/results',
      '/api/v1/jobs/{id}/cancel', '/api/v1/downloads/{id}',
    ]));
    const small = s.jobs.estimateSeconds(100, 1);
    const big = s.jobs.estimateSeconds(1_000_000, 1);
    expect(small).toBeGreaterThan(0);
    expect(big).toBeGreaterThan(small * 10);
  });

  it('reads a job back through deps.findJob with the dashboard aggregates, owner-scoped', async () => {
    const admin = await s.deps.authenticator.authenticate('test-operator-key-0123456789');
    if (!admin.ok) throw new Error('key');
    const found = await s.deps.findJob?.(completed.job_id, admin.principal);
    expect(found).toMatchObject({ id: completed.job_id, status: 'completed', total_patients: 40 });
    expect((found?.summary as { dashboard?: unknown }).dashboard).toBeTruthy();
    const stranger = await s.deps.authenticator.authenticate(await createTestKey(s));
    if (!stranger.ok) throw new Error('key');
    expect(await s.deps.findJob?.(completed.job_id, stranger.principal)).toBeUndefined();
    expect(await s.deps.findJob?.('junk', admin.principal)).toBeUndefined();
    await getJob(s, completed.job_id);
  });
});
