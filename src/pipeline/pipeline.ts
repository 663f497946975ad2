import type { Writable } from 'node:stream';
import { runMetadata } from '../engine/index.js';
import { BufferPool, ByteChunks, type BatchFormat } from '../formats/index.js';
import { encodeRange } from './encode.js';
import { BUFFER_SIZE, checkAbort, POOL_KEEP, SINK_LIMIT, type PipelineOptions, type PipelineResult } from './options.js';
import { encodeInParallel } from './parallel.js';
import { canReuseBuffers, roomInAll, SinkWriter, yieldToIo } from './sink-writer.js';

const DEFAULT_CHUNK = 1_000;
const DEFAULT_BATCH = 32;

/**
 * Generates the whole run into the sinks (headers, bodies, footers). With more than one
 * worker, chunks are encoded in encoder threads and written in index order, so the bytes are
 * the same for any worker count, chunk size or batch size.
 */
export async function generateToSinks(opts: PipelineOptions): Promise<PipelineResult> {
  const { run, formats, sinks } = opts;
  const meta = runMetadata(run);
  const writers = formats.map((_, f) => new SinkWriter(sinks[f] as Writable, SINK_LIMIT));
  for (let f = 0; f < formats.length; f++) (writers[f] as SinkWriter).write((formats[f] as BatchFormat).header(meta));
  await roomInAll(writers);
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  if (workers === 1) await inline(opts, writers, chunkSize, batchSize);
  else await encodeInParallel(opts, writers, workers, chunkSize, batchSize);
  for (let f = 0; f < formats.length; f++) (writers[f] as SinkWriter).write((formats[f] as BatchFormat).footer(meta));
  await roomInAll(writers);
  return { patients: run.total };
}

/**
 * Encodes on this thread. Each buffer goes to its sink as soon as it is full, and between batches
 * that filled one the event loop runs the sinks' finished writes: the file (or socket) writes
 * overlap the encoding instead of alternating with it. A chunk ends with its last, partly
 * filled buffers handed over, an abort check and a turn of the event loop.
 */
async function inline(opts: PipelineOptions, writers: readonly SinkWriter[], chunkSize: number, batchSize: number): Promise<void> {
  const { run, formats, sinks } = opts;
  const pool = new BufferPool(BUFFER_SIZE, POOL_KEEP);
  const recycle = canReuseBuffers(sinks) ? (b: Uint8Array): void => pool.give(b) : undefined;
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
          await roomInAll(writers);
          await yieldToIo();
        }
      }
      handOver((o) => o.drain());
      await roomInAll(writers);
      opts.onProgress?.(end, run.total);
      await yieldToIo();
    }
  } finally {
    for (const o of outputs) o.release();
  }
}
