import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

describe('group commit', () => {
  it('writes calls that arrive while a batch is written as the next batch', async () => {
    const batches: number[][] = [];
    const g = new GroupCommit<number, string>(async (items) => {
      batches.push([...items]);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => `#${i}`);
    }, 8);
    const first = await g.submit(0);
    expect(first).toBe('#0');
    const results = await Promise.all(Array.from({ length: 20 }, (_x, i) => g.submit(i + 1)));
    expect(results).toEqual(Array.from({ length: 20 }, (_x, i) => `#${i + 1}`));
    // One lone call, then the 20 concurrent ones in batches of at most 8.
    expect(batches.map((b) => b.length)).toEqual([1, 8, 8, 4]);
    expect(batches.flat()).toEqual(Array.from({ length: 21 }, (_x, i) => i));
  });

  it('retries each item of a failed batch alone, failing only the bad one', async () => {
    let calls = 0;
    const g = new GroupCommit<number, number>(async (items) => {
      calls += 1;
      if (items.includes(13)) throw new Error(`unlucky batch of ${items.length}`);
      return items.map((i) => i * 2);
    });
    const settled = await Promise.allSettled([1, 13, 3].map((i) => g.submit(i)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('unlucky batch of 1') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(calls).toBe(4);
    // The batcher keeps working afterwards.
    expect(await g.submit(4)).toBe(8);
  });
});
