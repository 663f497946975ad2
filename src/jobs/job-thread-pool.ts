import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BULK_NICE, startThreadPoolHere } from '../pipeline/index.js';
import type { JobThreadData, JobThreadInput, JobThreadMessage, JobThreadRequest, OutputRecord } from './job-thread-protocol.js';
import type { JobSummary } from './summary.js';

export type RunOutcome =
  | { kind: 'completed'; files: OutputRecord[]; summary: JobSummary }
  | { kind: 'failed'; error: string; errorType: 'timeout' | 'memory' | 'error' }
  | { kind: 'aborted'; reason: string };

export interface RunLimits {
  timeoutSeconds: number;
  memoryMb: number;
  /** Nice value of the job's threads (Linux); default BULK_NICE. */
  nice?: number;
}

export interface JobRun {
  readonly outcome: Promise<RunOutcome>;
  /** The job thread running the job (a pooled thread runs many jobs, one at a time). */
  readonly threadId: number;
  /** Stops the thread at once; the outcome becomes `aborted` (unless it already settled). */
  abort(reason: string): Promise<void>;
}

/** The compiled job thread; under the test runner the sources are .ts, so use the build. */
function threadUrl(): URL {
  const here = new URL('./job-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/jobs/job-thread.js', import.meta.url);
}

interface IdleThread { worker: Worker; kind: string; timer: NodeJS.Timeout; onGone: () => void }

export interface JobThreadPoolOptions {
  /** How long a thread that finished a job waits for the next one (0: it is stopped at once). */
  idleMs?: number;
  /** Most threads kept waiting at a time. */
  maxIdle?: number;
}

/**
 * Runs jobs in job threads with the job's heap limit and runtime limit: a breach terminates
 * the thread and fails the job with a message that says which limit.
 *
 * A thread that completed a job waits a while for the next one. Starting a thread loads the
 * engine and the format writers into a new isolate, about 250 ms of CPU, which for a
 * 10-patient job is almost all of its cost; a waiting thread starts the next job at once.
 * A thread whose job failed, timed out or was aborted is never reused: its state is unknown.
 */
export class JobThreadPool {
  private idle: IdleThread[] = [];
  private readonly idleMs: number;
  private readonly maxIdle: number;

  constructor(opts: JobThreadPoolOptions = {}) {
    this.idleMs = opts.idleMs ?? 30_000;
    this.maxIdle = opts.maxIdle ?? 4;
  }

  /** Threads waiting for a job (for tests and metrics). */
  get idleThreads(): number {
    return this.idle.length;
  }

  run(input: JobThreadInput, limits: RunLimits, onProgress: (done: number, total: number) => void, script: URL = threadUrl()): JobRun {
    const nice = input.nice ?? limits.nice ?? BULK_NICE;
    // Threads are interchangeable only with the same script, heap limit and priority.
    const kind = `${script.href}|${limits.memoryMb}|${nice}`;
    const worker = this.take(kind) ?? this.spawn(script, limits.memoryMb, nice);
    return this.attach(worker, kind, { ...input, nice }, limits, onProgress);
  }

  /** Stops every waiting thread. */
  async close(): Promise<void> {
    const idle = this.idle;
    this.idle = [];
    for (const t of idle) clearTimeout(t.timer);
    await Promise.all(idle.map((t) => t.worker.terminate()));
  }

  private take(kind: string): Worker | undefined {
    const i = this.idle.findIndex((t) => t.kind === kind);
    if (i < 0) return undefined;
    const [t] = this.idle.splice(i, 1) as [IdleThread];
    clearTimeout(t.timer);
    t.worker.off('exit', t.onGone).off('error', t.onGone);
    t.worker.ref();
    return t.worker;
  }

  private spawn(script: URL, memoryMb: number, nice: number): Worker {
    startThreadPoolHere();
    return new Worker(script, {
      workerData: { nice } satisfies JobThreadData,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
      stdout: false,
    });
  }

  private release(worker: Worker, kind: string): void {
    if (this.idleMs <= 0 || this.idle.length >= this.maxIdle) {
      void worker.terminate();
      return;
    }
    const entry: IdleThread = {
      worker, kind,
      timer: setTimeout(() => this.retire(entry), this.idleMs).unref(),
      onGone: () => this.forget(entry),
    };
    // A waiting thread neither keeps the process alive nor outlives a crash unnoticed.
    worker.unref();
    worker.on('exit', entry.onGone).on('error', entry.onGone);
    this.idle.push(entry);
  }

  private forget(entry: IdleThread): void {
    clearTimeout(entry.timer);
    this.idle = this.idle.filter((t) => t !== entry);
  }

  private retire(entry: IdleThread): void {
    this.forget(entry);
    void entry.worker.terminate();
  }

  private attach(worker: Worker, kind: string, input: JobThreadInput, limits: RunLimits, onProgress: (done: number, total: number) => void): JobRun {
    let settle!: (o: RunOutcome) => void;
    let settled = false;
    const outcome = new Promise<RunOutcome>((resolve) => { settle = resolve; });
    const finish = (o: RunOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle(o);
    };
    // The outcome decided when the thread is stopped at its limit, or by an error: it settles only
    // once the thread has exited, so the job's files are removed after its last write, not
    // before (a niced thread may take a while to unwind).
    let stoppedAs: RunOutcome | undefined;
    // Once released, the thread may already run another job: this run must not stop it.
    let released = false;
    const stop = (as: RunOutcome): void => {
      stoppedAs ??= as;
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      stop({ kind: 'failed', errorType: 'timeout', error: `job exceeded the runtime limit of ${limits.timeoutSeconds} s (JOB_TIMEOUT_SECONDS)` });
    }, limits.timeoutSeconds * 1000);

    const onMessage = (m: JobThreadMessage): void => {
      if (settled || stoppedAs) return;
      if (m.type === 'progress') {
        onProgress(m.done, m.total);
      } else if (m.type === 'failed') {
        stop({ kind: 'failed', errorType: 'error', error: m.error });
      } else {
        finish({ kind: 'completed', files: m.files, summary: m.summary });
        released = true;
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        this.release(worker, kind);
      }
    };
    const onError = (err: Error & { code?: string }): void => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish({ kind: 'failed', errorType: 'memory', error: `job exceeded the memory limit of ${limits.memoryMb} MB (JOB_MAX_MEMORY_MB)` });
      } else {
        finish({ kind: 'failed', errorType: 'error', error: err.message || String(err) });
      }
    };
    const onExit = (code: number): void => {
      finish(stoppedAs ?? { kind: 'failed', errorType: 'error', error: `the job thread stopped unexpectedly (exit code ${code})` });
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage({ type: 'run', input } satisfies JobThreadRequest);

    return {
      outcome,
      threadId: worker.threadId,
      async abort(reason) {
        finish({ kind: 'aborted', reason });
        if (!released) await worker.terminate();
      },
    };
  }
}

/** One job in a thread of its own, stopped when the job ends. */
export function startJobRun(input: JobThreadInput, limits: RunLimits, onProgress: (done: number, total: number) => void, script: URL = threadUrl()): JobRun {
  return new JobThreadPool({ idleMs: 0 }).run(input, limits, onProgress, script);
}
