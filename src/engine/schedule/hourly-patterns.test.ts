import { describe, expect, it } from 'vitest';
import { Rng, Stream } from '../rng.js';
import type { HourlyPattern } from '../tables.js';
import { BASELINE, ONSET_WEIGHTS, SPORADIC_HOUR_WEIGHTS, SURGE_STARTS, patternWeights } from './hourly-patterns.js';

const PATTERNS: HourlyPattern[] = [
  'sustained_combat', 'surge', 'phased_assault', 'sporadic', 'precision_strike', 'wave_assault', 'contamination', 'low_intensity',
];
const days = Array.from({ length: 300 }, (_, d) => d + 1);
const weightsOn = (pattern: HourlyPattern, day: number): readonly number[] =>
  patternWeights(pattern, () => Rng.derive(99, Stream.schedule, day, 7));
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

describe('hourly patterns', () => {
  it('give 24 finite, non-negative weights with a positive sum', () => {
    for (const p of PATTERNS) {
      for (const d of days.slice(0, 50)) {
        const w = weightsOn(p, d);
        expect(w).toHaveLength(24);
        expect(w.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
        expect(sum(w)).toBeGreaterThan(0);
      }
    }
  });

  it('only call the stream for the patterns that draw', () => {
    let calls = 0;
    const stream = () => {
      calls++;
      return Rng.derive(1, Stream.schedule, 1, 1);
    };
    for (const p of ['sustained_combat', 'phased_assault', 'low_intensity'] as const) patternWeights(p, stream);
    expect(calls).toBe(0);
  });

  it('sustained_combat: peaks ×2.5 at 06–09 and 16–19, nights ×0.15, other hours ×0.5', () => {
    const w = weightsOn('sustained_combat', 1);
    expect(w[7]).toBeCloseTo((BASELINE[7] as number) * 2.5);
    expect(w[17]).toBeCloseTo((BASELINE[17] as number) * 2.5);
    expect(w[2]).toBeCloseTo((BASELINE[2] as number) * 0.15);
    expect(w[23]).toBeCloseTo((BASELINE[23] as number) * 0.15);
    expect(w[12]).toBeCloseTo((BASELINE[12] as number) * 0.5);
  });

  it('phased_assault: 06–09 ×3, 14–16 ×2.5, others ×0.8', () => {
    const w = weightsOn('phased_assault', 1);
    expect(w[6]).toBeCloseTo((BASELINE[6] as number) * 3);
    expect(w[9]).toBeCloseTo((BASELINE[9] as number) * 3);
    expect(w[15]).toBeCloseTo((BASELINE[15] as number) * 2.5);
    expect(w[20]).toBeCloseTo((BASELINE[20] as number) * 0.8);
  });

  it('surge: 1–3 surges from the allowed starts, none within 2 h, 80 % in surge hours', () => {
    const baseSum = sum(BASELINE);
    const seen = new Set<number>();
    for (const d of days) {
      const w = weightsOn('surge', d);
      expect(sum(w)).toBeCloseTo(1);
      // Hours above their baseline share carry a surge.
      const surgeHours = w.map((x, h) => (x > (0.2 * (BASELINE[h] as number)) / baseSum + 1e-12 ? h : -1)).filter((h) => h >= 0);
      expect([2, 4, 6]).toContain(surgeHours.length);
      seen.add(surgeHours.length);
      const starts = surgeHours.filter((h) => !surgeHours.includes((h + 23) % 24));
      for (const s of starts) expect(SURGE_STARTS).toContain(s);
      const surgeMass = sum(surgeHours.map((h) => (w[h] as number) - (0.2 * (BASELINE[h] as number)) / baseSum));
      expect(surgeMass).toBeCloseTo(0.8);
    }
    expect(seen.size).toBe(3);
  });

  it('sporadic: 3–7 incidents at hours with dawn/dusk ×1.4 and night ×0.7', () => {
    expect(SPORADIC_HOUR_WEIGHTS[6]).toBeCloseTo((BASELINE[6] as number) * 1.4);
    expect(SPORADIC_HOUR_WEIGHTS[2]).toBeCloseTo((BASELINE[2] as number) * 0.7);
    expect(SPORADIC_HOUR_WEIGHTS[12]).toBeCloseTo(BASELINE[12] as number);
    const counts = new Set<number>();
    for (const d of days) {
      const n = sum(weightsOn('sporadic', d));
      expect(Number.isInteger(n) && n >= 3 && n <= 7).toBe(true);
      counts.add(n);
    }
    expect(counts.size).toBe(5);
  });

  it('precision_strike: 1–4 strikes', () => {
    const counts = new Set<number>();
    for (const d of days) {
      const w = weightsOn('precision_strike', d);
      const n = sum(w);
      expect(Number.isInteger(n) && n >= 1 && n <= 4).toBe(true);
      counts.add(n);
    }
    expect([...counts].sort()).toEqual([1, 2, 3, 4]);
  });

  it('wave_assault: 85 % of the share in dawn (04–07) and dusk (18–21) waves', () => {
    const baseSum = sum(BASELINE);
    for (const d of days) {
      const w = weightsOn('wave_assault', d);
      expect(sum(w)).toBeCloseTo(1);
      const extra = w.map((x, h) => x - (0.15 * (BASELINE[h] as number)) / baseSum);
      expect(sum(extra)).toBeCloseTo(0.85);
      extra.forEach((x, h) => {
        if (x > 1e-12) expect((h >= 4 && h <= 7) || (h >= 18 && h <= 21)).toBe(true);
      });
      expect(sum(extra.slice(4, 8))).toBeGreaterThan(0.2);
      expect(sum(extra.slice(18, 22))).toBeGreaterThan(0.2);
    }
  });

  it('contamination: 1–2 releases, casualties over the following 1–12 h, 60 % in the first 4 h', () => {
    expect(sum(ONSET_WEIGHTS.slice(0, 4)) / sum(ONSET_WEIGHTS)).toBeCloseTo(0.6);
    let single = 0;
    for (const d of days) {
      const w = weightsOn('contamination', d);
      expect(close(sum(w), 1)).toBe(true);
      const zero = w.filter((x) => x === 0).length;
      expect(zero).toBeLessThanOrEqual(12);
      if (zero === 12) {
        single++;
        // One release: 12 consecutive hours (circularly), the first 4 heavier.
        const first = w.findIndex((x, h) => x > 0 && (w[(h + 23) % 24] as number) === 0);
        for (let j = 0; j < 12; j++) expect(w[(first + j) % 24]).toBeCloseTo(j < 4 ? 3 / 20 : 1 / 20);
      }
    }
    expect(single).toBeGreaterThan(0);
    expect(single).toBeLessThan(days.length);
  });

  it('low_intensity: daytime 08–20 weighted ×2', () => {
    const w = weightsOn('low_intensity', 1);
    expect(w[8]).toBe(2);
    expect(w[20]).toBe(2);
    expect(w[21]).toBe(1);
    expect(w[3]).toBe(1);
  });
});
