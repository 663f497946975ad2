import { parentPort, workerData } from 'node:worker_threads';
import { BufferPool } from './byte-chunks.js';
import { encodeChunk, resolveFormats, runFromSpec, type RunSpec } from './encode.js';
import { lowerThreadPriority } from './thread-priority.js';

// Bulk work gives way to the HTTP event loop (a no-op when started by an already niced job thread).
lowerThreadPriority();

/** Worker thread: rebuilds the run once, then encodes the chunks it is sent. */
interface WorkerInit {
  spec: RunSpec;
  formats: string[];
  batchSize: number;
  bufferSize: number;
}

export interface ChunkRequest {
  chunk: number;
  start: number;
  end: number;
  /** Buffers the main thread has finished writing, handed back for reuse. */
  returned: ArrayBuffer[];
}

export interface ChunkResult {
  chunk: number;
  outputs: Uint8Array[][];
  count: number;
}

const init = workerData as WorkerInit;
const run = runFromSpec(init.spec);
const formats = resolveFormats(init.formats);
// Room for a whole chunk's buffers (≈ 19 for FHIR bundles) as they come back from the main thread.
const pool = new BufferPool(init.bufferSize, 64);

parentPort?.on('message', (req: ChunkRequest) => {
  for (const ab of req.returned) pool.give(new Uint8Array(ab));
  const outputs = encodeChunk(run, formats, req.start, req.end, init.batchSize, pool);
  const result: ChunkResult = { chunk: req.chunk, outputs, count: req.end - req.start };
  // Transfer, not copy: the main thread writes these bytes as they are.
  const transfer = [...new Set(outputs.flat().map((b) => b.buffer as ArrayBuffer))];
  parentPort?.postMessage(result, transfer);
});
