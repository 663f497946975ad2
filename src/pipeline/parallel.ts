import type { Worker } from 'node:worker_threads';
import { BufferPool, type BatchFormat } from '../formats/index.js';
import type { Run } from '../engine/index.js';
import { encodeChunk } from './encode.js';
import { EncoderThreads } from './encoder-threads.js';
import { BUFFER_SIZE, checkAbort, POOL_KEEP, type PipelineOptions } from './options.js';
import { canReuseBuffers, roomInAll, yieldToIo, type SinkWriter } from './sink-writer.js';
import type { ChunkRequest, ChunkResult, FromEncoderThread, RunInit } from './thread-protocol.js';

/**
 * Encodes the run's chunks in encoder threads (and, unless told otherwise, on the calling thread
 * too) and writes them in index order. Uses the threads given in `opts.threads`, or starts and
 * afterwards stops its own.
 */
export async function encodeInParallel(opts: PipelineOptions, writers: readonly SinkWriter[], workers: number, chunkSize: number, batchSize: number): Promise<void> {
  const chunks = Math.ceil(opts.run.total / chunkSize);
  const callerEncodes = opts.callerEncodes !== false;
  const wanted = Math.min(callerEncodes ? workers - 1 : workers, chunks);
  // Threads given but none to use while the caller does not encode: nobody would; start some.
  const own = opts.threads === undefined || (!callerEncodes && opts.threads.size === 0);
  const threads = own ? EncoderThreads.start(wanted, { resourceLimits: opts.resourceLimits }) : opts.threads as EncoderThreads;
  try {
    await new ParallelRun(opts, writers, threads.workers.slice(0, wanted), { chunks, chunkSize, batchSize, callerEncodes }).encodeAll();
  } finally {
    if (own) await threads.terminate();
  }
}

let lastRunId = 0;

/** Who encoded a chunk: an encoder thread's index, or the calling thread. */
const CALLER = -1;

interface Sizes { chunks: number; chunkSize: number; batchSize: number; callerEncodes: boolean }

/**
 * One parallel run. Chunks are handed out in index order (`nextToSend`), results may come back
 * in any order and wait in `pending` until every earlier chunk is written (`nextToWrite`). At
 * most `maxAhead` chunks are handed out beyond the next one to write, which bounds memory; an
 * encoder that would go past it waits in `idle` (a thread) or on `wakeCaller` (the caller).
 */
class ParallelRun {
  private readonly run: Run;
  private readonly formats: readonly BatchFormat[];
  private readonly chunks: number;
  private readonly runId = ++lastRunId;
  /** Whether written buffers go back to their encoder (see canReuseBuffers). */
  private readonly reuse: boolean;
  private readonly maxAhead: number;
  /** Per thread, the shared buffers written since its last request, handed back with the next. */
  private readonly returned: SharedArrayBuffer[][];
  private readonly callerBuffers = new BufferPool(BUFFER_SIZE, POOL_KEEP);
  /** Chunk → who encodes it. */
  private readonly owner = new Map<number, number>();
  /** Encoded chunks waiting for their turn to be written. */
  private readonly pending = new Map<number, ChunkResult>();
  /** Threads with nothing to do while the run is `maxAhead` chunks ahead of the writes. */
  private readonly idle: number[] = [];
  private nextToSend = 0;
  private nextToWrite = 0;
  private done = 0;
  private finished = false;
  private writing = false;
  /** Wakes the caller's encoding loop when it waits for the writes to catch up. */
  private wakeCaller: (() => void) | undefined;
  private resolve: () => void = () => undefined;
  private reject: (err: unknown) => void = () => undefined;

  constructor(
    private readonly opts: PipelineOptions,
    private readonly writers: readonly SinkWriter[],
    private readonly threads: readonly Worker[],
    private readonly sizes: Sizes,
  ) {
    this.run = opts.run;
    this.formats = opts.formats;
    this.chunks = sizes.chunks;
    this.reuse = canReuseBuffers(opts.sinks);
    this.maxAhead = (threads.length + (sizes.callerEncodes ? 1 : 0)) * 3;
    this.returned = threads.map(() => []);
  }

