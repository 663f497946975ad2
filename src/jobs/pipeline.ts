import { WriteStream } from 'node:fs';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { Writable } from 'node:stream';
import { runMetadata, type Run } from '../engine/index.js';
import { recyclesAfterCallback, type BatchFormat } from '../formats/index.js';
import { BufferPool, ByteChunks } from './byte-chunks.js';
import { encodeChunk, encodeRange } from './encode.js';
import { EncoderThreads } from './encoder-threads.js';
import type { ChunkRequest, ChunkResult, RunInit } from './generate-worker.js';
import { SinkWriter, yieldToIo } from './sink-writer.js';

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
  /**
   * Threads started ahead (EncoderThreads.start), used instead of starting new ones; the caller
   * terminates them. Fewer than the run needs: it uses those.
   */
  threads?: EncoderThreads;
  /**
   * With more than one worker, whether the calling thread encodes chunks too, as one of the
   * `workers` (default true): `workers: 2` then starts one thread, not two. Each thread pays
   * its own start and JIT warm-up (≈ 0.6 s of CPU) and every chunk it encodes is handed over,
   * so the caller taking part is what lets two workers approach twice one worker's rate.
   * An HTTP server passes false: a chunk encoded on its thread would hold up its event loop.
   */
  callerEncodes?: boolean;
}

export interface PipelineResult {
  patients: number;
}

const DEFAULT_CHUNK = 1_000;
const DEFAULT_BATCH = 32;
const BUFFER_SIZE = 1 << 20;
/**
 * Free buffers the inline pool keeps. At most a chunk's output and SINK_LIMIT more are out at
 * once, and they come back as the sinks write them; keeping fewer than a chunk needs
 * (≈ 19 for FHIR bundles) made each chunk allocate the rest afresh: new pages to fault in and,
 * counted as external memory, a full mark-compact every chunk. The pool never holds more than
 * were in use at once, so this does not raise the peak.
 */
const INLINE_POOL_KEEP = 64;

/**
 * Bytes a sink may have outstanding (handed over, not yet called back) before encoding waits for
 * it: a few buffers, so the sink always has the next one while the next is being filled.
 */
const SINK_LIMIT = 4 * BUFFER_SIZE;

async function room(writers: readonly SinkWriter[]): Promise<void> {
  for (const w of writers) await w.room();
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
  const writers = formats.map((_, f) => new SinkWriter(sinks[f] as Writable, SINK_LIMIT));
  for (let f = 0; f < formats.length; f++) (writers[f] as SinkWriter).write((formats[f] as BatchFormat).header(meta));
  await room(writers);
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  if (workers === 1) await inline(opts, writers, chunkSize, batchSize);
  else await parallel(opts, writers, workers, chunkSize, batchSize);
  for (let f = 0; f < formats.length; f++) (writers[f] as SinkWriter).write((formats[f] as BatchFormat).footer(meta));
  await room(writers);
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
  return sinks.every((s) => s instanceof WriteStream || recyclesAfterCallback(s));
}

/**
 * Encodes on this thread. Each buffer goes to its sink as soon as it is full, and between batches
 * that filled one the event loop runs the sinks' finished writes: the file (or socket) writes
 * overlap the encoding instead of alternating with it. A chunk ends with its last, partly
 * filled buffers handed over, an abort check and a turn of the event loop.
 */
async function inline(opts: PipelineOptions, writers: readonly SinkWriter[], chunkSize: number, batchSize: number): Promise<void> {
  const { run, formats, sinks } = opts;
  const pool = new BufferPool(BUFFER_SIZE, INLINE_POOL_KEEP);
  const recycle = canReuse(sinks) ? (b: Uint8Array): void => pool.give(b) : undefined;
  const outputs = formats.map(() => new ByteChunks(pool));
  const handOver = (buffers: (o: ByteChunks) => Buffer[]): void => {
    for (let f = 0; f < outputs.length; f++) {
      const writer = writers[f] as SinkWriter;
      for (const b of buffers(outputs[f] as ByteChunks)) writer.write(b, recycle && (() => recycle(b)));
    }
  };
  const step = Math.ceil(batchSize);
  try {
    for (let start = 0; start < run.total; start += chunkSize) {
      checkAbort(opts.signal);
      const end = Math.min(run.total, start + chunkSize);
      for (let from = start; from < end; from += step) {
        encodeRange(run, formats, outputs, from, Math.min(end, from + step), step);
        if (from + step < end && outputs.some((o) => o.full.length > 0)) {
          handOver((o) => o.full.splice(0, o.full.length));
          await room(writers);
          await yieldToIo();
        }
      }
      handOver((o) => o.drain());
      await room(writers);
      opts.onProgress?.(end, run.total);
      await yieldToIo();
    }
  } finally {
    for (const o of outputs) o.release();
  }
}

let lastRunId = 0;

/** Who encoded a chunk: a worker's index, or the calling thread. */
const CALLER = -1;

