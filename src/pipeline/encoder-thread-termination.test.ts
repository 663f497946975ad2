import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRun, parseScenario } from '../engine/index.js';
import { getFormat } from '../formats/index.js';
import { EncoderThreads } from './encoder-threads.js';
import { generateToSinks } from './pipeline.js';
import type { RunInit } from './thread-protocol.js';

const parsed = parseScenario({ total_patients: 3_000, seed: 11 });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const scenario = parsed.scenario;

async function sha(workers: number, threads?: EncoderThreads): Promise<string> {
  const hash = createHash('sha256');
  const sink = new Writable({ write(chunk: Buffer, _e, cb) { hash.update(chunk); cb(); } });
  await generateToSinks({ run: createRun(scenario), formats: [getFormat('ndjson')!], sinks: [sink], workers, threads, chunkSize: 200 });
  return hash.digest('hex');
}

describe('encoder threads stopped while they load a run', () => {
  it('terminating threads at varying moments of their first run never takes the process down; later runs give the one-thread bytes', async () => {
    // A thread loads its run's name locales when the run arrives; stopped inside a synchronous
    // require() of one, Node 20 could abort the whole process. They load asynchronously now.
    const init: RunInit = { init: { runId: 1, spec: { scenario, seed: 11 }, formats: ['ndjson'], batchSize: 32, bufferSize: 1 << 20, share: true } };
    for (let i = 0; i < 12; i++) {
      const threads = EncoderThreads.start(1, { nice: 0 });
      await threads.ready();
      threads.workers[0]!.postMessage(init);
      threads.workers[0]!.postMessage({ chunk: 0, start: 0, end: 100, returned: [] });
      await new Promise((r) => setTimeout(r, (i * 7) % 60));
      await threads.terminate();
    }
    const threads = EncoderThreads.start(1, { nice: 0 });
    try {
      expect(await sha(2, threads)).toBe(await sha(1));
    } finally {
      await threads.terminate();
    }
  }, 60_000);
});
