import type { ByteTarget } from '../formats/format.js';

/**
 * Encoded text collected into large reusable byte buffers. Writing many small strings into one
 * buffer (instead of concatenating them into a huge string and converting it at the end) saves
 * a copy, keeps the garbage collector out of the large-object space and avoids page faults from
 * fresh allocations; buffers come back to the pool once the sink has written them.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(readonly size = 1 << 20, private readonly keep = 8) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Returns a buffer taken from this pool (or any view of one) for reuse. */
  give(view: Uint8Array): void {
    if (view.buffer.byteLength === this.size && this.free.length < this.keep && view.buffer instanceof ArrayBuffer) {
      this.free.push(Buffer.from(view.buffer, 0, this.size));
    }
  }
}

/** Stands for "no buffer yet": any write or reserve takes one from the pool first. */
const NO_BUFFER = Buffer.alloc(0);

/**
 * The bytes of one output, in pooled buffers. Formats with a byte writer write into `buf` at
 * `pos` directly (ByteTarget); others hand over strings. A buffer is taken from the pool only
 * when something is written: a collector that is drained and dropped (one per chunk in the
 * worker threads) would otherwise take a buffer nobody gives back, and the pool would allocate
 * a fresh one, with fresh pages to fault in, for every chunk.
 */
export class ByteChunks implements ByteTarget {
  buf: Buffer = NO_BUFFER;
  pos = 0;
  readonly full: Buffer[] = [];

  constructor(private readonly pool: BufferPool) {}

  write(text: string): void {
    // utf8 needs at most 3 bytes per UTF-16 code unit.
    const worst = text.length * 3;
    if (this.pos + worst > this.buf.length) {
      this.seal();
      if (worst > this.buf.length) {
        this.full.push(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.pos += this.buf.write(text, this.pos);
  }

  /** Writes a string of char codes below 256, one byte each: a plain copy for one-byte strings. */
  latin1(bytes: string): void {
    const n = bytes.length;
    if (this.pos + n > this.buf.length) {
      this.seal();
      if (n > this.buf.length) {
        this.full.push(Buffer.from(bytes, 'latin1'));
        return;
      }
    }
    this.pos += this.buf.write(bytes, this.pos, n, 'latin1');
  }

  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.seal();
  }

  /** Moves the current buffer (if not empty) to `full` and starts a new one. */
  seal(): void {
    if (this.pos > 0) this.full.push(this.buf.subarray(0, this.pos));
    else if (this.buf !== NO_BUFFER) return;
    this.buf = this.pool.take();
    this.pos = 0;
  }

  /** Everything written so far, as buffers in order; the collector starts empty again. */
  drain(): Buffer[] {
    if (this.pos > 0) {
      this.full.push(this.buf.subarray(0, this.pos));
      this.buf = NO_BUFFER;
      this.pos = 0;
    }
    return this.full.splice(0, this.full.length);
  }

  /** Gives an unused current buffer back to the pool (call when done with the collector). */
  release(): void {
    if (this.pos === 0 && this.buf !== NO_BUFFER) this.pool.give(this.buf);
    this.buf = NO_BUFFER;
  }
}
