import { close, constants, ftruncate, open, write } from 'node:fs';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { RECYCLES_AFTER_CALLBACK } from '../formats/index.js';

const openAsync = promisify(open);
const writeAsync = promisify(write);
const closeAsync = promisify(close);
const truncateAsync = promisify(ftruncate);

/** Bytes per write: one staging slab. */
const SLAB = 1 << 20;
/**
 * Slabs per file: one filling while the others are on their way to the disk. With both cores
 * generating, the libuv thread that finishes a write waits for a time slice; 4 MiB in flight
 * (7 ms of output at two workers' rate) left the writing thread idle 0.8–1.0 s per million
 * patients, 16 MiB 0.15 s. Pages are touched only as far as a file gets, so small files stay small.
 */
const SLABS = 16;
/** Direct I/O wants offsets, lengths and addresses in whole blocks; 4 KiB covers every device. */
const BLOCK = 4096;
/** Staging memories kept for the next file; more are left to the garbage collector. */
const KEEP_IDLE = 8;

interface StagingMemory {
  readonly buffer: ArrayBuffer;
}
// Node has WebAssembly as a global; the project's type libraries (no DOM) do not declare it.
declare const WebAssembly: { Memory: new (size: { initial: number; maximum: number }) => StagingMemory };

/**
 * Staging memory for direct writes. It must start on a block boundary, which a Buffer does
 * not promise (malloc gives 16 bytes), while a WebAssembly memory is mapped page by page.
 */
const idleStaging: StagingMemory[] = [];

function takeStaging(): StagingMemory {
  return idleStaging.pop() ?? new WebAssembly.Memory({ initial: (SLAB * SLABS) / 65536, maximum: (SLAB * SLABS) / 65536 });
}

function returnStaging(memory: StagingMemory): void {
  if (idleStaging.length < KEEP_IDLE) idleStaging.push(memory);
}

const O_DIRECT = (constants as Record<string, number | undefined>)['O_DIRECT'];

export interface DirectFileOptions {
  /** File mode when the file is created (default 0o666, less the umask). */
  mode?: number;
  /** false writes through the page cache, as where the file system refuses direct I/O. */
  direct?: boolean;
}

/**
 * A file write stream that bypasses the page cache (O_DIRECT) where the system allows it.
 *
 * Written through the page cache, a 1.6 GB output cost this 2-core VM 1.3–3.7 s of kernel time
 * (page allocation and copying, on libuv's threads), so one generating thread already used
 * about 1.3 cores and a second one had little left to run on. Direct writes of the same bytes
 * cost 0.2–0.3 s. Chunks are copied into aligned 1 MiB slabs, which go to the disk while the
 * next ones fill; a chunk's write calls back once it is copied, so the caller may reuse it at
 * once. The last partial slab is padded to a block, written, and the
 * file cut back to its true length.
 *
 * Where the file system refuses direct I/O (EINVAL on open or on a write), the file is
 * reopened without it and writing goes on with the same slabs, so no byte is lost or repeated.
 */
export class DirectFile extends Writable {
  readonly [RECYCLES_AFTER_CALLBACK] = true;
  private fd = -1;
  private direct: boolean;
  private memory: StagingMemory | undefined;
  private slabs: Buffer[] = [];
  /** Settles when slab i's write is done; never rejects (failures land in `failure`). */
  private readonly inFlight: (Promise<void> | undefined)[] = new Array<undefined>(SLABS).fill(undefined);
  private failure: Error | undefined;
  private current = 0;
  private fill = 0;
  private position = 0;
  private reopening: Promise<void> | undefined;
  private readonly retired: number[] = [];
  /** Set when destroyed: a write still copying must not start another slab on its way. */
  private closing = false;

  constructor(readonly path: string, private readonly options: DirectFileOptions = {}) {
    super({ highWaterMark: 1 << 20 });
    this.direct = options.direct !== false && O_DIRECT !== undefined;
  }

