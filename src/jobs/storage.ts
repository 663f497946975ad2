import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where job outputs live (OUTPUT_DIR, shared by every node). Paths stored in the database are
 * relative to it, so the directory may be mounted elsewhere on another machine.
 */
export interface OutputStorage {
  /** The folder a job writes into. */
  dirFor(jobId: string): string;
  /** The stored (relative) name of a file the job wrote. */
  keyOf(absolutePath: string): string;
  /** Reads a stored file; with its known size the stream ends on its last byte, not on a further read. */
  open(key: string, bytes?: number): Readable;
  /** A file on this machine's disk, when the storage has one (lets a ZIP open files lazily). */
  localPath?(key: string): string;
  exists(key: string): Promise<boolean>;
  /** Removes a job's folder and everything in it (partial or complete). */
  remove(jobId: string): Promise<void>;
}

export class LocalStorage implements OutputStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  dirFor(jobId: string): string {
    return join(this.root, jobId);
  }

  keyOf(absolutePath: string): string {
    return relative(this.root, absolutePath).split(sep).join('/');
  }

  localPath(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`output path outside the storage directory: ${key}`);
    return path;
  }

  open(key: string, bytes?: number): Readable {
    return createReadStream(this.localPath(key), { highWaterMark: 1 << 20, ...(bytes ? { start: 0, end: bytes - 1 } : {}) });
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.localPath(key)).then((s) => s.isFile(), () => false);
  }

  async remove(jobId: string): Promise<void> {
    await rm(this.dirFor(jobId), { recursive: true, force: true });
  }
}
