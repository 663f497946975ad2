import { describe, expect, it } from 'vitest';
import { BufferPool, ByteChunks } from './byte-chunks.js';

describe('ByteChunks', () => {
  it('keeps the bytes of every string in order across buffer boundaries', () => {
    const pool = new BufferPool(64, 2);
    const out = new ByteChunks(pool);
    const pieces = ['héllo ', 'x'.repeat(30), 'Łódź — ', 'y'.repeat(100), '', 'end'];
    for (const p of pieces) out.write(p);
    const bytes = Buffer.concat(out.drain());
    expect(bytes.toString('utf8')).toBe(pieces.join(''));
    expect(out.drain()).toEqual([]);
  });

  it('writes latin1 strings and direct writes in order, sealing before a write that does not fit', () => {
    const out = new ByteChunks(new BufferPool(16, 2));
    out.latin1('abc\u00e9');
    out.reserve(8);
    out.buf[out.pos++] = 0x21;
    out.reserve(14);
    expect(out.pos).toBe(0);
    out.buf[out.pos++] = 0x3f;
    out.latin1('z'.repeat(40));
    out.write('ok');
    const chunks = out.drain();
    expect(chunks.map((c) => c.length)).toEqual([5, 1, 40, 2]);
    expect(Buffer.concat(chunks).toString('latin1')).toBe(`abc\u00e9!?${'z'.repeat(40)}ok`);
  });

  it('reuses buffers handed back to the pool, and only those', () => {
    const pool = new BufferPool(32, 1);
    const a = pool.take();
    pool.give(a.subarray(0, 5));
    expect(pool.take().buffer).toBe(a.buffer);
    pool.give(Buffer.alloc(16));
    expect(pool.take().length).toBe(32);
  });

  it('takes a buffer only when something is written, and gives an unused one back', () => {
    const pool = new BufferPool(32, 4);
    const out = new ByteChunks(pool);
    expect(out.drain()).toEqual([]);
    out.latin1('abc');
    const [first] = out.drain();
    expect(first?.toString('latin1')).toBe('abc');
    // After a drain the collector holds no buffer: the next write takes one from the pool.
    pool.give(first as Buffer);
    out.reserve(4);
    expect(out.buf.buffer).toBe(first?.buffer);
    out.release();
    expect(pool.take().buffer).toBe(first?.buffer);
  });
});
