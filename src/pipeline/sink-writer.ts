import { WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { recyclesAfterCallback } from '../formats/index.js';

/**
 * Hands bytes to one sink and keeps count of those it has not called back for yet. The pipeline
 * writes a buffer as soon as it is full and goes on encoding; it waits only once more than
 * `limit` bytes are outstanding, and then only until the sink is back under it. Waiting for
 * 'drain' after every write (as before) left the generating thread idle during each file write
 * (≈ 15 % of the wall time with one worker): the sink is empty when 'drain' fires, so the two
 * never overlapped. Counting callbacks also does not depend on the sink's highWaterMark.
 */
export class SinkWriter {
  private outstanding = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly sink: Writable, private readonly limit: number) {}

  /** Queues `data`; `written` runs once the sink is done with it (not on failure). */
  write(data: Uint8Array | string, written?: () => void): void {
    if (this.failure !== undefined) throw this.failure;
    if (data.length === 0) {
      written?.();
      return;
    }
    const size = data.length;
    this.outstanding += size;
    this.sink.write(data, (err?: Error | null) => {
      this.outstanding -= size;
      if (err) {
        this.fail(err);
        return;
      }
      written?.();
      if (this.wake !== undefined && this.outstanding <= this.limit) {
        const wake = this.wake;
        this.wake = undefined;
        wake();
      }
    });
  }

  /** Resolves once at most `limit` bytes are outstanding; rejects with the sink's error. */
  async room(): Promise<void> {
    if (this.outstanding > this.limit && this.failure === undefined) {
      const sink = this.sink;
      // A sink destroyed in the middle of a write may never call back: its events end the wait too.
      const onError = (err: Error): void => this.fail(err);
      const onClose = (): void => this.fail(new Error('the output closed before it was written'));
      sink.once('error', onError);
      sink.once('close', onClose);
      try {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      } finally {
        sink.off('error', onError);
        sink.off('close', onClose);
      }
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Lets pending I/O callbacks (finished writes) run before the next slice of synchronous work. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resolves once every writer has room (see SinkWriter.room). */
export async function roomInAll(writers: readonly SinkWriter[]): Promise<void> {
  for (const w of writers) await w.room();
}

/**
 * A buffer may be reused only once the sink has really written it. A file stream calls back
 * after the OS write, and an output chain's head only after its next stage has (both are
 * marked); other sinks (a PassThrough, a pipe, a socket) may still hold the very same buffer in
 * a queue when they call back, so for them every buffer is fresh. Fresh buffers cost: encoder
 * threads then fault in new pages for every chunk (≈ 1.5× the CPU per patient).
 */
export function canReuseBuffers(sinks: readonly Writable[]): boolean {
  return sinks.every((s) => s instanceof WriteStream || recyclesAfterCallback(s));
}
