/**
 * Allocation-free largest remainder for the schedule's hot path (2,920 hour splits for a
 * 365-day, 8-type scenario). Same arithmetic and the same tie rule (lower index first) as
 * allocate.ts's largestRemainder, so the result is identical (pinned by split.test.ts); it
 * writes into a caller's typed array instead of allocating a remainder list and sorting it.
 */
const remainders = new Float64Array(64);

/**
 * Split `total` over `weights` (≥ 0, finite, sum > 0 when total > 0) into
 * out[offset + k × stride] for each weight k; the parts add up to exactly `total`.
 */
export function splitInto(total: number, weights: readonly number[], out: Int32Array, offset: number, stride: number): void {
  const n = weights.length;
  if (n > remainders.length) throw new RangeError(`splitInto handles at most ${remainders.length} buckets`);
  for (let k = 0; k < n; k++) out[offset + k * stride] = 0;
  if (total === 0) return;
  let sum = 0;
  for (const w of weights) sum += w;
  if (!(sum > 0)) throw new RangeError('weights must not all be zero');
  let given = 0;
  for (let k = 0; k < n; k++) {
    const exact = (total * (weights[k] as number)) / sum;
    const whole = Math.floor(exact);
    out[offset + k * stride] = whole;
    given += whole;
    remainders[k] = exact - whole;
  }
  // Fewer than n items are left; each goes to the largest remaining remainder, lower index on ties.
  for (; given < total; given++) {
    let best = 0;
    for (let k = 1; k < n; k++) if ((remainders[k] as number) > (remainders[best] as number)) best = k;
    remainders[best] = -1;
    out[offset + best * stride]! += 1;
  }
}