  /** Whether the bytes are going around the page cache (false once it fell back). */
  get usesDirectIo(): boolean {
    return this.direct;
  }

  override _construct(cb: (err?: Error | null) => void): void {
    this.openFile().then(() => cb(), cb);
  }

  private async openFile(): Promise<void> {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
    if (this.direct) {
      try {
        this.fd = await openAsync(this.path, flags | (O_DIRECT as number), this.options.mode ?? 0o666);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
        this.direct = false;
      }
    }
    if (this.fd < 0) this.fd = await openAsync(this.path, flags, this.options.mode ?? 0o666);
    this.memory = takeStaging();
    const memory = this.memory;
    this.slabs = Array.from({ length: SLABS }, (_, i) => Buffer.from(memory.buffer, i * SLAB, SLAB));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.copyIn(chunk).then(() => cb(), cb);
  }

  private async copyIn(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const pending = this.inFlight[this.current];
      if (pending !== undefined) {
        await pending;
        this.inFlight[this.current] = undefined;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.closing) throw new Error('the file was closed while being written');
      const slab = this.slabs[this.current] as Buffer;
      const n = Math.min(chunk.length - offset, SLAB - this.fill);
      chunk.copy(slab, this.fill, offset, offset + n);
      this.fill += n;
      offset += n;
      if (this.fill === SLAB) {
        this.inFlight[this.current] = this.settle(this.writeFully(slab, SLAB, this.position));
        this.position += SLAB;
        this.current = (this.current + 1) % SLABS;
        this.fill = 0;
      }
    }
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.flushTail().then(() => cb(), cb);
  }

  private async flushTail(): Promise<void> {
    await this.drain();
    const tail = this.fill;
    if (tail > 0) {
      const slab = this.slabs[this.current] as Buffer;
      if (this.direct) {
        const padded = Math.ceil(tail / BLOCK) * BLOCK;
        slab.fill(0, tail, padded);
        await this.writeFully(slab, padded, this.position, tail);
        await truncateAsync(this.fd, this.position + tail);
      } else {
        await this.writeFully(slab, tail, this.position);
      }
      this.position += tail;
      this.fill = 0;
    }
    await this.closeFile();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    // Closing under a write still on libuv's threads could hand its descriptor (and its staging
    // memory) to another file.
    this.closing = true;
    this.drain()
      .then(() => this.closeFile())
      .then(() => cb(err), (closeErr: Error) => cb(err ?? closeErr));
  }

  private async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.inFlight.fill(undefined);
    if (this.failure !== undefined) throw this.failure;
  }

  private async closeFile(): Promise<void> {
    if (this.memory !== undefined) {
      returnStaging(this.memory);
      this.memory = undefined;
      this.slabs = [];
    }
    const fds = [...this.retired.splice(0), this.fd].filter((fd) => fd >= 0);
    this.fd = -1;
    await Promise.all(fds.map((fd) => closeAsync(fd)));
  }

  private settle(write: Promise<void>): Promise<void> {
    return write.catch((err: Error) => {
      this.failure ??= err;
    });
  }

  /** Writes `length` bytes of `slab` at `position`; only `trueLength` of them once direct I/O is off. */
  private async writeFully(slab: Buffer, length: number, position: number, trueLength = length): Promise<void> {
    let done = 0;
    while (done < length) {
      try {
        const { bytesWritten } = await writeAsync(this.fd, slab, done, length - done, position + done);
        done += bytesWritten;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EINVAL' || !this.direct) throw err;
        await this.leaveDirectIo();
        length = trueLength;
      }
    }
  }

  /**
   * Reopens the file through the page cache. Writes already done stay where they are; writes
   * still running on the old descriptor fail the same way and retry on the new one, so the old
   * one stays open until the file closes.
   */
  private leaveDirectIo(): Promise<void> {
    this.reopening ??= openAsync(this.path, constants.O_WRONLY).then((fd) => {
      this.retired.push(this.fd);
      this.fd = fd;
      this.direct = false;
    });
    return this.reopening;
  }
}
