import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EncoderThreadData, ThreadReady } from './thread-protocol.js';
import { BULK_NICE } from './thread-priority.js';

export interface EncoderThreadOptions {
  /** Heap limits of each thread, e.g. a small young generation. */
  resourceLimits?: ResourceLimits;
  /** Nice value each thread lowers itself to (0–19); see EncoderThreads.start. */
  nice?: number;
}

/** The compiled encoder thread script; under the test runner the sources are .ts, so use the build. */
export function encoderThreadUrl(): URL {
  const here = new URL('./encoder-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/pipeline/encoder-thread.js', import.meta.url);
}

/**
 * Encoder threads started ahead of a run. A thread's start costs about 0.2 s of CPU (Node's
 * bootstrap, loading the engine and formats), which the calling thread has already paid for
 * itself; started early, a thread pays it while the caller is still reading the scenario or a
 * password, instead of during generation. A run gives them its scenario with its first message,
 * so the same threads can serve several runs in turn (never two at once).
 */
export class EncoderThreads {
  readonly workers: readonly Worker[];
  private readonly loaded: Promise<void>;
  /** What each thread reported once loaded (kernel thread id, nice value), in `workers` order. */
  readonly reports: (ThreadReady | undefined)[];

  private constructor(workers: Worker[]) {
    this.workers = workers;
    this.reports = workers.map(() => undefined);
    this.loaded = Promise.all(workers.map((w, i) => new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if ((m as { ready?: boolean } | null)?.ready !== true) return;
        this.reports[i] = m as ThreadReady;
        w.off('message', onMessage);
        w.off('error', reject);
        resolve();
      };
      w.on('message', onMessage);
      w.once('error', reject);
    }))).then(() => undefined);
    // Whoever waits sees the failure; a run that never waited sees the thread's own error.
    this.loaded.catch(() => undefined);
  }

  /**
   * `nice` (default BULK_NICE, the job threads' 10) is how far each thread lowers its own priority. A
   * process with an event loop to keep responsive (the server) wants the default; the CLI, where
   * the calling thread only generates too, passes 0: at nice 10 the encoder thread got a
   * tenth of a core whenever V8's compiler or GC threads or libuv's writes ran beside it, and
   * the calling thread then waited for its chunks. A thread started by an already niced thread
   * keeps that thread's priority either way (priorities are only ever lowered).
   */
  static start(count: number, options: EncoderThreadOptions = {}): EncoderThreads {
    const workerData: EncoderThreadData = { nice: options.nice ?? BULK_NICE };
    return new EncoderThreads(Array.from({ length: Math.max(0, Math.floor(count)) }, () =>
      new Worker(encoderThreadUrl(), { resourceLimits: options.resourceLimits, workerData })));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Resolves once every thread has loaded its code and waits for work. */
  ready(): Promise<void> {
    return this.loaded;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
