import { describe, expect, it } from 'vitest';
import { largestRemainder } from '../allocate.js';
import { Rng, Stream } from '../rng.js';
import { WARFARE_PROFILES } from '../tables.js';
import { SPECIAL_EVENTS, type Arrival, type Scenario } from '../types.js';
import { dayWeights } from './days.js';
import { testScenario } from './fixtures.js';
import {
  DNBI_HOUR_WEIGHTS, NIGHT_HOURS, NIGHT_OPERATIONS_SHARE, nightShare, patternWeights, withNightOperations,
} from './hourly-patterns.js';
import { buildSchedule } from './index.js';
import { expectedInjuryWeights } from './mix.js';
import { SchedulePlan } from './plan.js';

function arrivals(scenario: Scenario, key: number): Arrival[] {
  const s = buildSchedule(scenario, key);
  return Array.from({ length: s.total }, (_, i) => s.arrival(i));
}

const hourOf = (a: Arrival): number => Math.floor((a.injuryEpochSeconds % 86_400) / 3600);
const isNight = (h: number): boolean => NIGHT_HOURS.includes(h);
const share = (list: Arrival[], pred: (a: Arrival) => boolean): number => list.filter(pred).length / list.length;

describe('background stream: disease and non-battle injuries', () => {
  // The default scenario (§2: conventional, artillery, drone; mass casualty; night operations), 20,000 patients.
  const defaultScenario = testScenario({ total_patients: 20_000 });
  const everythingScenario = testScenario({ total_patients: 20_000, events: SPECIAL_EVENTS, intensity: 'extreme', tempo: 'surge' });
  const defaults = arrivals(defaultScenario, 2025);
  const everything = arrivals(everythingScenario, 7);

  it('splits N over the injury types by largest remainder over the expected mix', () => {
    for (const [list, s] of [[defaults, defaultScenario], [everything, everythingScenario]] as const) {
      const counts = [0, 1, 2].map((k) => list.filter((a) => a.injury === k).length);
      expect(counts).toEqual(largestRemainder(20_000, expectedInjuryWeights(s)));
    }
  });

  it('never puts a DNBI arrival in a cluster or a special event; every cluster and special event is battle', () => {
    for (const list of [defaults, everything]) {
      const dnbi = list.filter((a) => a.injury !== 0);
      expect(dnbi.length).toBeGreaterThan(8000);
      for (const a of dnbi) {
        expect(a.isMassCasualty).toBe(false);
        expect(a.specialEvent).toBeUndefined();
        expect(a.eventId).toMatch(/^DNBI_d\d+_\d{4}_[0-9a-f]{8}$/);
        expect(a.warfare).toBe('artillery'); // the dominant enabled type
      }
      const combat = list.filter((a) => a.isMassCasualty || a.specialEvent !== undefined || !a.eventId.startsWith('DNBI_'));
      expect(combat.every((a) => a.injury === 0)).toBe(true);
      expect(combat.some((a) => a.eventId.startsWith('MC_'))).toBe(true);
      expect(combat.some((a) => a.eventId.startsWith('SE_'))).toBe(true);
    }
    // Each DNBI casualty is an event of its own.
    const ids = defaults.filter((a) => a.injury !== 0).map((a) => a.eventId);
    expect(new Set(ids).size).toBeGreaterThan(ids.length * 0.999);
  });

  it('spreads DNBI evenly over the days (the same force every day) while battle follows the tempo', () => {
    const days = 8;
    for (const list of [defaults, everything]) {
      for (const k of [1, 2]) {
        const perDay = new Array<number>(days).fill(0);
        for (const a of list) if (a.injury === k) perDay[a.day - 1]! += 1;
        expect(Math.max(...perDay) - Math.min(...perDay)).toBeLessThanOrEqual(1);
      }
    }
    const battlePerDay = new Array<number>(days).fill(0);
    for (const a of everything) if (a.injury === 0) battlePerDay[a.day - 1]! += 1;
    const battle = battlePerDay.reduce((x, y) => x + y, 0);
    expect(battlePerDay).toEqual(largestRemainder(battle, dayWeights('surge', days)));
  });

  it('and over the hours, mildly weighted to the daytime sick call', () => {
    const dnbi = defaults.filter((a) => a.injury !== 0);
    const perHour = new Array<number>(24).fill(0);
    for (const a of dnbi) perHour[hourOf(a)]! += 1;
    // Every hour has DNBI; the morning sick call is the peak, nights are quieter but not empty.
    expect(Math.min(...perHour)).toBeGreaterThan(dnbi.length / 24 / 3);
    expect(perHour[8]!).toBeGreaterThan(perHour[2]! * 2);
    const night = share(dnbi, (a) => isNight(hourOf(a)));
    expect(night).toBeGreaterThan(0.14);
    expect(night).toBeLessThan(0.22);
    // A small daily count does not fall in the same hours every day (the per-day jitter).
    const small = arrivals(testScenario({ total_patients: 100, days_of_fighting: 8 }), 3).filter((a) => a.injury === 2);
    const hoursByDay = new Set<string>();
    for (let d = 1; d <= 8; d++) hoursByDay.add(small.filter((a) => a.day === d).map(hourOf).join(','));
    expect(hoursByDay.size).toBeGreaterThan(4);
  });
});

