import { describe, expect, it } from 'vitest';
import { largestRemainder } from '../allocate.js';
import { INJURY_TYPES } from '../types.js';
import { buildSchedule } from '../schedule/index.js';
import { createPatientContext, generatePatient } from './index.js';
import { expectedMix } from './sample.js';
import { buildArrivals, testScenario } from './fixtures.js';

describe('exact quotas', () => {
  const scenario = testScenario({ total_patients: 3001, exact_quotas: true });
  const ctx = createPatientContext(scenario, 4242);
  const arrivals = buildArrivals(scenario, 4242);
  const patients = arrivals.map((a) => generatePatient(ctx, a));
  const expected = expectedMix(scenario);
  const injuryCounts = largestRemainder(scenario.total_patients, expected.injury);

  it('allocates injury types by largest remainder over the expected mix', () => {
    INJURY_TYPES.forEach((t, k) => expect(patients.filter((p) => p.injury_type === t).length, t).toBe(injuryCounts[k]));
  });

  it('allocates nationalities exactly within each front', () => {
    scenario.front_configs.forEach((front) => {
      const inFront = patients.filter((p) => p.front === front.name);
      const counts = largestRemainder(inFront.length, front.nationality_distribution.map((n) => n.percentage));
      front.nationality_distribution.forEach((n, j) => {
        expect(inFront.filter((p) => p.nationality === n.nationality_code).length, `${front.name} ${n.nationality_code}`).toBe(counts[j]);
      });
    });
  });

  it('is deterministic per index', () => {
    const again = createPatientContext(scenario, 4242);
    for (const i of [3000, 5, 1234]) expect(generatePatient(again, arrivals[i]!)).toEqual(patients[i]);
  });

  it('with the real schedule: the injury types are the schedule\'s, in the largest-remainder counts', () => {
    const s = testScenario({ total_patients: 2500, exact_quotas: true, special_events: { ...scenario.special_events, ambush: true } });
    const schedule = buildSchedule(s, 77);
    const c = createPatientContext(s, 77);
    const counts = largestRemainder(s.total_patients, expected.injury);
    const seen = [0, 0, 0];
    for (let i = 0; i < s.total_patients; i++) {
      const a = schedule.arrival(i);
      const p = generatePatient(c, a);
      expect(p.injury_type).toBe(INJURY_TYPES[a.injury]);
      seen[a.injury]! += 1;
    }
    expect(seen).toEqual(counts);
  });

  it('averages the warfare types by weight', () => {
    const mix = expectedMix(testScenario({ warfare_types: { ...scenario.warfare_types, artillery: false, drone: false } }));
    const sum = mix.injury.reduce((a, b) => a + b, 0);
    expect(mix.injury[0]! / sum).toBeCloseTo((0.15 * 1.5) / (0.15 * 1.5 + 0.52 * 0.8 + 0.33 * 0.9), 6);
  });
});
