import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsRepository } from '../src/db/index.js';
import { parseScenario, scenarioToInput } from '../src/engine/index.js';
import { getJob, scenario, submit, waitFor } from './jobs-helpers.js';
import { OPERATOR, startTestServer, type TestServer } from './server-helpers.js';

const url = process.env.TEST_DATABASE_URL;

/** A running row whose process died an hour ago, created `createdAgoMs` ago. */
function deadWorkersJob(ownerKeyId: string, total: number, createdAgoMs: number) {
  const parsed = parseScenario(scenario(total, 3));
  if (!parsed.ok) throw new Error('scenario');
  const created = new Date(Date.now() - createdAgoMs);
  const stale = new Date(Date.now() - 3_600_000);
  return {
    owner_key_id: ownerKeyId, status: 'running' as const, priority: 'normal',
    request: JSON.stringify({ output_formats: ['json'], use_compression: false, use_encryption: false, priority: 'normal', total_patients: total }),
    scenario: JSON.stringify(scenarioToInput(parsed.scenario)), configuration_id: null, total_patients: total,
    patients_generated: 3, progress: 10, current_step: 'generating', attempts: 1,
    created_at: created, updated_at: stale, started_at: stale,
  };
}

describe.skipIf(!url)('a job requeued after its worker died keeps its place (PostgreSQL, takeover by a live worker)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ url, env: { MAX_CONCURRENT_JOBS: '1', JOB_STALE_SECONDS: '5' } });
  });
  afterAll(async () => { await s?.close(); });

  it('runs before jobs submitted after it, within its priority; a higher priority still goes first', async () => {
    const repo = new JobsRepository(s.deps.database.db);
    const auth = await s.deps.authenticator.authenticate(OPERATOR);
    if (!auth.ok) throw new Error('key');
    // The only slot is busy, so everything below waits in the queue.
    const blocker = await submit(s, { configuration: scenario(1_000_000), output_formats: ['ndjson'] });
    await waitFor(s, blocker, (j) => j.status === 'running');
    const later1 = await submit(s, { configuration: scenario(7) });
    const later2 = await submit(s, { configuration: scenario(8) });
    const urgent = await submit(s, { configuration: scenario(9), priority: 'high' });
    // Created a minute before them, by a worker that died while running it.
    const orphan = (await repo.insert(deadWorkersJob(auth.principal.keyId, 12, 60_000))).id;
    await waitFor(s, orphan, (j) => j.status === 'queued', 15_000); // taken over: back in the queue
    await s.call(`/api/v1/jobs/${blocker}/cancel`, { method: 'POST' });

    const done = await Promise.all([urgent, orphan, later1, later2].map((id) => waitFor(s, id, undefined, 30_000)));
    expect(done.map((j) => j.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const started = await Promise.all([urgent, orphan, later1, later2].map(async (id) => Date.parse((await getJob(s, id)).started_at as string)));
    // high first, then the normal ones oldest first: the requeued job before those created after it
    expect([...started].sort((a, b) => a - b)).toEqual(started);
  }, 60_000);
});
