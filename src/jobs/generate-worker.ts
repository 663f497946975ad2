import { parentPort, workerData } from 'node:worker_threads';
import { encodeChunk, resolveFormats, runFromSpec, type RunSpec } from './encode.js';

/** Worker thread: rebuilds the run once, then encodes the chunks it is sent. */
interface WorkerInit {
  spec: RunSpec;
  formats: string[];
  batchSize: number;
}

export interface ChunkRequest {
  chunk: number;
  start: number;
  end: number;
}

export interface ChunkResult {
  chunk: number;
  outputs: string[];
  count: number;
}

const init = workerData as WorkerInit;
const run = runFromSpec(init.spec);
const formats = resolveFormats(init.formats);

parentPort?.on('message', (req: ChunkRequest) => {
  const outputs = encodeChunk(run, formats, req.start, req.end, init.batchSize);
  const result: ChunkResult = { chunk: req.chunk, outputs, count: req.end - req.start };
  parentPort?.postMessage(result);
});
