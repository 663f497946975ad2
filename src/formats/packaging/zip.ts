import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type * as Yazl from 'yazl';

// require(), not import: an ES module importing a CommonJS package makes Node scan the package's
// whole source for export names first, which cost ≈ 65 ms of CPU (13 ms with require) in every
// thread that loads the formats, encoder threads included.
const yazl = createRequire(import.meta.url)('yazl') as typeof Yazl;

/**
 * One ZIP of all outputs (yazl: streamed, ZIP64 when an entry or the archive passes 4 GiB).
 * Entries are written one after the other, so the caller streams at most one entry live and
 * adds the others once complete. Every entry carries the same fixed modification time, so
 * the archive bytes do not depend on the wall clock.
 */
export class ZipPackage {
  private readonly zip = new yazl.ZipFile();

  constructor(private readonly mtime: Date) {}

  /** The archive bytes; pipe them somewhere before or after adding entries. */
  get output(): Readable {
    return this.zip.outputStream as Readable;
  }

  /** An entry read from a stream as it is produced. `compress` false for already compressed data. */
  addStream(name: string, source: Readable, compress: boolean | number): void {
    const level = typeof compress === 'number' ? { compressionLevel: compress } : { compress };
    this.zip.addReadStream(source, name, { mtime: this.mtime, mode: 0o100644, ...level });
  }

  /** An entry read from a finished file on disk (opened when its turn comes). */
  addFile(name: string, path: string, compress: boolean): void {
    this.zip.addFile(path, name, { mtime: this.mtime, mode: 0o100644, compress });
  }

  addBuffer(name: string, data: Buffer, compress: boolean): void {
    this.zip.addBuffer(data, name, { mtime: this.mtime, mode: 0o100644, compress });
  }

  /** No more entries: the central directory follows the last entry. */
  end(): void {
    this.zip.end();
  }
}
