import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsRepository, type DatabaseHandle } from '../src/db/index.js';
import { openTestDatabase } from '../src/db/test-databases.js';
import { JobQueue } from '../src/jobs/queue.js';
import { closeTestDatabase, testDatabaseKinds } from './server-helpers.js';

const job = (id: string) => ({
  id, owner_key_id: null, status: 'queued' as const, priority: 'high', request: '{}', scenario: '{"total_patients":3}',
  configuration_id: null, total_patients: 3, current_step: 'queued',
});

describe.each(testDatabaseKinds())('submitting a job with its queue token on $name', ({ url }) => {
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

  it('writes the job row and a deliverable token in one statement', async () => {
    const id = randomUUID();
    const { row, companionRows } = await repo.insertWith(job(id), await queue.sendStatement(id, 'high'));
    expect(row).toMatchObject({ id, status: 'queued', priority: 'high', total_patients: 3 });
    expect(companionRows).toBe(1);
    expect((await repo.findById(id))?.scenario).toEqual({ total_patients: 3 });
    const deliveries = await queue.fetch(5);
    expect(deliveries.map((d) => d.jobId)).toEqual([id]);
    await queue.ack(deliveries.map((d) => d.tokenId));
  });

  it('writes neither when the token cannot be written', async () => {
    const id = randomUUID();
    // A companion that collides with the job row itself: the whole statement fails.
    const failing = { text: 'insert into jobs (id, status, request, scenario, total_patients) values ($1, \'queued\', \'{}\', \'{}\', 1) returning id', values: [id] };
    await expect(repo.insertWith(job(id), failing)).rejects.toThrow();
    expect(await repo.findById(id)).toBeUndefined();
    expect(await queue.fetch(5)).toEqual([]);
  });

  it('falls back to one transaction for a companion that cannot be nested', async () => {
    const id = randomUUID();
    const ok = await repo.insertWith(job(id), { text: 'select $1::text as x', values: ['a'] });
    expect(ok).toMatchObject({ row: { id }, companionRows: 1 });
    const other = randomUUID();
    await expect(repo.insertWith(job(other), { text: 'select 1 / $1::int as x', values: [0] })).rejects.toThrow(/division by zero/);
    expect(await repo.findById(other)).toBeUndefined();
  });

  it('commits submits that arrive together as one statement, each with its own token', async () => {
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const results = await Promise.all(ids.map(async (id, i) => repo.insertWith({ ...job(id), total_patients: i + 1 }, await queue.sendStatement(id, 'normal'))));
    expect(results.map((r) => r.row.id)).toEqual(ids);
    expect(results.map((r) => r.row.total_patients)).toEqual(ids.map((_id, i) => i + 1));
    expect(results.every((r) => r.companionRows === 1)).toBe(true);
    const delivered: string[] = [];
    for (let d = await queue.fetch(100); d.length > 0; d = await queue.fetch(100)) {
      delivered.push(...d.map((x) => x.jobId));
      await queue.ack(d.map((x) => x.tokenId));
    }
    expect(delivered.sort()).toEqual([...ids].sort());
  });

  it('fails only the bad submit of a batch that fails', async () => {
    const good = [randomUUID(), randomUUID(), randomUUID()];
    const taken = good[1] as string;
    const submits = [...good.map(async (id) => repo.insertWith(job(id), await queue.sendStatement(id, 'low'))),
      // The same id again in the same batch: a primary-key violation for this submit alone.
      (async () => repo.insertWith(job(taken), await queue.sendStatement(taken, 'low')))()];
    const settled = await Promise.allSettled(submits);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    for (const id of good) expect((await repo.findById(id))?.id).toBe(id);
    const d = await queue.fetch(100);
    expect(d.map((x) => x.jobId).sort()).toEqual([...good].sort());
    await queue.ack(d.map((x) => x.tokenId));
  });
});
