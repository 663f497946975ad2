import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, scenarioToInput } from '../engine/index.js';
import { currentThreadId, EncoderThreads } from '../pipeline/index.js';
import { startJobRun } from './job-thread-pool.js';

/** Nice value of every thread of this process, by kernel thread id (field 19 of stat). */
function threadNices(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // After "pid (comm) " come fields 3…; nice is field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(fields[16]));
    } catch { /* the thread ended meanwhile */ }
  }
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(process.platform !== 'linux')('thread priority of job threads', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'medgen-nice-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('lowers only the calling thread, and never raises it again', async () => {
    const script = join(dir, 'nice.mjs');
    const module = pathToFileURL(join(process.cwd(), 'dist/pipeline/thread-priority.js')).href;
    await writeFile(script, [
      `import { parentPort } from 'node:worker_threads';`,
      `import { currentThreadId, lowerThreadPriority } from ${JSON.stringify(module)};`,
      `const first = lowerThreadPriority(12);`,
      `const second = lowerThreadPriority(5);`,
      `parentPort.postMessage({ tid: currentThreadId(), first, second });`,
      `setTimeout(() => undefined, 500);`, // alive while the test reads /proc
    ].join('\n'));
    const before = threadNices();
    const self = currentThreadId() as number;
    const worker = new Worker(pathToFileURL(script));
    const reply = await new Promise<{ tid: number; first: number; second: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const during = threadNices();
    await worker.terminate();
    expect(reply.first).toBe(12);
    expect(reply.second).toBe(12);
    expect(reply.tid).not.toBe(self);
    expect(during.get(reply.tid)).toBe(12);
    // Every other thread (this one, the process's main thread, libuv's pool) kept its priority.
    for (const [tid, nice] of before) if (during.has(tid)) expect(during.get(tid)).toBe(nice);
  });

  it('runs a job thread and its encoder threads at the configured nice value', async () => {
    const parsed = parseScenario({ total_patients: 2_000_000, seed: 5 });
    if (!parsed.ok) throw new Error('scenario');
    const before = threadNices();
    expect([...before.values()].filter((n) => n === 11)).toEqual([]);
    const run = startJobRun(
      { scenario: scenarioToInput(parsed.scenario), formats: ['ndjson'], outDir: join(dir, 'job'), gzip: false, workers: 3 },
      { timeoutSeconds: 120, memoryMb: 512, nice: 11 },
      () => undefined,
    );
    let settled = false;
    void run.outcome.then(() => { settled = true; });
    try {
      // The job thread plus its two encoder threads (three workers: the job thread encodes too), all new and all at nice 11.
      let niced: number[] = [];
      for (let i = 0; i < 600 && !settled && niced.length < 3; i++) {
        await sleep(50);
        niced = [...threadNices()].filter(([, nice]) => nice === 11).map(([tid]) => tid);
      }
      expect(settled).toBe(false);
      expect(niced.length).toBeGreaterThanOrEqual(3);
      for (const tid of niced) expect(before.has(tid)).toBe(false);
      const during = threadNices();
      for (const [tid, nice] of before) if (during.has(tid)) expect(during.get(tid)).toBe(nice);
      expect(during.get(process.pid)).toBe(before.get(process.pid));
    } finally {
      await run.abort('test over');
    }
    expect(await run.outcome).toEqual({ kind: 'aborted', reason: 'test over' });
    // Terminated with the job: no thread is left at the job's priority.
    let left: number[] = [];
    for (let i = 0; i < 100; i++) {
      left = [...threadNices()].filter(([, nice]) => nice === 11).map(([tid]) => tid);
      if (left.length === 0) break;
      await sleep(50);
    }
    expect(left).toEqual([]);
  }, 60_000);

  it('starts encoder threads at nice 10 by default, and at the caller\'s priority when asked (the CLI)', async () => {
    const server = EncoderThreads.start(1);
    const cli = EncoderThreads.start(1, { nice: 0 });
    try {
      await Promise.all([server.ready(), cli.ready()]);
      const during = threadNices();
      const [niced] = server.reports;
      const [plain] = cli.reports;
      expect(niced?.nice).toBe(10);
      expect(during.get(niced?.tid as number)).toBe(10);
      expect(plain?.nice).toBe(during.get(process.pid));
      expect(during.get(plain?.tid as number)).toBe(during.get(process.pid));
      expect(plain?.tid).not.toBe(niced?.tid);
    } finally {
      await Promise.all([server.terminate(), cli.terminate()]);
    }
  });
});
