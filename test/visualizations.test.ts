import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardAccumulator, type DashboardData, type Patient } from '../src/engine/index.js';
import { createTestKey, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

const SCENARIO = { total_patients: 60, seed: 4, days_of_fighting: 2 };

interface Job { job_id: string; status: string }

async function submit(s: TestServer, key: string, configuration: object): Promise<string> {
  const r = await s.call('/api/v1/generation/', { method: 'POST', key, json: { configuration, output_formats: ['json'] } });
  expect(r.status).toBe(201);
  return (await r.json() as Job).job_id;
}

async function waitTerminal(s: TestServer, key: string, id: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = await (await s.call(`/api/v1/jobs/${id}`, { key })).json() as Job;
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

/** The same patients through the streaming endpoint: one generator, one seed, same patients. */
async function streamed(s: TestServer, key: string): Promise<Patient[]> {
  const r = await s.call('/api/v1/streaming/generate', { method: 'POST', key, json: SCENARIO, headers: { Accept: 'application/x-ndjson' } });
  return (await r.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as Patient);
}

describe.each(testDatabaseKinds())('visualizations on $name', ({ url }) => {
  let s: TestServer;
  let owner: string;
  let stranger: string;
  let jobId: string;
  let patients: Patient[];
  beforeAll(async () => {
    s = await startTestServer({ url });
    owner = await createTestKey(s, 'dashboard owner');
    stranger = await createTestKey(s, 'stranger');
    jobId = await submit(s, owner, SCENARIO);
    expect((await waitTerminal(s, owner, jobId)).status).toBe('completed');
    patients = await streamed(s, owner);
  }, 120_000);
  afterAll(async () => { await s.close(); });

  it('serves the dashboard aggregates of a completed job, equal to counting its patients', async () => {
    const r = await s.call(`/api/v1/visualizations/dashboard-data?job_id=${jobId}`, { key: owner });
    expect(r.status).toBe(200);
    const body = await r.json() as DashboardData & { job_id: string };
    expect(body.job_id).toBe(jobId);
    const acc = new DashboardAccumulator();
    for (const p of patients) acc.add(p);
    const { job_id: _id, ...dashboard } = body;
    expect(dashboard).toEqual(acc.result());
    expect(body.summary.total_patients).toBe(60);
    expect(body.casualties_by_hour.reduce((n, h) => n + h.count, 0)).toBe(60);
    expect(body.patient_flow.nodes.map((n) => n.id)).toEqual(['POI', 'R1', 'R2', 'R3', 'R4', 'KIA', 'DOW', 'RTD', 'Remains_Role4', 'Died_DNBI']);

    const job = await (await s.call(`/api/v1/jobs/${jobId}`, { key: owner })).json() as { summary: { by_final_status: Record<string, number> } };
    expect(body.summary.by_final_status).toEqual(job.summary.by_final_status);
  });

  it('serves one real patient by its numeric id', async () => {
    for (const i of [0, 17, 59]) {
      const r = await s.call(`/api/v1/visualizations/patient-detail/${i}?job_id=${jobId}`, { key: owner });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await r.text()).toBe(JSON.stringify(patients[i]));
    }
    const outOfRange = await s.call(`/api/v1/visualizations/patient-detail/60?job_id=${jobId}`, { key: owner });
    expect(outOfRange.status).toBe(404);
    const notNumeric = await s.call(`/api/v1/visualizations/patient-detail/${patients[0]?.uuid}?job_id=${jobId}`, { key: owner });
    expect(notNumeric.status).toBe(422);
  });

  it('answers 422 without job_id, 404 for unknown or foreign jobs, 401 without key', async () => {
    const missing = await s.call('/api/v1/visualizations/dashboard-data', { key: owner });
    expect(missing.status).toBe(422);
    expect((await missing.json() as { detail: { path: string }[] }).detail[0]?.path).toBe('job_id');
    expect((await s.call('/api/v1/visualizations/patient-detail/0', { key: owner })).status).toBe(422);

    for (const path of [`/api/v1/visualizations/dashboard-data?job_id=${jobId}`, `/api/v1/visualizations/patient-detail/0?job_id=${jobId}`]) {
      const foreign = await s.call(path, { key: stranger });
      expect(foreign.status).toBe(404);
      expect((await foreign.json() as { error: string }).error).toBe('Not Found');
      expect((await s.call(path)).status).toBe(200); // the operator key is an admin key
      expect((await s.call(path, { key: null })).status).toBe(401);
    }
    expect((await s.call('/api/v1/visualizations/dashboard-data?job_id=00000000-0000-4000-8000-000000000000', { key: owner })).status).toBe(404);
    expect((await s.call('/api/v1/visualizations/dashboard-data?job_id=nope', { key: owner })).status).toBe(404);
  });

  it('answers 400 while a job has not completed', async () => {
    const big = await submit(s, owner, { total_patients: 1_000_000, seed: 1 });
    for (const path of [`/api/v1/visualizations/dashboard-data?job_id=${big}`, `/api/v1/visualizations/patient-detail/0?job_id=${big}`]) {
      const r = await s.call(path, { key: owner });
      expect(r.status).toBe(400);
      expect((await r.json() as { detail: string }).detail).toMatch(/once it has completed/);
    }
    await s.call(`/api/v1/jobs/${big}/cancel`, { method: 'POST', key: owner });
    expect((await waitTerminal(s, owner, big)).status).toBe('cancelled');
  }, 60_000);
});
