import { parentPort, workerData } from 'node:worker_threads';
import type { BatchFormat } from '../formats/index.js';
import type { Run } from '../engine/index.js';
import { loadRunModules } from '../engine/run.js';
import { BufferPool } from './byte-chunks.js';
import { encodeChunk, resolveFormats, runFromSpec, type RunSpec } from './encode.js';
import type { EncoderThreadData } from './encoder-threads.js';
import { currentThreadId, lowerThreadPriority } from './thread-priority.js';

// Bulk work gives way to the HTTP event loop (a no-op when started by an already niced job
// thread); the CLI starts its threads at nice 0 (EncoderThreads.start).
const nice = lowerThreadPriority((workerData as EncoderThreadData | undefined)?.nice);

/** The thread's first message: its code is loaded; its kernel thread id and nice value, where known. */
export interface ThreadReady {
  ready: true;
  tid: number | undefined;
  nice: number | undefined;
}

/** First message of a run: the thread rebuilds the run once, then encodes the chunks it is sent. */
export interface RunInit {
  init: {
    /** Echoed in every result, so a result of an earlier, abandoned run is never taken for this one's. */
    runId: number;
    spec: RunSpec;
    formats: string[];
    batchSize: number;
    bufferSize: number;
    /**
     * Whether the main thread hands the buffers back (its sinks call back once written): then
     * they are shared memory and nothing is transferred (BufferPool). Otherwise each buffer is
     * transferred and never comes back: a shared one would be freed only once both threads had
     * collected their handles, and a thread that only moves bytes (the HTTP stream) collects
     * rarely, so its memory grew by a gigabyte in a million-patient stream.
     */
    share: boolean;
  };
}

export interface ChunkRequest {
  chunk: number;
  start: number;
  end: number;
  /** Buffers the main thread has finished writing, handed back for reuse (shared, not transferred). */
  returned: SharedArrayBuffer[];
}

export interface ChunkResult {
  runId: number;
  chunk: number;
  outputs: Uint8Array[][];
  count: number;
}

let current: { runId: number; run: Run; formats: BatchFormat[]; batchSize: number; pool: BufferPool } | undefined;

function handle(msg: RunInit | ChunkRequest): void {
  if ('init' in msg) {
    const { runId, spec, formats, batchSize, bufferSize, share } = msg.init;
    // Room for a whole chunk's buffers (≈ 19 for FHIR bundles) as they come back from the main thread.
    current = { runId, run: runFromSpec(spec), formats: resolveFormats(formats), batchSize, pool: new BufferPool(bufferSize, 64, share) };
    return;
  }
  if (current === undefined) throw new Error('a chunk was sent before its run');
  for (const memory of msg.returned) current.pool.give(memory);
  const outputs = encodeChunk(current.run, current.formats, msg.start, msg.end, current.batchSize, current.pool);
  const result: ChunkResult = { runId: current.runId, chunk: msg.chunk, outputs, count: msg.end - msg.start };
  // Never copied: shared buffers are written by the main thread as they are and handed back;
  // otherwise they are transferred. Only an oversized text's own, unshared buffer is copied.
  if (current.pool.shared) parentPort?.postMessage(result);
  else parentPort?.postMessage(result, [...new Set(outputs.flat().map((b) => b.buffer as ArrayBuffer))]);
}

/**
 * Messages are handled in order; a run's first message waits until its name locales are loaded
 * asynchronously (loadRunModules), so that this thread, which its owner may terminate at any
 * moment, never sits inside a synchronous require() of them. Chunks that arrive meanwhile queue.
 */
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (msg: RunInit | ChunkRequest) => {
  const before = 'init' in msg ? loadRunModules(msg.init.spec.scenario) : undefined;
  queue = queue.then(async () => {
    if (before !== undefined) await before;
    handle(msg);
  }).catch((err: unknown) => {
    // Thrown outside the chain: the thread fails with it, as the owner's 'error' listener expects.
    setImmediate(() => { throw err; });
  });
});

// The engine and formats are loaded (static imports run first): the thread can take a run.
const ready: ThreadReady = { ready: true, tid: currentThreadId(), nice };
parentPort?.postMessage(ready);
