import { createHash, type Hash } from 'node:crypto';
import { Writable } from 'node:stream';
import { DirectFile } from './direct-file.js';

export interface FileDigest {
  bytes: number;
  sha256: string;
}

/**
 * A file write stream that also counts and hashes what it writes, so a job's checksums cost
 * no second read of files that may be gigabytes. Hashing is synchronous in `_write`: the
 * caller may recycle the chunk as soon as the write calls back.
 */
export class DigestFile extends Writable {
  private readonly file: DirectFile;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private hex?: string;

  constructor(path: string) {
    super({ highWaterMark: 1 << 20 });
    this.file = new DirectFile(path);
    this.file.once('error', (err) => this.destroy(err));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.file.write(chunk, (err) => cb(err));
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.file.end(() => cb());
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.file.destroy();
    cb(err);
  }

  /** Size and hash once the stream has finished. */
  digest(): FileDigest {
    this.hex ??= this.hash.digest('hex');
    return { bytes: this.bytes, sha256: this.hex };
  }
}
