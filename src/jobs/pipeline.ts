import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Writable } from 'node:stream';
import { runMetadata, type Run } from '../engine/index.js';
import type { BatchFormat } from '../formats/index.js';
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
}

export interface PipelineResult {
  patients: number;
}

const DEFAULT_CHUNK = 2_000;
const DEFAULT_BATCH = 500;

/** Writes with backpressure: waits for 'drain' when the sink's buffer is full. */
async function write(sink: Writable, text: string): Promise<void> {
  if (text.length === 0) return;
  if (!sink.write(text)) {
    await new Promise<void>((resolve, reject) => {
      const onDrain = (): void => { sink.off('error', onError); resolve(); };
      const onError = (err: Error): void => { sink.off('drain', onDrain); reject(err); };
      sink.once('drain', onDrain);
      sink.once('error', onError);
    });
  }
}

async function writeAll(sinks: readonly Writable[], texts: readonly string[]): Promise<void> {
  await Promise.all(sinks.map((s, i) => write(s, texts[i] ?? '')));
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
  await writeAll(sinks, formats.map((f) => f.header(meta)));
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  if (workers === 1) await inline(opts, chunkSize, batchSize);
  else await parallel(opts, workers, chunkSize, batchSize);
  await writeAll(sinks, formats.map((f) => f.footer(meta)));
  return { patients: run.total };
}

async function inline(opts: PipelineOptions, chunkSize: number, batchSize: number): Promise<void> {
  const { run, formats, sinks } = opts;
  for (let start = 0; start < run.total; start += chunkSize) {
    checkAbort(opts.signal);
    const end = Math.min(run.total, start + chunkSize);
    await writeAll(sinks, encodeChunk(run, formats, start, end, batchSize));
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
    new Worker(workerScriptUrl(), { workerData: { spec, formats: formats.map((f) => f.id), batchSize } }));
  const pending = new Map<number, ChunkResult>();
  const maxInFlight = pool.length * 2;
  let nextToSend = 0;
  let nextToWrite = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let writing = false;
      const send = (w: Worker): void => {
        if (nextToSend >= chunks) return;
        const start = nextToSend * chunkSize;
        const req: ChunkRequest = { chunk: nextToSend, start, end: Math.min(run.total, start + chunkSize) };
        nextToSend++;
        w.postMessage(req);
      };
      const flush = async (): Promise<void> => {
        if (writing) return;
        writing = true;
        try {
          while (pending.has(nextToWrite)) {
            checkAbort(opts.signal);
            const res = pending.get(nextToWrite) as ChunkResult;
            pending.delete(nextToWrite);
            await writeAll(sinks, res.outputs);
            done += res.count;
            nextToWrite++;
            opts.onProgress?.(done, run.total);
          }
        } finally {
          writing = false;
        }
        if (nextToWrite >= chunks) resolve();
      };
      pool.forEach((w) => {
        w.on('message', (res: ChunkResult) => {
          pending.set(res.chunk, res);
          // Bound memory: only hand out new work while few results wait to be written.
          if (nextToSend - nextToWrite < maxInFlight) send(w);
          else idle.push(w);
          flush().then(() => {
            while (idle.length > 0 && nextToSend - nextToWrite < maxInFlight) send(idle.shift() as Worker);
          }, reject);
        });
        w.on('error', reject);
      });
      const idle: Worker[] = [];
      for (let k = 0; k < 2; k++) pool.forEach(send);
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
