import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRemainder } from '../allocate.js';
import { WARFARE_TYPES, type Arrival } from '../types.js';
import { dayWeights } from './days.js';
import { keyArb, scenarioArb, testScenario, walk } from './fixtures.js';
import { expectedInjuryWeights } from './mix.js';
import { buildSchedule } from './index.js';
import { SchedulePlan } from './plan.js';

/** Indices 0…n−1 in a shuffled order drawn from `seed`. */
function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

describe('buildSchedule: exactly N, ordered, reproducible', () => {
  it('yields exactly N well-formed arrivals in time order for any valid scenario; random access equals sequential', () => {
    fc.assert(
      fc.property(scenarioArb(), keyArb, (scenario, key) => {
        const schedule = buildSchedule(scenario, key);
        expect(schedule.total).toBe(scenario.total_patients);
        const seq = walk(schedule, scenario);
        expect(seq).toHaveLength(scenario.total_patients);

        // Injury types: largest remainder over the expected mix. Day counts: the battle
        // casualties split by tempo (special events included) plus the non-battle injuries and
        // diseases split evenly over the days (background: the same force every day).
        const injuries = largestRemainder(scenario.total_patients, expectedInjuryWeights(scenario));
        expect(schedule.injuryCounts).toEqual(injuries);
        const days = scenario.days_of_fighting;
        const battle = largestRemainder(injuries[0]!, dayWeights(scenario.tempo, days));
        const nbi = largestRemainder(injuries[1]!, new Array<number>(days).fill(1));
        const disease = largestRemainder(injuries[2]!, new Array<number>(days).fill(1));
        const expectedDays = battle.map((b, d) => b + nbi[d]! + disease[d]!);
        expect(schedule.dayCounts).toEqual(expectedDays);
        const perDay = new Array<number>(scenario.days_of_fighting).fill(0);
        for (const a of seq) perDay[a.day - 1]! += 1;
        expect(perDay).toEqual(expectedDays);

        // Exact quotas: exact front counts and local indices that cover [0, count).
        if (scenario.exact_quotas) {
          const rates = scenario.front_configs.map((f) => f.casualty_rate);
          expect(schedule.frontCounts).toEqual(largestRemainder(scenario.total_patients, rates));
          const locals = scenario.front_configs.map(() => new Set<number>());
          for (const a of seq) {
            expect(a.frontQuota?.count).toBe(schedule.frontCounts?.[a.frontIndex]);
            locals[a.frontIndex]!.add(a.frontQuota!.local);
          }
          locals.forEach((set, f) => {
            expect(set.size).toBe(schedule.frontCounts?.[f]);
            for (const v of set) expect(v >= 0 && v < set.size).toBe(true);
          });
        } else {
          expect(schedule.frontCounts).toBeUndefined();
          expect(seq.every((a) => a.frontQuota === undefined)).toBe(true);
        }

        // Random access on a fresh schedule gives exactly the sequential arrivals.
        const fresh = buildSchedule(scenario, key);
        for (const i of shuffled(seq.length, key).slice(0, 300)) expect(fresh.arrival(i)).toEqual(seq[i]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps special events inside each day share', () => {
    fc.assert(
      fc.property(scenarioArb(3000, 10), keyArb, (scenario, key) => {
        const plan = new SchedulePlan(scenario, key);
        for (let day = 1; day <= plan.days; day++) {
          const dp = plan.day(day);
          const special = dp.events.reduce((sum, ev) => sum + (ev?.size ?? 0), 0);
          expect(special).toBeLessThanOrEqual(plan.dayCounts[day - 1] as number);
          expect(dp.hourStart[24]).toBe(plan.dayCounts[day - 1]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('handles very large N without walking it (first and last arrival)', () => {
    for (const [total, days] of [[1_000_000, 8], [1_000_000, 1], [10_000_000, 365]] as const) {
      const scenario = testScenario({ total_patients: total, days_of_fighting: days, warfare: WARFARE_TYPES, events: ['major_offensive', 'ambush', 'mass_casualty'] });
      const schedule = buildSchedule(scenario, 12345);
      expect(schedule.total).toBe(total);
      expect(schedule.dayCounts.reduce((a, b) => a + b, 0)).toBe(total);
      const first = schedule.arrival(0);
      const last = schedule.arrival(total - 1);
      expect(first.index).toBe(0);
      expect(last.index).toBe(total - 1);
      expect(first.day).toBe(1);
      expect(last.day).toBe(days);
      expect(last.injuryEpochSeconds).toBeGreaterThanOrEqual(first.injuryEpochSeconds);
      expect(schedule.arrival(total >> 1).index).toBe(total >> 1);
    }
  });

  it('serves a huge single-hour bucket (all of 2,000,000 in few strikes)', () => {
    const scenario = testScenario({ total_patients: 2_000_000, days_of_fighting: 1, warfare: ['drone'], events: [] });
    const schedule = buildSchedule(scenario, 3);
    const a = schedule.arrival(1_000_000);
    const b = schedule.arrival(1_000_001);
    expect(b.injuryEpochSeconds).toBeGreaterThanOrEqual(a.injuryEpochSeconds);
    expect(buildSchedule(scenario, 3).arrival(1_000_001)).toEqual(b);
  });

  it('is deterministic: same key, same arrivals; different key, different arrivals', () => {
    const scenario = testScenario({ total_patients: 2000, events: ['mass_casualty', 'ambush', 'major_offensive'] });
    const all = (key: number): Arrival[] => {
      const s = buildSchedule(scenario, key);
      return Array.from({ length: s.total }, (_, i) => s.arrival(i));
    };
    const a = all(42);
    expect(all(42)).toEqual(a);
    const b = all(43);
    expect(b).not.toEqual(a);
    expect(b.map((x) => x.injuryEpochSeconds)).not.toEqual(a.map((x) => x.injuryEpochSeconds));
  });

  it('rejects an index outside [0, N)', () => {
    const schedule = buildSchedule(testScenario({ total_patients: 10 }), 1);
    expect(() => schedule.arrival(10)).toThrow(RangeError);
    expect(() => schedule.arrival(-1)).toThrow(RangeError);
    expect(() => schedule.arrival(1.5)).toThrow(RangeError);
  });

  it('accepts N = 0', () => {
    const schedule = buildSchedule(testScenario({ total_patients: 0, exact_quotas: true }), 1);
    expect(schedule.total).toBe(0);
    expect(schedule.frontCounts).toEqual([0, 0, 0]);
    expect(() => schedule.arrival(0)).toThrow(RangeError);
  });

  it('rejects scenarios it cannot schedule', () => {
    expect(() => buildSchedule(testScenario({ warfare: [] }), 1)).toThrow(/warfare type/);
    expect(() => buildSchedule(testScenario({ days_of_fighting: 0 }), 1)).toThrow(/days_of_fighting/);
    expect(() => buildSchedule(testScenario({ total_patients: -1 }), 1)).toThrow(/total_patients/);
    expect(() => buildSchedule(testScenario({ base_date: '2025-6-1' }), 1)).toThrow(/YYYY-MM-DD/);
    expect(() => buildSchedule(testScenario({ base_date: '2025-02-30' }), 1)).toThrow(/calendar date/);
    expect(() => buildSchedule(testScenario({ front_configs: [] }), 1)).toThrow(/front/);
    const zero = testScenario();
    zero.front_configs = zero.front_configs.map((f) => ({ ...f, casualty_rate: 0 }));
    expect(() => buildSchedule(zero, 1)).toThrow(/casualty_rate/);
  });
});
