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

/**
 * The bytes of one output, in pooled buffers. Formats with a byte writer write into `buf` at
 * `pos` directly (ByteTarget); others hand over strings.
 */
export class ByteChunks implements ByteTarget {
  buf: Buffer;
  pos = 0;
  readonly full: Buffer[] = [];

  constructor(private readonly pool: BufferPool) {
    this.buf = pool.take();
  }

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
    if (this.pos === 0) return;
    this.full.push(this.buf.subarray(0, this.pos));
    this.buf = this.pool.take();
    this.pos = 0;
  }

  /** Everything written so far, as buffers in order; the collector starts empty again. */
  drain(): Buffer[] {
    this.seal();
    return this.full.splice(0, this.full.length);
  }
}
