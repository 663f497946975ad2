import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-helpers.js';

// Generation (a job) and streaming resolve a scenario through one service: the same request
// asked of both is refused with the same status, message and field (named as each route names it).

const STREAM = '/api/v1/streaming/generate';
const GENERATE = '/api/v1/generation/';
const MISSING = '33333333-3333-4333-8333-333333333333';

interface Envelope { error: string; detail: { path: string; message: string }[] | string }

async function answer(r: Response): Promise<{ status: number; body: Envelope }> {
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: r.status, body: await r.json() as Envelope };
}

describe('one scenario resolution behind generation and streaming', () => {
  let s: TestServer;
  let savedId: string;
  beforeAll(async () => {
    s = await startTestServer({ env: { MAX_PATIENTS_PER_JOB: '500' } });
    const created = await s.call('/api/v1/configurations/', { method: 'POST', json: { name: 'saved', total_patients: 20 } });
    expect(created.status).toBe(201);
    savedId = (await created.json() as { id: string }).id;
  });
  afterAll(async () => { await s.close(); });

  it('a saved configuration generates the same count both ways, with the override applied', async () => {
    const job = await s.call(GENERATE, { method: 'POST', json: { configuration_id: savedId, total_patients: 7 } });
    expect(job.status).toBe(201);
    expect((await job.json() as { message: string }).message).toMatch(/^Job queued: 7 patients/);
    const stream = await s.call(`${STREAM}?configuration_id=${savedId}&count=7&format=ndjson`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('x-patient-count')).toBe('7');
    expect((await stream.text()).trim().split('\n')).toHaveLength(7);
  });

  it('an unknown configuration or version: 404 with the same message from both', async () => {
    const viaJob = await answer(await s.call(GENERATE, { method: 'POST', json: { configuration_id: MISSING } }));
    const viaStream = await answer(await s.call(`${STREAM}?configuration_id=${MISSING}`));
    expect([viaJob.status, viaStream.status]).toEqual([404, 404]);
    expect(viaJob.body.detail).toBe(`configuration "${MISSING}" not found`);
    expect(viaStream.body.detail).toBe(viaJob.body.detail);
    const version = await answer(await s.call(`${STREAM}?configuration_id=${savedId}&configuration_version=4`));
    expect([version.status, version.body.detail]).toEqual([404, `version 4 of configuration "${savedId}" not found`]);
  });

  it('over MAX_PATIENTS_PER_JOB: 422 naming the field that asked (total_patients for a job, count for a stream)', async () => {
    const viaJob = await answer(await s.call(GENERATE, { method: 'POST', json: { configuration_id: savedId, total_patients: 501 } }));
    const viaStream = await answer(await s.call(`${STREAM}?configuration_id=${savedId}&count=501`));
    const message = '501 patients exceeds the per-request limit of 500 (MAX_PATIENTS_PER_JOB)';
    expect(viaJob).toEqual({ status: 422, body: expect.objectContaining({ error: 'Validation Error', detail: [{ path: 'total_patients', message }] }) });
    expect(viaStream).toEqual({ status: 422, body: expect.objectContaining({ error: 'Validation Error', detail: [{ path: 'count', message }] }) });
    const inline = await answer(await s.call(GENERATE, { method: 'POST', json: { configuration: { total_patients: 600 } } }));
    expect(inline.body.detail).toEqual([{ path: 'configuration.total_patients', message: message.replace('501', '600') }]);
  });

  it("an inline scenario's problems: inside `configuration` for a job, at the body's own fields for a stream", async () => {
    const viaJob = await answer(await s.call(GENERATE, { method: 'POST', json: { configuration: { total_patients: 5, bogus: 1 } } }));
    const viaStream = await answer(await s.call(STREAM, { method: 'POST', json: { total_patients: 5, bogus: 1 } }));
    expect([viaJob.status, viaStream.status]).toEqual([422, 422]);
    const job = viaJob.body.detail as { path: string; message: string }[];
    const stream = viaStream.body.detail as { path: string; message: string }[];
    expect(job.map((p) => p.path)).toEqual(['configuration.bogus']);
    expect(stream).toEqual([{ path: 'bogus', message: job[0]?.message }]);
  });

  it('a stream naming two sources, or a version without a configuration, is a 422 naming the field', async () => {
    const both = await answer(await s.call(`${STREAM}?configuration_id=${savedId}&preset=training_exercise`));
    expect(both.status).toBe(422);
    expect(both.body.detail).toEqual([expect.objectContaining({ path: 'preset' })]);
    const version = await answer(await s.call(`${STREAM}?configuration_version=2`));
    expect(version).toEqual({ status: 422, body: expect.objectContaining({ detail: [{ path: 'configuration_version', message: 'needs configuration_id' }] }) });
  });
});