  async encodeAll(): Promise<void> {
    const { batchSize, callerEncodes } = this.sizes;
    const init: RunInit = {
      init: { runId: this.runId, spec: { scenario: this.run.scenario, seed: this.run.seed }, formats: this.formats.map((f) => f.id), batchSize, bufferSize: BUFFER_SIZE, share: this.reuse },
    };
    for (const w of this.threads) w.postMessage(init);
    const listeners: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        this.resolve = resolve;
        this.reject = reject;
        this.threads.forEach((w, i) => listeners.push(this.listen(w, i)));
        // Two chunks per thread to start with: each has the next one queued while it sends one back.
        for (let k = 0; k < 2; k++) this.threads.forEach((_, i) => this.send(i));
        if (callerEncodes) this.encodeHere().catch(this.fail);
      });
    } finally {
      this.finished = true;
      for (const off of listeners) off();
    }
  }

  private readonly fail = (err: unknown): void => {
    this.finished = true;
    this.wakeCaller?.();
    this.reject(err);
  };

  /** Takes thread `i`'s results; returns what detaches it. */
  private listen(w: Worker, i: number): () => void {
    const onResult = (res: FromEncoderThread): void => {
      if (!('chunk' in res) || res.runId !== this.runId) return;
      this.pending.set(res.chunk, res);
      this.send(i);
      this.flush().catch(this.fail);
    };
    w.on('message', onResult);
    w.on('error', this.fail);
    return () => {
      w.off('message', onResult);
      w.off('error', this.fail);
    };
  }

  private aheadBoundReached(): boolean {
    return this.nextToSend - this.nextToWrite >= this.maxAhead;
  }

  /** Hands thread `w` the next chunk, unless none is left or the run is too far ahead. */
  private send(w: number): void {
    if (this.nextToSend >= this.chunks) return;
    if (this.aheadBoundReached()) {
      this.idle.push(w);
      return;
    }
    const chunk = this.nextToSend++;
    const start = chunk * this.sizes.chunkSize;
    const give = this.returned[w] as SharedArrayBuffer[];
    const req: ChunkRequest = { chunk, start, end: Math.min(this.run.total, start + this.sizes.chunkSize), returned: give.splice(0, give.length) };
    this.owner.set(chunk, w);
    (this.threads[w] as Worker).postMessage(req);
  }

  /** What to do with a buffer of encoder `w`'s once its sink has written it. */
  private recycler(w: number): (b: Uint8Array) => void {
    if (!this.reuse) return () => undefined;
    if (w === CALLER) return (b) => this.callerBuffers.give(b);
    const back = this.returned[w] as SharedArrayBuffer[];
    return (b) => {
      if (b.buffer.byteLength === BUFFER_SIZE && b.buffer instanceof SharedArrayBuffer && !back.includes(b.buffer)) back.push(b.buffer);
    };
  }

  /** Writes every chunk that is next in order; one flush at a time, the others return at once. */
  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.pending.has(this.nextToWrite)) await this.writeNext();
    } finally {
      this.writing = false;
    }
    if (this.nextToWrite >= this.chunks) {
      this.finished = true;
      this.resolve();
    }
  }

  private async writeNext(): Promise<void> {
    checkAbort(this.opts.signal);
    const res = this.pending.get(this.nextToWrite) as ChunkResult;
    this.pending.delete(this.nextToWrite);
    const written = this.recycler(this.owner.get(res.chunk) as number);
    this.owner.delete(res.chunk);
    for (let f = 0; f < this.writers.length; f++) {
      const writer = this.writers[f] as SinkWriter;
      for (const b of res.outputs[f] ?? []) writer.write(b, () => written(b));
    }
    await roomInAll(this.writers);
    this.done += res.count;
    this.nextToWrite++;
    this.opts.onProgress?.(this.done, this.run.total);
    // The writes caught up: whoever waited on the ahead bound may take a chunk again.
    while (this.idle.length > 0 && this.nextToSend < this.chunks && !this.aheadBoundReached()) this.send(this.idle.shift() as number);
    const wake = this.wakeCaller;
    this.wakeCaller = undefined;
    wake?.();
  }

  /** The calling thread's share: the next unassigned chunk whenever the ahead bound allows. */
  private async encodeHere(): Promise<void> {
    const { chunkSize, batchSize } = this.sizes;
    while (!this.finished && this.nextToSend < this.chunks) {
      if (this.aheadBoundReached()) {
        await new Promise<void>((wake) => { this.wakeCaller = wake; });
        continue;
      }
      checkAbort(this.opts.signal);
      const chunk = this.nextToSend++;
      this.owner.set(chunk, CALLER);
      const start = chunk * chunkSize;
      const end = Math.min(this.run.total, start + chunkSize);
      this.pending.set(chunk, { runId: this.runId, chunk, outputs: encodeChunk(this.run, this.formats, start, end, batchSize, this.callerBuffers), count: end - start });
      this.flush().catch(this.fail);
      // Thread results and finished writes are handled between the caller's chunks.
      await yieldToIo();
    }
  }
}
