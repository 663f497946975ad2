/**
 * Entry script of an encoder thread (started by EncoderThreads): rebuilds a run from its spec and
 * encodes the chunks it is sent. Never import it; the messages are in thread-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BufferPool, type BatchFormat } from '../formats/index.js';
import type { Run } from '../engine/index.js';
import { loadRunModules } from '../engine/run.js';
import { encodeChunk, resolveFormats, runFromSpec } from './encode.js';
import type { ChunkResult, EncoderThreadData, ThreadReady, ToEncoderThread } from './thread-protocol.js';
import { currentThreadId, lowerThreadPriority } from './thread-priority.js';

// Bulk work gives way to the HTTP event loop (a no-op when started by an already niced job
// thread); the CLI starts its threads at nice 0 (EncoderThreads.start).
const nice = lowerThreadPriority((workerData as EncoderThreadData | undefined)?.nice);

let current: { runId: number; run: Run; formats: BatchFormat[]; batchSize: number; pool: BufferPool } | undefined;

function handle(msg: ToEncoderThread): void {
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

parentPort?.on('message', (msg: ToEncoderThread) => {
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
