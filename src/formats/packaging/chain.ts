import { Writable, type Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createEncryptStream } from './encryption.js';
import { createGzipStream } from './gzip.js';

export interface ChainOptions {
  /** Turns the format's text into the file's bytes and ends its destination (XLSX). */
  encoder?: (dest: Writable) => Writable;
  gzip?: boolean;
  /** Encrypts with this password (never stored: the key is derived and the stream built here). */
  password?: string;
  /** PBKDF2 iterations; tests lower it, the CLI never does. */
  iterations?: number;
  /** false for standard output: the chain never ends it. */
  endDestination?: boolean;
  /** The destination only queues chunks (a PassThrough): copy them before they go on. */
  copy?: boolean;
}

/** An open output: write the format's text into `head`; `done` settles when the bytes are out. */
export interface OutputChain {
  readonly head: Writable;
  readonly done: Promise<void>;
  /** Newlines seen in the text written to `head` (NDJSON resources, CSV rows + 1). */
  lines(): number;
}

/**
 * Marks a sink that is done with a chunk when its write calls back, so the writer may refill
 * that buffer (file write streams are, too; a PassThrough or a socket is not).
 */
export const RECYCLES_AFTER_CALLBACK: unique symbol = Symbol.for('medgen.recyclesAfterCallback');

/** Whether a stream is marked as done with a chunk once its write calls back. */
export function recyclesAfterCallback(stream: Writable): boolean {
  return (stream as { [RECYCLES_AFTER_CALLBACK]?: boolean })[RECYCLES_AFTER_CALLBACK] === true;
}

/**
 * The head of every chain: counts lines and forwards each chunk to the next stage, calling
 * back only when that stage has called back. The pipeline recycles a buffer as soon as its
 * write callback runs, so this never acknowledges a chunk another stage may still read: the
 * stages used here (fs, zlib, ciphers, the XLSX writer) are done with a chunk when they call
 * back. A stage that only queues it (a PassThrough feeding a ZIP entry) needs `copy`.
 */
class Head extends Writable {
  count = 0;
  readonly [RECYCLES_AFTER_CALLBACK] = true;

  constructor(private readonly next: Writable, private readonly copy: boolean) {
    super({ highWaterMark: 1 << 20 });
    next.once('error', (err) => this.destroy(err));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    let i = chunk.indexOf(10);
    while (i !== -1) {
      this.count++;
      i = chunk.indexOf(10, i + 1);
    }
    this.next.write(this.copy ? Buffer.from(chunk) : chunk, (err) => cb(err));
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.next.end(() => cb());
  }
}

/**
 * Forwards the chunks to `dest` and never ends it (standard output). A destination that is done
 * with a chunk when its write calls back gets the chunk itself, and the callback waits for it:
 * Node's own standard output is such a destination (it writes files, pipes and terminals
 * synchronously on Linux, and on every system calls back only once the bytes are out), and so is
 * a marked sink. Any other (a PassThrough, a test's collector) may still hold a chunk after its
 * callback, so it gets a copy. The copies were not free: a fresh 1 MiB buffer per chunk, its pages
 * faulted in, made `--out -` take twice as long as writing a file.
 */
function nonEnding(dest: Writable): Writable {
  const recycles = dest === process.stdout || recyclesAfterCallback(dest);
  return new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, cb) {
      if (recycles) dest.write(chunk, (err) => cb(err));
      else if (dest.write(Buffer.from(chunk))) cb();
      else dest.once('drain', () => cb());
    },
  });
}

/** Builds head → [encoder] → [gzip] → [encryption] → destination. */
export async function openChain(dest: Writable, opts: ChainOptions = {}): Promise<OutputChain> {
  const stages: Transform[] = [];
  if (opts.gzip) stages.push(createGzipStream());
  if (opts.password !== undefined) stages.push(await createEncryptStream(opts.password, opts.iterations));
  const final = opts.endDestination === false ? nonEnding(dest) : dest;
  const rest = stages.length > 0 ? pipeline([...stages, final]) : finished(final);
  let first: Writable = stages[0] ?? final;
  let encoded: Promise<void> = Promise.resolve();
  if (opts.encoder) {
    const encoder = opts.encoder(first);
    encoded = finished(encoder);
    first = encoder;
  }
  const head = new Head(first, opts.copy === true && !opts.encoder && stages.length === 0);
  const done = Promise.all([finished(head), encoded, rest]).then(() => undefined);
  done.catch(() => undefined); // the caller awaits it; never an unhandled rejection meanwhile
  return { head, done, lines: () => head.count };
}
