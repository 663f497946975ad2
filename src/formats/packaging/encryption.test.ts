import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createDecryptStream, createEncryptStream, DecryptionError, HEADER_BYTES, MAGIC, PBKDF2_ITERATIONS, TAG_BYTES } from './encryption.js';

const FAST = 1_000; // PBKDF2 iterations for most tests; one test uses the real 600,000

/** Streams `data` in uneven chunks through `t` and collects the output. */
async function through(t: NodeJS.ReadWriteStream, data: Buffer, chunk = 7_001): Promise<Buffer> {
  const parts: Buffer[] = [];
  const pieces = function* (): Generator<Buffer> {
    for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
  };
  await pipeline(Readable.from(pieces()), t, new Writable({ write(c: Buffer, _e, cb) { parts.push(Buffer.from(c)); cb(); } }));
  return Buffer.concat(parts);
}

const encrypt = async (pw: string, data: Buffer, iterations = FAST) => through(await createEncryptStream(pw, iterations), data);
const decrypt = (pw: string, data: Buffer, iterations = FAST, chunk?: number) => through(createDecryptStream(pw, iterations), data, chunk);

describe('MEDGEN1 encryption', () => {
  const plain = randomBytes(300_017);

  it('writes magic ‖ salt ‖ iv ‖ ciphertext ‖ tag and round-trips byte-exactly', async () => {
    const sealed = await encrypt('correct horse', plain);
    expect(sealed.subarray(0, 7)).toEqual(MAGIC);
    expect(sealed.toString('latin1', 0, 7)).toBe('MEDGEN1');
    expect(sealed.length).toBe(HEADER_BYTES + plain.length + TAG_BYTES);
    expect(sealed.includes(plain.subarray(0, 64))).toBe(false);
    expect((await decrypt('correct horse', sealed)).equals(plain)).toBe(true);
    expect((await decrypt('correct horse', sealed, FAST, 1)).subarray(0, 1000).equals(plain.subarray(0, 1000))).toBe(true);
  });

  it('round-trips chunks larger than a cipher slice, both ways', async () => {
    const big = randomBytes(1_300_021);
    const sealed = await through(await createEncryptStream('correct horse', FAST), big, 1 << 20);
    expect(sealed.length).toBe(HEADER_BYTES + big.length + TAG_BYTES);
    for (const chunk of [150_001, 1 << 20, sealed.length]) expect((await decrypt('correct horse', sealed, FAST, chunk)).equals(big)).toBe(true);
  });

  it('uses a fresh salt and IV for every file', async () => {
    const a = await encrypt('pw', plain.subarray(0, 100));
    const b = await encrypt('pw', plain.subarray(0, 100));
    expect(a.subarray(7, HEADER_BYTES).equals(b.subarray(7, HEADER_BYTES))).toBe(false);
  });

  it('round-trips empty input', async () => {
    const sealed = await encrypt('pw', Buffer.alloc(0));
    expect(sealed.length).toBe(HEADER_BYTES + TAG_BYTES);
    expect((await decrypt('pw', sealed)).length).toBe(0);
  });

  it('rejects one flipped byte anywhere: salt, IV, ciphertext or tag', async () => {
    const sealed = await encrypt('pw', plain.subarray(0, 5000));
    for (const at of [7, 7 + 16, HEADER_BYTES, HEADER_BYTES + 2500, sealed.length - 17, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] = (bad[at] as number) ^ 0x01;
      await expect(decrypt('pw', bad), `byte ${at}`).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it('rejects a wrong password, a truncated file and foreign bytes with clear errors', async () => {
    const sealed = await encrypt('pw', plain.subarray(0, 5000));
    await expect(decrypt('wrong', sealed)).rejects.toThrow(/wrong password, or the file was modified/);
    await expect(decrypt('pw', sealed.subarray(0, sealed.length - 5))).rejects.toBeInstanceOf(DecryptionError);
    await expect(decrypt('pw', sealed.subarray(0, 20))).rejects.toThrow(/truncated/);
    await expect(decrypt('pw', Buffer.from('PK\u0003\u0004 not ours at all, not ours at all'))).rejects.toThrow(/not a medgen encrypted file/);
    await expect(createEncryptStream('', FAST)).rejects.toThrow(/empty/);
  });

  it('uses PBKDF2 with 600,000 iterations by default', async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const sealed = await encrypt('pw', plain.subarray(0, 1000), PBKDF2_ITERATIONS);
    expect((await decrypt('pw', sealed, PBKDF2_ITERATIONS)).equals(plain.subarray(0, 1000))).toBe(true);
    await expect(decrypt('pw', sealed, FAST)).rejects.toBeInstanceOf(DecryptionError);
  });
});