async function parallel(opts: PipelineOptions, writers: readonly SinkWriter[], workerCount: number, chunkSize: number, batchSize: number): Promise<void> {
  const { run, formats, sinks } = opts;
  const chunks = Math.ceil(run.total / chunkSize);
  const spec = { scenario: run.scenario, seed: run.seed };
  const callerEncodes = opts.callerEncodes !== false;
  const wanted = Math.min(callerEncodes ? workerCount - 1 : workerCount, chunks);
  // Threads given but none to use while the caller does not encode: nobody would; start some.
  const own = opts.threads === undefined || (!callerEncodes && opts.threads.size === 0);
  const threads = own ? EncoderThreads.start(wanted, { resourceLimits: opts.resourceLimits }) : opts.threads as EncoderThreads;
  const pool: Worker[] = threads.workers.slice(0, wanted);
  const runId = ++lastRunId;
  const reuse = canReuse(sinks);
  const init: RunInit = { init: { runId, spec, formats: formats.map((f) => f.id), batchSize, bufferSize: BUFFER_SIZE, share: reuse } };
  for (const w of pool) w.postMessage(init);
  const listeners: (() => void)[] = [];
  const returned = pool.map((): SharedArrayBuffer[] => []);
  const callerBuffers = new BufferPool(BUFFER_SIZE, INLINE_POOL_KEEP);
  const owner = new Map<number, number>();
  const pending = new Map<number, ChunkResult>();
  const idle: number[] = [];
  const maxAhead = (pool.length + (callerEncodes ? 1 : 0)) * 3;
  let nextToSend = 0;
  let nextToWrite = 0;
  let done = 0;
  let finished = false;
  /** Wakes the caller's encoding loop when it waits for the writes to catch up. */
  let wakeCaller: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let writing = false;
      const fail = (err: unknown): void => {
        finished = true;
        wakeCaller?.();
        reject(err);
      };
      const send = (w: number): void => {
        if (nextToSend >= chunks) return;
        if (nextToSend - nextToWrite >= maxAhead) {
          // Bound memory: hand out more work only while few results wait to be written.
          idle.push(w);
          return;
        }
        const start = nextToSend * chunkSize;
        const give = returned[w] as SharedArrayBuffer[];
        const req: ChunkRequest = { chunk: nextToSend, start, end: Math.min(run.total, start + chunkSize), returned: give.splice(0, give.length) };
        owner.set(nextToSend, w);
        nextToSend++;
        (pool[w] as Worker).postMessage(req);
      };
      const recycler = (w: number): ((b: Uint8Array) => void) => {
        if (!reuse) return () => undefined;
        if (w === CALLER) return (b) => callerBuffers.give(b);
        const back = returned[w] as SharedArrayBuffer[];
        return (b) => {
          if (b.buffer.byteLength === BUFFER_SIZE && b.buffer instanceof SharedArrayBuffer && !back.includes(b.buffer)) back.push(b.buffer);
        };
      };
      const flush = async (): Promise<void> => {
        if (writing) return;
        writing = true;
        try {
          while (pending.has(nextToWrite)) {
            checkAbort(opts.signal);
            const res = pending.get(nextToWrite) as ChunkResult;
            pending.delete(nextToWrite);
            const written = recycler(owner.get(res.chunk) as number);
            owner.delete(res.chunk);
            for (let f = 0; f < writers.length; f++) {
              const writer = writers[f] as SinkWriter;
              for (const b of res.outputs[f] ?? []) writer.write(b, () => written(b));
            }
            await room(writers);
            done += res.count;
            nextToWrite++;
            opts.onProgress?.(done, run.total);
            while (idle.length > 0 && nextToSend < chunks && nextToSend - nextToWrite < maxAhead) send(idle.shift() as number);
            const wake = wakeCaller;
            wakeCaller = undefined;
            wake?.();
          }
        } finally {
          writing = false;
        }
        if (nextToWrite >= chunks) {
          finished = true;
          resolve();
        }
      };
      /** The calling thread's share: the next unassigned chunk whenever the ahead-bound allows. */
      const encodeHere = async (): Promise<void> => {
        while (!finished && nextToSend < chunks) {
          if (nextToSend - nextToWrite >= maxAhead) {
            await new Promise<void>((wake) => { wakeCaller = wake; });
            continue;
          }
          checkAbort(opts.signal);
          const chunk = nextToSend++;
          owner.set(chunk, CALLER);
          const start = chunk * chunkSize;
          const end = Math.min(run.total, start + chunkSize);
          pending.set(chunk, { runId, chunk, outputs: encodeChunk(run, formats, start, end, batchSize, callerBuffers), count: end - start });
          flush().catch(fail);
          // Worker results and finished writes are handled between the caller's chunks.
          await yieldToIo();
        }
      };
      pool.forEach((w, i) => {
        const onResult = (res: ChunkResult | { ready: true }): void => {
          if (!('chunk' in res) || res.runId !== runId) return;
          pending.set(res.chunk, res);
          send(i);
          flush().catch(fail);
        };
        w.on('message', onResult);
        w.on('error', fail);
        listeners.push(() => {
          w.off('message', onResult);
          w.off('error', fail);
        });
      });
      for (let k = 0; k < 2; k++) pool.forEach((_, i) => send(i));
      if (callerEncodes) encodeHere().catch(fail);
    });
  } finally {
    finished = true;
    for (const off of listeners) off();
    if (own) await threads.terminate();
  }
}
