import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsRepository, type DatabaseHandle } from '../src/db/index.js';
import { openTestDatabase } from '../src/db/test-databases.js';
import { JobQueue } from '../src/jobs/queue.js';
import { getJob, scenario, submit, waitFor } from './jobs-helpers.js';
import { closeTestDatabase, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

const job = (id: string, total = 3) => ({
  id, owner_key_id: null, status: 'queued' as const, priority: 'high', request: '{}', scenario: `{"total_patients":${total}}`,
  configuration_id: null, total_patients: total, current_step: 'queued',
});

describe.each(testDatabaseKinds())('submitting jobs with their queue tokens on $name', ({ url }) => {
  let database: DatabaseHandle;
  let repo: JobsRepository;
  let queue: JobQueue;
  beforeAll(async () => {
    database = await openTestDatabase(url);
    repo = new JobsRepository(database.db);
    queue = new JobQueue(database);
    await queue.start();
  });
  afterAll(async () => {
    await queue.stop();
    await closeTestDatabase(database);
  });

  async function drain(): Promise<string[]> {
    const delivered: string[] = [];
    for (let d = await queue.fetch(100); d.length > 0; d = await queue.fetch(100)) {
      delivered.push(...d.map((x) => x.jobId));
      await queue.ack(d.map((x) => x.tokenId));
    }
    return delivered.sort();
  }

  it('writes the job rows and one deliverable token each in one statement', async () => {
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const tokens = await queue.sendStatement(ids.map((jobId) => ({ jobId, priority: 'high' as const })));
    const { rows, companionRows } = await repo.insertWith(ids.map((id, i) => job(id, i + 1)), tokens);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.total_patients)).toEqual(ids.map((_id, i) => i + 1));
    expect(rows[0]).toMatchObject({ status: 'queued', priority: 'high' });
    expect(companionRows).toBe(30);
    expect((await repo.findById(ids[4] as string))?.scenario).toEqual({ total_patients: 5 });
    expect(await drain()).toEqual([...ids].sort());
  });

  it('writes none of them when a token or a row cannot be written', async () => {
    const id = randomUUID();
    // A companion that collides with the job row itself: the whole statement fails.
    const failing = { text: 'insert into jobs (id, status, request, scenario, total_patients) values ($1, \'queued\', \'{}\', \'{}\', 1) returning id', values: [id] };
    await expect(repo.insertWith([job(id)], failing)).rejects.toThrow();
    expect(await repo.findById(id)).toBeUndefined();
    // The same job twice in one batch: the batch fails whole, tokens included.
    const other = randomUUID();
    const fresh = randomUUID();
    const tokens = await queue.sendStatement([other, fresh, other].map((jobId) => ({ jobId, priority: 'low' as const })));
    await expect(repo.insertWith([job(other), job(fresh), job(other)], tokens)).rejects.toThrow();
    expect(await repo.findById(fresh)).toBeUndefined();
    expect(await drain()).toEqual([]);
  });

  it('falls back to one transaction for a companion that cannot be nested', async () => {
    const id = randomUUID();
    const ok = await repo.insertWith([job(id)], { text: 'select $1::text as x', values: ['a'] });
    expect(ok).toMatchObject({ rows: [{ id }], companionRows: 1 });
    const other = randomUUID();
    await expect(repo.insertWith([job(other)], { text: 'select 1 / $1::int as x', values: [0] })).rejects.toThrow(/division by zero/);
    expect(await repo.findById(other)).toBeUndefined();
  });
});

describe.each(testDatabaseKinds())('concurrent submits over HTTP on $name', ({ url }) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url }); });
  afterAll(async () => { await s.close(); });

  it('gives each of 40 simultaneous submits its own job, and every job completes with its own count', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_x, i) => submit(s, { configuration: scenario(i + 1, i), output_formats: ['csv'] })));
    expect(new Set(ids).size).toBe(40);
    for (const [i, id] of ids.entries()) expect((await getJob(s, id)).progress_details.total_patients).toBe(i + 1);
    // One job polled at a time: 40 parallel pollers would spend the key's read window (600 a
    // minute) in a second whenever the jobs take longer than that.
    const done = [];
    for (const id of ids) done.push(await waitFor(s, id));
    expect(done.map((j) => j.status)).toEqual(ids.map(() => 'completed'));
    expect(done.map((j) => j.summary?.total_patients)).toEqual(ids.map((_id, i) => i + 1));
  }, 120_000);
});
