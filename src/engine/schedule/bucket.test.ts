import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRemainder } from '../allocate.js';
import { WARFARE_PROFILES } from '../tables.js';
import { WARFARE_TYPES, type Arrival, type Scenario } from '../types.js';
import { allocateDays, dayWeights, portion, TEMPO_WEIGHTS } from './days.js';
import { ALL_BATTLE, testScenario } from './fixtures.js';
import { buildSchedule, discoveryDelayMax, dominantType } from './index.js';
import { injuryMix } from './mix.js';
import { SchedulePlan } from './plan.js';
import { hex8 } from './schedule.js';
import { splitInto } from './split.js';

function arrivals(scenario: Scenario, key: number): Arrival[] {
  const s = buildSchedule(scenario, key);
  return Array.from({ length: s.total }, (_, i) => s.arrival(i));
}

/** Casualties per event id, in order of first appearance. */
function byEvent(list: Arrival[]): Map<string, Arrival[]> {
  const m = new Map<string, Arrival[]>();
  for (const a of list) m.set(a.eventId, [...(m.get(a.eventId) ?? []), a]);
  return m;
}

describe('within an hour', () => {
  it('clusters: one minute, the type size range, capped at the hour share, never delayed', () => {
    // Battle casualties only: clusters are made of them (the background is tested in dnbi.test.ts).
    const list = arrivals(testScenario({ total_patients: 20_000, warfare: ['cbrn', 'artillery'], events: [], intensity: 'extreme', environment: ['storm'], injury_mix: ALL_BATTLE }), 5);
    const clusters = [...byEvent(list)].filter(([id]) => id.startsWith('MC_'));
    expect(clusters.length).toBeGreaterThan(10);
    for (const [id, members] of clusters) {
      const type = members[0]!.warfare as keyof typeof WARFARE_PROFILES;
      expect(members.length).toBeLessThanOrEqual(WARFARE_PROFILES[type].clusterSize[1]);
      expect(new Set(members.map((a) => Math.floor(a.injuryEpochSeconds / 60))).size, id).toBe(1);
      expect(members.every((a) => a.isMassCasualty && a.discoveryDelayMinutes === 0)).toBe(true);
    }
    // Full-size clusters exist where the hour share allows them.
    expect(clusters.some(([, m]) => m.length >= 50 && m[0]!.warfare === 'cbrn')).toBe(true);
  });

  it('no cluster in an hour with 5 or fewer casualties of the type', () => {
    // 1 casualty an hour on average: hours never exceed 5.
    const list = arrivals(testScenario({ total_patients: 24 * 8, warfare: ['cbrn'], events: [], intensity: 'extreme', injury_mix: ALL_BATTLE }), 9);
    expect(list.every((a) => !a.isMassCasualty)).toBe(true);
  });

  it('individual casualties come in groups of 1–3 sharing a time', () => {
    const list = arrivals(testScenario({ total_patients: 5000, events: [] }), 11);
    for (const [id, members] of byEvent(list)) {
      if (!id.startsWith('IND_')) continue;
      expect(members.length).toBeGreaterThanOrEqual(1);
      expect(members.length).toBeLessThanOrEqual(3);
      expect(new Set(members.map((a) => a.injuryEpochSeconds)).size).toBe(1);
      expect(new Set(members.map((a) => a.discoveryDelayMinutes)).size).toBe(1);
    }
  });

  it('discovery delay 0…sum of delays when visibility product < .5, else 0; timing unchanged by it', () => {
    const clear = arrivals(testScenario({ total_patients: 3000, environment: ['night_operations'] }), 4);
    expect(clear.every((a) => a.discoveryDelayMinutes === 0)).toBe(true);
    const dark = arrivals(testScenario({ total_patients: 3000, environment: ['night_operations', 'fog'] }), 4);
    const max = 20 + 30;
    const delays = dark.filter((a) => !a.isMassCasualty).map((a) => a.discoveryDelayMinutes);
    expect(Math.max(...delays)).toBe(max);
    expect(Math.min(...delays)).toBe(0);
    expect(dark.map((a) => [a.injuryEpochSeconds, a.eventId])).toEqual(clear.map((a) => [a.injuryEpochSeconds, a.eventId]));
  });

  it('pattern shapes show up in the hours (conventional peaks) without night operations', () => {
    // Battle casualties only and no night operations: the sustained-combat pattern as §3.4 has it.
    const list = arrivals(testScenario({ total_patients: 24_000, warfare: ['conventional'], events: [], environment: [], injury_mix: ALL_BATTLE }), 2);
    const perHour = new Array<number>(24).fill(0);
    for (const a of list) perHour[Math.floor((a.injuryEpochSeconds % 86_400) / 3600)]! += 1;
    expect(perHour[7]!).toBeGreaterThan(perHour[12]! * 3);
    expect(perHour[12]!).toBeGreaterThan(perHour[2]! * 3);
  });
});

