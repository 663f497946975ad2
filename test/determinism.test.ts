import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRun, parseScenario, PRESETS, type Scenario } from '../src/engine/index.js';
import { jsonFormat, ndjsonFormat } from '../src/formats/index.js';
import { EncoderThreads, generateToSinks } from '../src/pipeline/index.js';
import { sha256 } from './helpers.js';

function scenario(input: Record<string, unknown>): Scenario {
  const res = parseScenario(input);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return res.scenario;
}

async function bytes(s: Scenario, opts: { workers?: number; batchSize?: number; chunkSize?: number; threads?: EncoderThreads } = {}): Promise<string[]> {
  const sinks = [new PassThrough(), new PassThrough()];
  const texts = ['', ''];
  sinks.forEach((s, i) => s.on('data', (c: Buffer) => { texts[i] += c.toString('utf8'); }));
  await generateToSinks({ run: createRun(s), formats: [jsonFormat, ndjsonFormat], sinks, ...opts });
  return texts;
}

describe('determinism', () => {
  it('pins the bytes of the default scenario and every preset (golden hashes)', async () => {
    const hashes: Record<string, string> = {};
    const [json, ndjson] = await bytes(scenario({ seed: 1, total_patients: 1000 }));
    hashes.default_json = sha256(json!);
    hashes.default_ndjson = sha256(ndjson!);
    for (const preset of PRESETS) {
      const [, nd] = await bytes(scenario({ ...preset.input, total_patients: 300 }));
      hashes[preset.id] = sha256(nd!);
    }
    expect(hashes).toMatchSnapshot();
  });

  it('gives the same bytes for any chunk size, batch size and worker count', async () => {
    const s = scenario({ seed: 'chunks', total_patients: 2500, exact_quotas: true });
    const [base] = await bytes(s);
    expect((await bytes(s, { chunkSize: 7, batchSize: 3 }))[0]).toBe(base);
    expect((await bytes(s, { workers: 2, chunkSize: 300 }))[0]).toBe(base);
    expect((await bytes(s, { workers: 3, chunkSize: 111, batchSize: 50 }))[0]).toBe(base);
  });

  it('differs for a different seed', async () => {
    const [a] = await bytes(scenario({ seed: 1, total_patients: 50 }));
    const [b] = await bytes(scenario({ seed: 2, total_patients: 50 }));
    expect(a).not.toBe(b);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const sink = new PassThrough();
    sink.resume();
    let seen = 0;
    const promise = generateToSinks({
      run: createRun(scenario({ seed: 1, total_patients: 50_000 })), formats: [ndjsonFormat], sinks: [sink], chunkSize: 100,
      signal: controller.signal, onProgress: (done) => { seen = done; if (done >= 1000) controller.abort(new Error('stop')); },
    });
    await expect(promise).rejects.toThrow('stop');
    expect(seen).toBeLessThan(50_000);
  });

  it('runs on threads started ahead, run after run, and ignores what an abandoned run left behind', async () => {
    const threads = EncoderThreads.start(2);
    try {
      await threads.ready();
      const a = scenario({ seed: 'ahead', total_patients: 1500 });
      const b = scenario({ seed: 'again', total_patients: 900, exact_quotas: true });
      const [aBase] = await bytes(a);
      const [bBase] = await bytes(b);
      expect((await bytes(a, { workers: 3, chunkSize: 50, threads }))[0]).toBe(aBase);

      // Abandoned with chunks still on the threads: their late results must not reach the next run.
      const controller = new AbortController();
      const sink = new PassThrough();
      sink.resume();
      await expect(generateToSinks({
        run: createRun(a), formats: [ndjsonFormat], sinks: [sink], chunkSize: 20, workers: 3, threads, signal: controller.signal,
        onProgress: (done) => { if (done >= 100) controller.abort(new Error('stop')); },
      })).rejects.toThrow('stop');
      expect((await bytes(b, { workers: 3, chunkSize: 20, threads }))[0]).toBe(bBase);
      // More workers asked for than were started: the run uses the threads it was given.
      expect((await bytes(b, { workers: 8, chunkSize: 30, threads }))[0]).toBe(bBase);
      expect(threads.size).toBe(2);
      // None given, and the calling thread does not encode: the run starts its own.
      const none = EncoderThreads.start(0);
      const out = new PassThrough();
      let text = '';
      out.on('data', (c: Buffer) => { text += c.toString('utf8'); });
      await generateToSinks({ run: createRun(b), formats: [jsonFormat], sinks: [out], workers: 2, chunkSize: 100, callerEncodes: false, threads: none });
      expect(text).toBe(bBase);
    } finally {
      await threads.terminate();
    }
  });
});
