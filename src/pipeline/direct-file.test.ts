import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectFile } from './direct-file.js';

const MiB = 1 << 20;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medgen-direct-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `sizes` random chunks, reusing (scribbling over) each one once its write called back. */
async function writeChunks(file: DirectFile, sizes: number[]): Promise<Buffer> {
  const expected: Buffer[] = [];
  for (const size of sizes) {
    const chunk = randomBytes(size);
    expected.push(Buffer.from(chunk));
    await new Promise<void>((resolve, reject) => file.write(chunk, (err) => (err ? reject(err) : resolve())));
    chunk.fill(0xee); // the caller may reuse the chunk as soon as its write called back
  }
  file.end();
  await finished(file);
  return Buffer.concat(expected);
}

describe('DirectFile', () => {
  const cases: [string, number[]][] = [
    ['nothing', []],
    ['one byte', [1]],
    ['exactly one slab', [MiB]],
    ['slabs and a ragged tail, chunks crossing slab edges', [3, MiB + 7, 2 * MiB - 5, 4096, 5 * MiB + 123, 17]],
    ['many small chunks past the four slabs', Array.from({ length: 700 }, (_, i) => 7_000 + i * 13)],
  ];
  for (const [name, sizes] of cases) {
    it(`writes the exact bytes: ${name}`, async () => {
      const path = join(dir, `${name.replace(/\W+/g, '-')}.bin`);
      const file = new DirectFile(path);
      const expected = await writeChunks(file, sizes);
      const actual = await readFile(path);
      expect(actual.length).toBe(expected.length);
      expect(actual.equals(expected)).toBe(true);
      expect(file.usesDirectIo).toBe(process.platform === 'linux');
    });
  }

  it('writes the same bytes through the page cache when asked to', async () => {
    const path = join(dir, 'buffered.bin');
    const file = new DirectFile(path, { direct: false });
    const expected = await writeChunks(file, [MiB + 1, 3 * MiB, 99]);
    expect(file.usesDirectIo).toBe(false);
    expect((await readFile(path)).equals(expected)).toBe(true);
  });

  it('replaces an existing longer file and creates new files with the given mode', async () => {
    const path = join(dir, 'replaced.bin');
    await writeChunks(new DirectFile(path), [3 * MiB]);
    const expected = await writeChunks(new DirectFile(path, { mode: 0o600 }), [10]);
    expect((await readFile(path)).equals(expected)).toBe(true);
    const fresh = join(dir, 'private.bin');
    await writeChunks(new DirectFile(fresh, { mode: 0o600 }), [10]);
    expect((await stat(fresh)).mode & 0o777).toBe(0o600);
  });

  it('fails with the system error where the file cannot be opened', async () => {
    const file = new DirectFile(join(dir, 'no', 'such', 'folder', 'x.bin'));
    await expect(finished(file.end())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops cleanly when destroyed in the middle of writing, and the next file gets clean memory', async () => {
    const broken = new DirectFile(join(dir, 'destroyed.bin'));
    const chunk = randomBytes(3 * MiB);
    broken.write(chunk);
    broken.write(chunk);
    broken.destroy(new Error('stopped'));
    await expect(finished(broken)).rejects.toThrow('stopped');
    const path = join(dir, 'after.bin');
    const expected = await writeChunks(new DirectFile(path), [5 * MiB + 3]);
    expect((await readFile(path)).equals(expected)).toBe(true);
  });
});
