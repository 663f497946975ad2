import { gunzipSync } from 'node:zlib';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDecryptStream } from './encryption.js';
import { RECYCLES_AFTER_CALLBACK, openChain } from './chain.js';

function collector(): { sink: Writable; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  return { sink: new Writable({ write(c: Buffer, _e, cb) { parts.push(Buffer.from(c)); setImmediate(cb); } }), bytes: () => Buffer.concat(parts) };
}

describe('output chains', () => {
  it('gzips, counts lines and survives the writer reusing its buffers', async () => {
    const { sink, bytes } = collector();
    const chain = await openChain(sink, { gzip: true });
    const buf = Buffer.alloc(6);
    const expected: string[] = [];
    for (let i = 0; i < 2000; i++) {
      buf.write(`${String(i % 100000).padStart(5, '0')}\n`);
      expected.push(buf.toString());
      await new Promise<void>((resolve) => chain.head.write(buf, () => resolve()));
      buf.fill(0x78); // the pipeline recycles a buffer as soon as its write callback ran
    }
    chain.head.end();
    await chain.done;
    expect(gunzipSync(bytes()).toString()).toBe(expected.join(''));
    expect(chain.lines()).toBe(2000);
  });

  it('encrypts, and leaves a destination it must not end open', async () => {
    const { sink, bytes } = collector();
    const chain = await openChain(sink, { password: 'pw', iterations: 1000, endDestination: false });
    chain.head.end('hello\n');
    await chain.done;
    expect(sink.writableEnded).toBe(false);
    await new Promise<void>((resolve) => sink.write(Buffer.alloc(0), () => resolve())); // queued writes processed
    const dec = createDecryptStream('pw', 1000);
    const out = dec.read() as Buffer | null;
    expect(out).toBeNull();
    dec.end(bytes());
    const parts: Buffer[] = [];
    for await (const c of dec) parts.push(c as Buffer);
    expect(Buffer.concat(parts).toString()).toBe('hello\n');
  });

  it('hands a destination that recycles after its callback the chunk itself, and waits for it', async () => {
    const seen: Buffer[] = [];
    const order: string[] = [];
    const sink = Object.assign(new Writable({
      write(c: Buffer, _e, cb) {
        seen.push(c);
        setImmediate(() => { order.push('sink done'); cb(); });
      },
    }), { [RECYCLES_AFTER_CALLBACK]: true });
    const chain = await openChain(sink, { endDestination: false });
    const buf = Buffer.from('a\nb\n');
    await new Promise<void>((resolve) => chain.head.write(buf, () => { order.push('head done'); resolve(); }));
    chain.head.end();
    await chain.done;
    expect(seen[0]).toBe(buf); // not a copy
    expect(order).toEqual(['sink done', 'head done']);
    expect(chain.lines()).toBe(2);
    expect(sink.writableEnded).toBe(false);
  });

  it('copies chunks for a destination that may keep them after its callback', async () => {
    const seen: Buffer[] = [];
    const sink = new Writable({ write(c: Buffer, _e, cb) { seen.push(c); cb(); } });
    const chain = await openChain(sink, { endDestination: false });
    const buf = Buffer.from('x\n');
    chain.head.end(buf);
    await chain.done;
    expect(seen[0]).not.toBe(buf);
    expect(seen[0]?.toString()).toBe('x\n');
  });
});
