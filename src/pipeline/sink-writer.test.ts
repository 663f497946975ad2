import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SinkWriter, yieldToIo } from './sink-writer.js';

/** A sink that holds every write until `release` is called, recording the bytes in order. */
function heldSink(): { sink: Writable; release: () => void; received: string[] } {
  const held: (() => void)[] = [];
  const received: string[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, cb) {
      received.push(chunk.toString());
      held.push(() => cb());
    },
  });
  return { sink, received, release: () => held.splice(0).forEach((cb) => cb()) };
}

describe('SinkWriter', () => {
  it('keeps writing past the sink highWaterMark and waits only beyond its own limit', async () => {
    const { sink, release, received } = heldSink();
    const writer = new SinkWriter(sink, 6);
    const recycled: string[] = [];
    for (const text of ['abc', 'def']) writer.write(Buffer.from(text), () => recycled.push(text));
    await writer.room(); // 6 bytes outstanding: not over the limit
    writer.write(Buffer.from('ghi'), () => recycled.push('ghi'));
    let roomy = false;
    const waiting = writer.room().then(() => { roomy = true; });
    await yieldToIo();
    expect(roomy).toBe(false);
    // The sink takes one write at a time: release until everything went through.
    while (received.length < 3 || recycled.length < 3) {
      release();
      await yieldToIo();
    }
    await waiting;
    expect(roomy).toBe(true);
    expect(received).toEqual(['abc', 'def', 'ghi']);
    expect(recycled).toEqual(['abc', 'def', 'ghi']);
  });

  it('reports the sink error from room() and from later writes', async () => {
    const sink = new Writable({ write: (_chunk, _enc, cb) => cb(new Error('disk full')) });
    sink.on('error', () => undefined);
    const writer = new SinkWriter(sink, 0);
    writer.write('x');
    await expect(writer.room()).rejects.toThrow('disk full');
    expect(() => writer.write('y')).toThrow('disk full');
  });

  it('stops waiting when the sink is destroyed in the middle of a write', async () => {
    const sink = new Writable({ write: () => undefined }); // never calls back
    const writer = new SinkWriter(sink, 0);
    writer.write('x');
    const waiting = writer.room();
    sink.destroy();
    await expect(waiting).rejects.toThrow();
  });

  it('calls back at once for empty data', async () => {
    const { sink } = heldSink();
    const writer = new SinkWriter(sink, 0);
    let called = false;
    writer.write('', () => { called = true; });
    expect(called).toBe(true);
    await writer.room();
  });
});
