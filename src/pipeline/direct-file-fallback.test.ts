import { randomBytes } from 'node:crypto';
import type * as NodeFs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** How the mocked file system refuses direct I/O: on open, on the second write, or not at all. */
const refuse = vi.hoisted(() => ({ on: 'none' as 'none' | 'open' | 'write', writes: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const einval = (): NodeJS.ErrnoException => Object.assign(new Error('EINVAL: invalid argument'), { code: 'EINVAL' });
  const directFds = new Set<number>();
  const open = (path: string, flags: number, mode: number, cb: (err: Error | null, fd?: number) => void): void => {
    const direct = (flags & fs.constants.O_DIRECT) !== 0;
    if (direct && refuse.on === 'open') return void setImmediate(() => cb(einval()));
    fs.open(path, flags, mode, (err, fd) => {
      if (!err && direct) directFds.add(fd);
      cb(err, fd);
    });
  };
  const write = (fd: number, buf: Buffer, off: number, len: number, pos: number, cb: (err: Error | null, n?: number) => void): void => {
    // Every write in flight on the direct descriptor fails once the first has.
    if (directFds.has(fd) && refuse.on === 'write' && ++refuse.writes >= 2) return void setImmediate(() => cb(einval()));
    fs.write(fd, buf, off, len, pos, cb);
  };
  return { ...fs, default: { ...fs, open, write }, open, write };
});

const { DirectFile } = await import('./direct-file.js');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medgen-direct-fallback-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function roundTrip(name: string, sizes: number[]): Promise<{ same: boolean; direct: boolean }> {
  const path = join(dir, name);
  const file = new DirectFile(path);
  const chunks = sizes.map((n) => randomBytes(n));
  for (const chunk of chunks) file.write(chunk);
  file.end();
  await finished(file);
  return { same: (await readFile(path)).equals(Buffer.concat(chunks)), direct: file.usesDirectIo };
}

describe.skipIf(process.platform !== 'linux')('DirectFile where the file system refuses direct I/O', () => {
  it('opens the file through the page cache when O_DIRECT is refused on open', async () => {
    refuse.on = 'open';
    expect(await roundTrip('open.bin', [5 << 20, 333])).toEqual({ same: true, direct: false });
  });

  it('goes on through the page cache when a direct write is refused, losing and repeating nothing', async () => {
    refuse.on = 'write';
    refuse.writes = 0;
    expect(await roundTrip('write.bin', [(1 << 20) + 5, 6 << 20, 4321])).toEqual({ same: true, direct: false });
    refuse.writes = 0;
    // Refused only at the padded tail: the file still ends at its true length.
    expect(await roundTrip('tail.bin', [(1 << 20), 10])).toEqual({ same: true, direct: false });
  });
});
