import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, scenarioToInput } from '../src/engine/index.js';
import { startJobRun } from '../src/jobs/job-thread-pool.js';
import { scenario, submit, waitFor } from './jobs-helpers.js';
import { startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

describe.each(testDatabaseKinds())('job limits on $name', ({ url }) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url, env: { JOB_TIMEOUT_SECONDS: '1' } }); });
  afterAll(async () => { await s.close(); });

  it('fails a job over the runtime limit with a clear error and no files', async () => {
    const id = await submit(s, { configuration: scenario(1_000_000) });
    const job = await waitFor(s, id);
    expect(job.status).toBe('failed');
    expect(job.error).toBe('job exceeded the runtime limit of 1 s (JOB_TIMEOUT_SECONDS)');
    expect(existsSync(join(s.config.outputDir, id))).toBe(false);
    const text = await (await s.call('/metrics', { key: null })).text();
    expect(text).toMatch(/patient_generation_errors_total\{error_type="timeout"\} 1/);
  });
});

describe('job thread heap limit', () => {
  it('fails a thread that outgrows its heap with the memory-limit message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medgen-oom-'));
    try {
      const script = join(dir, 'hog.mjs');
      await writeFile(script, 'const hold = []; for (;;) hold.push(new Array(1e5).fill(Math.random()));\n');
      const parsed = parseScenario(scenario(10));
      if (!parsed.ok) throw new Error('scenario');
      const run = startJobRun({ scenario: scenarioToInput(parsed.scenario), formats: ['json'], outDir: dir, gzip: false, workers: 1 }, { timeoutSeconds: 60, memoryMb: 64 }, () => undefined, pathToFileURL(script));
      expect(await run.outcome).toEqual({ kind: 'failed', errorType: 'memory', error: 'job exceeded the memory limit of 64 MB (JOB_MAX_MEMORY_MB)' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