describe('night operations', () => {
  it('puts at least a third of each warfare type\'s hour pattern in the night hours, keeping its daytime shape', () => {
    for (const pattern of ['sustained_combat', 'phased_assault', 'low_intensity', 'surge', 'sporadic', 'precision_strike', 'wave_assault', 'contamination'] as const) {
      for (let day = 1; day <= 40; day++) {
        const w = patternWeights(pattern, () => Rng.derive(5, Stream.schedule, day, 3));
        const n = withNightOperations(w);
        expect(nightShare(n)).toBeGreaterThanOrEqual(NIGHT_OPERATIONS_SHARE - 1e-12);
        if (nightShare(w) >= NIGHT_OPERATIONS_SHARE) {
          expect(n).toBe(w);
          continue;
        }
        expect(nightShare(n)).toBeCloseTo(NIGHT_OPERATIONS_SHARE, 12);
        // Daytime hours keep their proportions: one common factor.
        const daytime = Array.from({ length: 16 }, (_, k) => k + 6).filter((h) => w[h]! > 0);
        const ratio = n[daytime[0]!]! / w[daytime[0]!]!;
        for (const h of daytime) expect(n[h]! / w[h]!).toBeCloseTo(ratio, 9);
      }
    }
  });

  const battleNightShare = (s: Scenario, key: number): number => {
    const battle = arrivals(s, key).filter((a) => a.injury === 0);
    return share(battle, (a) => isNight(hourOf(a)));
  };

  it('makes night fighting substantial: ≥ 30 % of the battle casualties of the default scenario at 22–05', () => {
    for (const key of [1, 2, 3]) {
      const on = battleNightShare(testScenario({ total_patients: 20_000 }), key);
      const off = battleNightShare(testScenario({ total_patients: 20_000, environment: [] }), key);
      expect(on).toBeGreaterThanOrEqual(0.3);
      expect(on).toBeLessThan(0.5);
      // Off: artillery surges at 22–23 and drone strikes at any hour still give some night (13–25 %).
      expect(on - off).toBeGreaterThan(0.1);
    }
    // Sustained combat alone (its nights are × 0.15 of the baseline): about 2 % off, a third on.
    const conventional = (environment: Scenario['environmental_conditions']) =>
      battleNightShare({ ...testScenario({ total_patients: 20_000, warfare: ['conventional'], events: [] }), environmental_conditions: environment }, 9);
    const base = testScenario();
    expect(conventional({ ...base.environmental_conditions, night_operations: false })).toBeLessThan(0.03);
    expect(conventional(base.environmental_conditions)).toBeGreaterThanOrEqual(NIGHT_OPERATIONS_SHARE - 0.01);
    // Each warfare type alone, no special events: at least the night's share of the clock.
    for (const t of Object.keys(WARFARE_PROFILES) as (keyof typeof WARFARE_PROFILES)[]) {
      const s = testScenario({ total_patients: 20_000, warfare: [t], events: [] });
      expect(battleNightShare(s, 9), t).toBeGreaterThanOrEqual(NIGHT_OPERATIONS_SHARE - 0.01);
    }
  });

  it('off: the patterns are unchanged', () => {
    const s = testScenario({ total_patients: 8000, warfare: ['conventional', 'artillery'], events: [], environment: [] });
    const plan = new SchedulePlan(s, 4);
    for (let day = 1; day <= 8; day++) {
      const dp = plan.day(day);
      plan.types.forEach((type, t) => {
        const counts = Array.from({ length: 24 }, (_, h) => dp.typeCounts[h * plan.types.length + t]!);
        const total = counts.reduce((x, y) => x + y, 0);
        const w = patternWeights(WARFARE_PROFILES[type].pattern, () => Rng.derive(4, Stream.schedule, day, 1 + plan.typeIndex[t]!));
        expect(counts).toEqual(largestRemainder(total, [...w]));
      });
    }
  });

  it('does not move the background stream', () => {
    const dnbi = (s: Scenario) => arrivals(s, 5).filter((a) => a.injury !== 0).map(hourOf);
    const on = testScenario({ total_patients: 5000 });
    const off = testScenario({ total_patients: 5000, environment: [] });
    expect(dnbi(on).sort()).toEqual(dnbi(off).sort());
  });
});

describe('DNBI hour weights', () => {
  it('peak at the morning sick call, mild (peak ÷ trough ≤ 3.5)', () => {
    const max = Math.max(...DNBI_HOUR_WEIGHTS);
    const min = Math.min(...DNBI_HOUR_WEIGHTS);
    expect(max / min).toBeLessThanOrEqual(3.5);
    expect(DNBI_HOUR_WEIGHTS.indexOf(max)).toBe(7);
  });
});
