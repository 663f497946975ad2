import { existsSync, WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Writable } from 'node:stream';
import { runMetadata, type Run } from '../engine/index.js';
import { RECYCLES_AFTER_CALLBACK, type BatchFormat } from '../formats/index.js';
import { BufferPool } from './byte-chunks.js';
import { encodeChunk } from './encode.js';
import type { ChunkRequest, ChunkResult } from './generate-worker.js';

export interface PipelineOptions {
  run: Run;
  formats: readonly BatchFormat[];
  /** One sink per format, same order. */
  sinks: readonly Writable[];
  workers?: number;
  /** Patients per encoded chunk; does not change the bytes. */
  chunkSize?: number;
  /** Patients per batch inside a chunk; does not change the bytes. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Heap limits of the worker threads (with more than one worker), e.g. a small young generation. */
  resourceLimits?: ResourceLimits;
}

export interface PipelineResult {
  patients: number;
}

const DEFAULT_CHUNK = 1_000;
const DEFAULT_BATCH = 32;
const BUFFER_SIZE = 1 << 20;

/** Writes with backpressure; `written` runs once the sink is done with the bytes. */
async function write(sink: Writable, data: Uint8Array | string, written?: () => void): Promise<void> {
  if (data.length === 0) {
    written?.();
    return;
  }
  if (!sink.write(data, written && (() => written()))) {
    await new Promise<void>((resolve, reject) => {
      const onDrain = (): void => { sink.off('error', onError); resolve(); };
      const onError = (err: Error): void => { sink.off('drain', onDrain); reject(err); };
      sink.once('drain', onDrain);
      sink.once('error', onError);
    });
  }
}

async function writeBuffers(sinks: readonly Writable[], outputs: readonly Uint8Array[][], written: (b: Uint8Array) => void): Promise<void> {
  for (let s = 0; s < sinks.length; s++) {
    for (const b of outputs[s] ?? []) await write(sinks[s] as Writable, b, () => written(b));
  }
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('generation cancelled');
}

/**
 * Generates the whole run into the sinks (headers, bodies, footers). With more than one
 * worker, chunks are encoded in worker threads and written in index order, so the bytes are
 * the same for any worker count, chunk size or batch size.
 */
export async function generateToSinks(opts: PipelineOptions): Promise<PipelineResult> {
  const { run, formats, sinks } = opts;
  const meta = runMetadata(run);
  for (let f = 0; f < formats.length; f++) await write(sinks[f] as Writable, (formats[f] as BatchFormat).header(meta));
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  if (workers === 1) await inline(opts, chunkSize, batchSize);
  else await parallel(opts, workers, chunkSize, batchSize);
  for (let f = 0; f < formats.length; f++) await write(sinks[f] as Writable, (formats[f] as BatchFormat).footer(meta));
  return { patients: run.total };
}

/**
 * A buffer may be reused only once the sink has really written it. A file stream calls back
 * after the OS write, and an output chain's head only after its next stage has (both are
 * marked); other sinks (a PassThrough, a pipe, a socket) may still hold the very same buffer in
 * a queue when they call back, so for them every buffer is fresh. Fresh buffers cost: worker
 * threads then fault in new pages for every chunk (≈ 1.5× the CPU per patient).
 */
function canReuse(sinks: readonly Writable[]): boolean {
  return sinks.every((s) => s instanceof WriteStream || (s as { [RECYCLES_AFTER_CALLBACK]?: boolean })[RECYCLES_AFTER_CALLBACK] === true);
}

async function inline(opts: PipelineOptions, chunkSize: number, batchSize: number): Promise<void> {
  const { run, formats, sinks } = opts;
  const pool = new BufferPool(BUFFER_SIZE);
  const reuse = canReuse(sinks);
  for (let start = 0; start < run.total; start += chunkSize) {
    checkAbort(opts.signal);
    const end = Math.min(run.total, start + chunkSize);
    await writeBuffers(sinks, encodeChunk(run, formats, start, end, batchSize, pool), (b) => { if (reuse) pool.give(b); });
    opts.onProgress?.(end, run.total);
  }
}

/** The compiled worker script; under the test runner the sources are .ts, so use the build. */
export function workerScriptUrl(): URL {
  const here = new URL('./generate-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/jobs/generate-worker.js', import.meta.url);
}

async function parallel(opts: PipelineOptions, workerCount: number, chunkSize: number, batchSize: number): Promise<void> {
  const { run, formats, sinks } = opts;
  const chunks = Math.ceil(run.total / chunkSize);
  const spec = { scenario: run.scenario, seed: run.seed };
  const pool = Array.from({ length: Math.min(workerCount, chunks) }, () =>
    new Worker(workerScriptUrl(), { workerData: { spec, formats: formats.map((f) => f.id), batchSize, bufferSize: BUFFER_SIZE }, resourceLimits: opts.resourceLimits }));
  const returned = pool.map((): ArrayBuffer[] => []);
  const reuse = canReuse(sinks);
  const owner = new Map<number, number>();
  const pending = new Map<number, ChunkResult>();
  const idle: number[] = [];
  const maxAhead = pool.length * 3;
  let nextToSend = 0;
  let nextToWrite = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let writing = false;
      const send = (w: number): void => {
        if (nextToSend >= chunks) return;
        if (nextToSend - nextToWrite >= maxAhead) {
          // Bound memory: hand out more work only while few results wait to be written.
          idle.push(w);
          return;
        }
        const start = nextToSend * chunkSize;
        const give = returned[w] as ArrayBuffer[];
        const req: ChunkRequest = { chunk: nextToSend, start, end: Math.min(run.total, start + chunkSize), returned: give.splice(0, give.length) };
        owner.set(nextToSend, w);
        nextToSend++;
        (pool[w] as Worker).postMessage(req, req.returned);
      };
      const flush = async (): Promise<void> => {
        if (writing) return;
        writing = true;
        try {
          while (pending.has(nextToWrite)) {
            checkAbort(opts.signal);
            const res = pending.get(nextToWrite) as ChunkResult;
            pending.delete(nextToWrite);
            const back = returned[owner.get(res.chunk) as number] as ArrayBuffer[];
            owner.delete(res.chunk);
            await writeBuffers(sinks, res.outputs, (b) => {
              if (reuse && b.buffer.byteLength === BUFFER_SIZE && b.buffer instanceof ArrayBuffer && !back.includes(b.buffer)) back.push(b.buffer);
            });
            done += res.count;
            nextToWrite++;
            opts.onProgress?.(done, run.total);
            while (idle.length > 0 && nextToSend < chunks && nextToSend - nextToWrite < maxAhead) send(idle.shift() as number);
          }
        } finally {
          writing = false;
        }
        if (nextToWrite >= chunks) resolve();
      };
      pool.forEach((w, i) => {
        w.on('message', (res: ChunkResult) => {
          pending.set(res.chunk, res);
          send(i);
          flush().catch(reject);
        });
        w.on('error', reject);
      });
      for (let k = 0; k < 2; k++) pool.forEach((_, i) => send(i));
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
