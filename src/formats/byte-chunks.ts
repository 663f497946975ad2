import type { ByteTarget } from './format.js';

/**
 * Encoded text collected into large reusable byte buffers. Writing many small strings into one
 * buffer (instead of concatenating them into a huge string and converting it at the end) saves
 * a copy, keeps the garbage collector out of the large-object space and avoids page faults from
 * fresh allocations; buffers come back to the pool once the sink has written them.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  /**
   * `shared`: the buffers are SharedArrayBuffers, for a thread that hands its bytes to another.
   * Transferring an ordinary ArrayBuffer detaches it, and the first detach in an isolate
   * invalidates V8's ArrayBufferDetaching protector: every optimised function that touches a
   * typed array or DataView (the writer, the RNG) is thrown away and compiled again with a
   * detach check on each access. A shared buffer is never detached, only shared.
   */
  constructor(readonly size = 1 << 20, private readonly keep = 8, readonly shared = false) {}

  take(): Buffer {
    return this.free.pop() ?? (this.shared ? Buffer.from(new SharedArrayBuffer(this.size)) : Buffer.allocUnsafeSlow(this.size));
  }

  /** Returns a buffer taken from this pool (or any view of one, or its memory) for reuse. */
  give(view: Uint8Array | SharedArrayBuffer): void {
    const memory = view instanceof SharedArrayBuffer ? view : view.buffer;
    const kind = this.shared ? memory instanceof SharedArrayBuffer : memory instanceof ArrayBuffer;
    if (memory.byteLength === this.size && this.free.length < this.keep && kind) {
      this.free.push(Buffer.from(memory, 0, this.size));
    }
  }
}

/** Stands for "no buffer yet": any write or reserve takes one from the pool first. */
const NO_BUFFER = Buffer.alloc(0);

/**
 * The bytes of one output, in pooled buffers. Formats with a byte writer write into `buf` at
 * `pos` directly (ByteTarget); others hand over strings. A buffer is taken from the pool only
 * when something is written: a collector that is drained and dropped (one per chunk in the
 * encoder threads) would otherwise take a buffer nobody gives back, and the pool would allocate
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