describe('table', () => {
  it('splits days by tempo weight with day 9+ repeating day 8', () => {
    expect(dayWeights('escalating', 10)).toEqual([0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 1.8, 1.8]);
    expect(allocateDays(100, 'surge', 8)).toEqual(largestRemainder(100, TEMPO_WEIGHTS.surge));
    expect(portion(0, 0.6)).toBe(0);
    expect(portion(7, 0.6)).toBe(4);
  });

  it('splitInto equals largestRemainder, written with an offset and stride', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 24 }), (total, raw) => {
        const weights = raw.some((w) => w > 0) ? raw : [...raw.slice(1), 1];
        const out = new Int32Array(weights.length * 3);
        splitInto(total, weights, out, 1, 3);
        const got = weights.map((_, k) => out[1 + k * 3]);
        expect(got).toEqual(largestRemainder(total, weights));
      }),
      { numRuns: 500 },
    );
    expect(() => splitInto(1, [0, 0], new Int32Array(2), 0, 1)).toThrow(RangeError);
    expect(() => splitInto(1, new Array<number>(65).fill(1), new Int32Array(65), 0, 1)).toThrow(RangeError);
  });

  it('types split the rest of a day\'s battle casualties by weight × battle share of their mix; hours by pattern, per day', () => {
    const perType = (s: Scenario, day: number): number[] => {
      const plan = new SchedulePlan(s, 1);
      const dp = plan.day(day);
      expect(plan.day(day)).toBe(dp); // kept
      return plan.types.map((_, t) => {
        let n = 0;
        for (let h = 0; h < 24; h++) n += dp.typeCounts[h * plan.types.length + t]!;
        return n;
      });
    };
    const weights = WARFARE_TYPES.map((t) => WARFARE_PROFILES[t].weight);
    expect(perType(testScenario({ total_patients: 8000, warfare: WARFARE_TYPES, events: [], injury_mix: ALL_BATTLE }), 3)).toEqual(largestRemainder(1000, weights));
    const mixed = testScenario({ total_patients: 8000, warfare: WARFARE_TYPES, events: [] });
    const battleOnDay3 = new SchedulePlan(mixed, 1).battleDays[2]!;
    expect(perType(mixed, 3)).toEqual(largestRemainder(battleOnDay3, WARFARE_TYPES.map((t, k) => weights[k]! * injuryMix(mixed, t)[0]!)));
  });

  it('dominant type and discovery bound', () => {
    expect(dominantType(['conventional', 'drone'])).toBe('conventional');
    expect(dominantType(['conventional', 'urban', 'cbrn'])).toBe('cbrn');
    expect(dominantType(['guerrilla', 'naval'])).toBe('naval');
    expect(discoveryDelayMax(testScenario({ environment: ['storm'] }))).toBe(90);
    expect(discoveryDelayMax(testScenario({ environment: ['rain', 'fog'] }))).toBe(45);
    expect(discoveryDelayMax(testScenario({ environment: ['fog'] }))).toBe(0);
    expect(discoveryDelayMax(testScenario({ environment: [] }))).toBe(0);
  });

  it('formats 8-digit lower-case hex', () => {
    expect(hex8(0)).toBe('00000000');
    expect(hex8(0xdeadbeef)).toBe('deadbeef');
    expect(hex8(0x0a0b0c0d)).toBe('0a0b0c0d');
  });
});

describe('fronts', () => {
  it('sampled fronts follow casualty_rate and depend on the index alone', () => {
    const s = testScenario({ total_patients: 30_000 });
    const a = buildSchedule(s, 8);
    const counts = [0, 0, 0];
    for (let i = 0; i < a.total; i++) counts[a.arrival(i).frontIndex]! += 1;
    expect(counts[0]! / 30_000).toBeCloseTo(0.6, 1);
    expect(counts[2]! / 30_000).toBeCloseTo(0.1, 1);
    // Another scenario with the same key: same front for the same index.
    const b = buildSchedule({ ...s, tempo: 'surge', warfare_types: { ...s.warfare_types, cbrn: true } }, 8);
    for (const i of [0, 17, 29_999]) expect(b.arrival(i).frontIndex).toBe(a.arrival(i).frontIndex);
  });

  it('one front: always front 0', () => {
    const base = testScenario({ total_patients: 50 });
    const s = buildSchedule({ ...base, front_configs: [base.front_configs[0]!] }, 3);
    for (let i = 0; i < 50; i++) expect(s.arrival(i).frontIndex).toBe(0);
  });

  it('exact quotas: counts by largest remainder and a seed-keyed assignment', () => {
    const s = testScenario({ total_patients: 1001, exact_quotas: true });
    const a = buildSchedule(s, 1);
    expect(a.frontCounts).toEqual([601, 300, 100]);
    const fronts = Array.from({ length: 1001 }, (_, i) => a.arrival(i).frontIndex);
    expect([0, 1, 2].map((f) => fronts.filter((x) => x === f).length)).toEqual([601, 300, 100]);
    const b = buildSchedule(s, 2);
    expect(Array.from({ length: 1001 }, (_, i) => b.arrival(i).frontIndex)).not.toEqual(fronts);
  });
});
