/**
 * Days (domain spec §3.1): N split over the days of fighting by the tempo's weights, largest
 * remainder. Day 9 onward repeats the day-8 weight.
 */
import { largestRemainder } from '../allocate.js';
import type { Tempo } from '../types.js';

export const TEMPO_WEIGHTS: Readonly<Record<Tempo, readonly number[]>> = {
  sustained: [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
  escalating: [0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8],
  surge: [0.5, 1.5, 2.0, 1.5, 0.5, 0.8, 1.2, 0.6],
  declining: [1.8, 1.6, 1.4, 1.2, 1.0, 0.8, 0.6, 0.4],
  intermittent: [1.0, 0.3, 1.5, 0.4, 1.2, 0.2, 1.0, 0.5],
};

/** Tempo weight of each day 1…days (index 0 is day 1). */
export function dayWeights(tempo: Tempo, days: number): number[] {
  const table = TEMPO_WEIGHTS[tempo];
  const out: number[] = [];
  for (let d = 0; d < days; d++) out.push(table[Math.min(d, table.length - 1)] as number);
  return out;
}

/** Patients per day (index 0 is day 1); adds up to exactly `total`. */
export function allocateDays(total: number, tempo: Tempo, days: number): number[] {
  return largestRemainder(total, dayWeights(tempo, days));
}

/**
 * `fraction` of `share` as a whole number, by largest remainder over {fraction, 1 − fraction}:
 * exact counting, never more than `share`.
 */
export function portion(share: number, fraction: number): number {
  if (share === 0) return 0;
  return largestRemainder(share, [fraction, 1 - fraction])[0] as number;
}
