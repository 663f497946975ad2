import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRemainder } from './allocate.js';
import { QuotaAssigner } from './quota.js';

describe('largestRemainder', () => {
  it('splits by weight and sums exactly', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(1440, [0.6, 0.3, 0.1])).toEqual([864, 432, 144]);
    expect(largestRemainder(0, [1, 2])).toEqual([0, 0]);
    expect(largestRemainder(5, [])).toEqual([]);
  });

  it('rejects bad input', () => {
    expect(() => largestRemainder(-1, [1])).toThrow(/total/);
    expect(() => largestRemainder(3, [0, 0])).toThrow(/zero/);
    expect(() => largestRemainder(3, [1, -1])).toThrow(/weights/);
  });

  it('always sums to the total (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.double({ min: 0.001, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }), (n, w) => {
        const parts = largestRemainder(n, w);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(n);
        const sum = w.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => expect(Math.abs(p - (n * w[i]!) / sum)).toBeLessThan(1 + 1e-9));
      }),
    );
  });
});

describe('QuotaAssigner', () => {
  it('gives every category exactly its count, with local indices covering [0, count)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 6 }), fc.integer(), (counts, key) => {
        const total = counts.reduce((a, b) => a + b, 0);
        fc.pre(total > 0);
        const q = new QuotaAssigner(counts, key);
        const seen = counts.map(() => new Set<number>());
        for (let i = 0; i < total; i++) {
          const [cat, local] = q.assign(i);
          seen[cat]!.add(local);
          expect(local).toBeLessThan(counts[cat]!);
        }
        seen.forEach((s, c) => expect(s.size).toBe(counts[c]));
      }),
      { numRuns: 50 },
    );
  });

  it('scatters categories rather than keeping them in blocks', () => {
    const q = new QuotaAssigner([500, 500], 7);
    const firstHundred = Array.from({ length: 100 }, (_, i) => q.categoryOf(i));
    expect(firstHundred.filter((c) => c === 0).length).toBeGreaterThan(25);
    expect(firstHundred.filter((c) => c === 1).length).toBeGreaterThan(25);
    expect(() => q.permute(1000)).toThrow(RangeError);
  });
});
