import { describe, expect, it } from 'vitest';
import { createPatientContext, generatePatient } from './index.js';
import { injuryMix } from './sample.js';
import { buildArrivals, testScenario, withEnvironment } from './fixtures.js';

/** Share of non-battle casualties with the given mechanism. */
const nbiShare = (active: Parameters<typeof withEnvironment>[1], mechanism: string) => {
  const scenario = withEnvironment(testScenario({ total_patients: 8000 }), active);
  const ctx = createPatientContext(scenario, 11);
  const nbi = buildArrivals(scenario, 11).map((a) => generatePatient(ctx, a)).filter((p) => p.injury_type === 'NON_BATTLE');
  return nbi.filter((p) => p.mechanism === mechanism).length / nbi.length;
};

describe('environmental effects', () => {
  it('turns a share of non-battle injuries into heat, cold, fall and crush injuries', () => {
    expect(nbiShare([], 'heat')).toBeLessThan(0.05);
    expect(nbiShare(['extreme_heat'], 'heat')).toBeGreaterThan(0.14);
    expect(nbiShare(['extreme_cold'], 'cold')).toBeGreaterThan(0.1);
    expect(nbiShare(['mountainous_terrain'], 'fall') - nbiShare([], 'fall')).toBeGreaterThan(0.12);
    expect(nbiShare(['urban_debris'], 'crush') - nbiShare([], 'crush')).toBeGreaterThan(0.07);
  });

  it('multiplies the disease share before renormalising, and lists the active conditions', () => {
    const base = testScenario();
    const wet = withEnvironment(base, ['rain', 'extreme_cold']);
    expect(injuryMix(wet, 'conventional')[2]).toBeGreaterThan(injuryMix(withEnvironment(base, []), 'conventional')[2]!);
    const sum = injuryMix(wet, 'cbrn').reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
    const ctx = createPatientContext(wet, 1);
    expect(generatePatient(ctx, buildArrivals(wet, 1)[0]!).environmental_conditions).toEqual(['rain', 'extreme_cold']);
  });
});
