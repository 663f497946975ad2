import { describe, expect, it } from 'vitest';
import { estimateFromJson } from './outcome-estimate.js';
import sampleText from '../../public/sample-patients.json?raw';

describe('expected outcome mix', () => {
  it('sums to 1 and is undefined for an invalid scenario', () => {
    const m = estimateFromJson({});
    expect(m).toBeDefined();
    // Every final status, Died_DNBI included where the engine has it.
    const sum = Object.values(m ?? {}).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
    expect(estimateFromJson({ total_patients: 0 })).toBeUndefined();
  });

  it('is close to a real generated run of the same scenario (bundled nato_article_5 sample)', () => {
    const sample = JSON.parse(sampleText) as { patients: { final_status: string }[] };
    const n = sample.patients.length;
    const real = (s: string) => sample.patients.filter((p) => p.final_status === s).length / n;
    // The preset's scenario (nato_article_5) as the sample was generated.
    const est = estimateFromJson({
      warfare_types: { conventional: true }, intensity: 'high', special_events: { major_offensive: true },
      environmental_conditions: { night_operations: true }, injury_mix: { 'Battle Injury': 0.55, 'Non-Battle Injury': 0.25, Disease: 0.2 },
    });
    expect(est).toBeDefined();
    // 250 patients: a binomial share's standard error is under 2.6 points; allow about 3 of them.
    expect(Math.abs((est?.RTD ?? 0) - real('RTD'))).toBeLessThan(0.08);
    expect(Math.abs((est?.KIA ?? 0) - real('KIA'))).toBeLessThan(0.05);
    expect(Math.abs((est?.DOW ?? 0) - real('DOW'))).toBeLessThan(0.05);
    expect(Math.abs((est?.Remains_Role4 ?? 0) - real('Remains_Role4'))).toBeLessThan(0.05);
  });
});
