import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** The compiled worker script; under the test runner the sources are .ts, so use the build. */
export function workerScriptUrl(): URL {
  const here = new URL('./generate-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/jobs/generate-worker.js', import.meta.url);
}

/**
 * Generation threads started ahead of a run. A thread's start costs about 0.2 s of CPU (Node's
 * bootstrap, loading the engine and formats), which the calling thread has already paid for
 * itself; started early, a thread pays it while the caller is still reading the scenario or a
 * password, instead of during generation. A run gives them its scenario with its first message,
 * so the same threads can serve several runs in turn (never two at once).
 */
export class EncoderThreads {
  readonly workers: readonly Worker[];
  private readonly loaded: Promise<void>;

  private constructor(workers: Worker[]) {
    this.workers = workers;
    this.loaded = Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if ((m as { ready?: boolean } | null)?.ready !== true) return;
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

  static start(count: number, resourceLimits?: ResourceLimits): EncoderThreads {
    return new EncoderThreads(Array.from({ length: Math.max(0, Math.floor(count)) }, () => new Worker(workerScriptUrl(), { resourceLimits })));
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
