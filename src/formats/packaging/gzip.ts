import { createGzip, type Gzip } from 'node:zlib';

/** Per-file gzip; zlib runs on the libuv thread pool, beside the main thread. */
export function createGzipStream(level?: number): Gzip {
  return createGzip({ level, chunkSize: 1 << 16 });
}
