import { mix32 } from './rng.js';

/**
 * Exact quotas without O(N) memory: a keyed pseudo-random permutation of [0, n) (a balanced
 * Feistel network with cycle walking) scatters indices, and the permuted index falls into the
 * category whose cumulative count range contains it. Every category receives exactly its count.
 */
export class QuotaAssigner {
  private readonly cumulative: number[];
  private readonly total: number;
  private readonly halfBits: number;
  private readonly halfMask: number;

  constructor(counts: readonly number[], private readonly key: number) {
    this.cumulative = [];
    let sum = 0;
    for (const c of counts) {
      sum += c;
      this.cumulative.push(sum);
    }
    this.total = sum;
    let bits = 2;
    while (2 ** bits < sum) bits += 2;
    this.halfBits = bits / 2;
    this.halfMask = 2 ** this.halfBits - 1;
  }

  /** Position of index i after the permutation, in [0, total). */
  permute(i: number): number {
    if (i < 0 || i >= this.total) throw new RangeError(`index ${i} outside [0, ${this.total})`);
    let x = i;
    do x = this.feistel(x);
    while (x >= this.total);
    return x;
  }

  /** Category of index i. */
  categoryOf(i: number): number {
    return this.assign(i)[0];
  }

  /**
   * Category of index i and its local index inside that category. Local indices of one
   * category run over exactly [0, count), so they can feed a nested QuotaAssigner.
   */
  assign(i: number): [category: number, local: number] {
    const p = this.permute(i);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p < (this.cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    const start = lo === 0 ? 0 : (this.cumulative[lo - 1] as number);
    return [lo, p - start];
  }

  private feistel(x: number): number {
    const m = this.halfMask;
    const shift = 2 ** this.halfBits;
    let left = Math.floor(x / shift) & m;
    let right = x & m;
    for (let round = 0; round < 4; round++) {
      const f = mix32(right ^ mix32(this.key + round)) & m;
      const next = (left ^ f) & m;
      left = right;
      right = next;
    }
    return left * shift + right;
  }
}
