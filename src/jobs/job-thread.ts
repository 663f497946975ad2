/**
 * Entry script of a job thread (started by JobThreadPool): runs the jobs it is sent, one at a
 * time. Never import it; the messages are in job-thread-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
// The priority module alone, not the pipeline's index: that would load the engine and formats first.
import { lowerThreadPriority } from '../pipeline/thread-priority.js';
import type { JobThreadData, JobThreadMessage, JobThreadRequest } from './job-thread-protocol.js';

// The thread's first act, before the engine and format modules are loaded and evaluated, so
// even its start-up work gives way to the HTTP event loop.
lowerThreadPriority((workerData as JobThreadData).nice);
const { runJob } = await import('./job-run.js');

// Messages sent meanwhile wait in the port: it starts delivering once this listener is added.
const port = parentPort;
port?.on('message', (m: JobThreadRequest) => {
  runJob(m.input, (msg) => port.postMessage(msg)).catch((err: unknown) => {
    port.postMessage({ type: 'failed', error: (err as Error | undefined)?.message || String(err) } satisfies JobThreadMessage);
  });
});
