/**
 * Largest-remainder (Hamilton) allocation: split `total` whole items over buckets in
 * proportion to `weights`, so that the parts add up to exactly `total`. Ties in the
 * remainders go to the lower index, which keeps the result deterministic.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0, got ${total}`);
  const n = weights.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0 || total === 0) return out;
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and ≥ 0, got ${w}`);
    sum += w;
  }
  if (sum <= 0) throw new RangeError('weights must not all be zero');
  const remainders: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * (weights[i] as number)) / sum;
    const whole = Math.floor(exact);
    out[i] = whole;
    given += whole;
    remainders.push({ i, r: exact - whole });
  }
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; given < total; k++, given++) {
    const slot = remainders[k % n] as { i: number };
    out[slot.i] = (out[slot.i] as number) + 1;
  }
  return out;
}
