import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobThreadInput, JobThreadMessage, OutputRecord } from './job-thread.js';
import type { JobSummary } from './summary.js';
import { DEFAULT_JOB_THREAD_NICE, startThreadPoolHere } from './thread-priority.js';

export type RunOutcome =
  | { kind: 'completed'; files: OutputRecord[]; summary: JobSummary }
  | { kind: 'failed'; error: string; errorType: 'timeout' | 'memory' | 'error' }
  | { kind: 'aborted'; reason: string };

export interface RunLimits {
  timeoutSeconds: number;
  memoryMb: number;
  /** Nice value of the job's threads (Linux); default DEFAULT_JOB_THREAD_NICE. */
  nice?: number;
}

export interface JobRun {
  readonly outcome: Promise<RunOutcome>;
  /** Stops the thread at once; the outcome becomes `aborted` (unless it already settled). */
  abort(reason: string): Promise<void>;
}

/** The compiled job thread; under the test runner the sources are .ts, so use the build. */
function threadUrl(): URL {
  const here = new URL('./job-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/jobs/job-thread.js', import.meta.url);
}

/**
 * Runs one job in a worker thread of its own, with the job's heap limit and runtime limit:
 * a breach terminates the thread and fails the job with a message that says which limit.
 */
export function startJobRun(input: JobThreadInput, limits: RunLimits, onProgress: (done: number, total: number) => void, script: URL = threadUrl()): JobRun {
  startThreadPoolHere();
  const worker = new Worker(script, {
    workerData: { medgenJob: { ...input, nice: input.nice ?? limits.nice ?? DEFAULT_JOB_THREAD_NICE } },
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    stdout: false,
  });
  let settle!: (o: RunOutcome) => void;
  let settled = false;
  const outcome = new Promise<RunOutcome>((resolve) => { settle = resolve; });
  const finish = (o: RunOutcome): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    settle(o);
  };
  let result: Extract<RunOutcome, { kind: 'completed' }> | undefined;
  // The outcome decided when the thread is stopped at its limit: it settles only once the thread
  // has exited, so the job's files are removed after its last write, not before (a niced thread
  // may take a while to unwind).
  let stoppedAs: RunOutcome | undefined;
  const timer = setTimeout(() => {
    stoppedAs = { kind: 'failed', errorType: 'timeout', error: `job exceeded the runtime limit of ${limits.timeoutSeconds} s (JOB_TIMEOUT_SECONDS)` };
    void worker.terminate();
  }, limits.timeoutSeconds * 1000);

  worker.on('message', (m: JobThreadMessage) => {
    if (m.type === 'progress') onProgress(m.done, m.total);
    else result = { kind: 'completed', files: m.files, summary: m.summary };
  });
  worker.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      finish({ kind: 'failed', errorType: 'memory', error: `job exceeded the memory limit of ${limits.memoryMb} MB (JOB_MAX_MEMORY_MB)` });
    } else {
      finish({ kind: 'failed', errorType: 'error', error: err.message || String(err) });
    }
  });
  worker.on('exit', (code) => {
    finish(stoppedAs ?? result ?? { kind: 'failed', errorType: 'error', error: `the job thread stopped unexpectedly (exit code ${code})` });
  });

  return {
    outcome,
    async abort(reason) {
      finish({ kind: 'aborted', reason });
      await worker.terminate();
    },
  };
}
