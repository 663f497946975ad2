/**
 * Time distributions in bounded memory: a fixed-bin histogram of hours (exact counts, quantiles
 * estimated within one bin), and the engine's ISO time parser the statistics read times with.
 */
/**
 * Histogram bin edges in hours: 6-minute bins to 2 h, 15-minute bins to 12 h, hourly to 48 h,
 * 6-hourly to 168 h; the last bin is open (168 h and more). 117 bins.
 */
export const HOUR_EDGES: readonly number[] = (() => {
  const edges: number[] = [];
  const run = (from: number, to: number, step: number): void => {
    for (let k = 0; from + k * step < to - 1e-9; k++) edges.push(Math.round((from + k * step) * 1000) / 1000);
  };
  run(0, 2, 0.1);
  run(2, 12, 0.25);
  run(12, 48, 1);
  run(48, 168, 6);
  edges.push(168);
  return edges;
})();

/** A distribution of hours: fixed bins (`counts[i]` counts values in [edges[i], edges[i+1]), the last bin open). */
export interface HoursDistribution {
  count: number;
  /** Estimated from the bins (linear within a bin), within one bin width of the exact value. */
  median: number | null;
  p90: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
  sum_hours: number;
  edges_hours: number[];
  counts: number[];
}

/** Epoch milliseconds of an ISO time; engine times (`YYYY-MM-DDTHH:MM:SSZ`) without a regex. */
export function epochMs(ts: unknown): number | undefined {
  if (typeof ts !== 'string') return undefined;
  if (ts.length === 20 && ts.charCodeAt(19) === 90 /* Z */) {
    const n = (i: number, len: number): number => {
      let v = 0;
      for (let k = i; k < i + len; k++) v = v * 10 + ts.charCodeAt(k) - 48;
      return v;
    };
    const ms = Date.UTC(n(0, 4), n(5, 2) - 1, n(8, 2), n(11, 2), n(14, 2), n(17, 2));
    if (Number.isFinite(ms)) return ms;
  }
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Fixed-bin histogram of hours; mergeable and lossless through its result. */
export class HoursHistogram {
  readonly counts = new Array<number>(HOUR_EDGES.length).fill(0);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  static from(d: HoursDistribution): HoursHistogram {
    const h = new HoursHistogram();
    if (d.counts.length !== HOUR_EDGES.length) throw new Error('histogram bins differ');
    d.counts.forEach((c, i) => { h.counts[i] = c; });
    h.count = d.count;
    h.sum = d.sum_hours;
    h.min = d.min ?? Infinity;
    h.max = d.max ?? -Infinity;
    return h;
  }

  add(hours: number): void {
    if (!Number.isFinite(hours) || hours < 0) return;
    let lo = 0;
    let hi = HOUR_EDGES.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((HOUR_EDGES[mid] as number) <= hours) lo = mid;
      else hi = mid - 1;
    }
    this.counts[lo] = (this.counts[lo] as number) + 1;
    this.count++;
    this.sum += hours;
    if (hours < this.min) this.min = hours;
    if (hours > this.max) this.max = hours;
  }

  merge(o: HoursHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] = (this.counts[i] as number) + (o.counts[i] as number);
    this.count += o.count;
    this.sum += o.sum;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
  }

  /** The q-quantile, linear within its bin and clamped to the observed min/max; null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const target = q * this.count;
    let before = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i] as number;
      if (c > 0 && before + c >= target) {
        const lo = Math.max(HOUR_EDGES[i] as number, this.min);
        const hi = Math.min(i + 1 < HOUR_EDGES.length ? (HOUR_EDGES[i + 1] as number) : this.max, this.max);
        return lo + (Math.max(hi, lo) - lo) * Math.max(0, target - before) / c;
      }
      before += c;
    }
    return this.max;
  }

  result(): HoursDistribution {
    const empty = this.count === 0;
    return {
      count: this.count,
      median: this.quantile(0.5),
      p90: this.quantile(0.9),
      mean: empty ? null : this.sum / this.count,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      sum_hours: this.sum,
      edges_hours: [...HOUR_EDGES],
      counts: [...this.counts],
    };
  }
}
