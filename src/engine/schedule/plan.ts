/**
 * The compact schedule table: per (day, hour) bucket, the casualty count of each enabled
 * warfare type and of each special event, with prefix sums over the days and over the hours
 * of each day. Memory is O(days × 24 × types), independent of N.
 *
 * Allocation chain, each step exact (largest remainder or exact counting):
 * N → days (tempo) → special events inside each day's share → the rest over the enabled types
 * (weights) → each type's day count over the hours (pattern). N is never scaled.
 */
import { largestRemainder } from '../allocate.js';
import { Rng, Stream } from '../rng.js';
import { ENVIRONMENT_EFFECTS, INTENSITY_FACTOR, WARFARE_PROFILES } from '../tables.js';
import { ENVIRONMENTAL_CONDITIONS, WARFARE_TYPES, type Scenario, type WarfareType } from '../types.js';
import { allocateDays } from './days.js';
import { patternWeights } from './hourly-patterns.js';
import { splitInto } from './split.js';
import { planDayEvents, SE_KINDS, type SpecialEventPlan } from './special-events.js';

export const HOURS = 24;
export const SE_COUNT = SE_KINDS.length;

/** One day's part of the table, computed on first use and kept (O(24 × types) numbers). */
export interface DayPlan {
  /** 1-based. */
  readonly day: number;
  /** Global index of the day's first casualty. */
  readonly start: number;
  /** The day's special events by kind index (SE_KINDS order). */
  readonly events: readonly (SpecialEventPlan | undefined)[];
  /** Casualties of enabled type t in hour h: typeCounts[h × types + t]. */
  readonly typeCounts: Int32Array;
  /** Casualties of special event kind k in hour h: seCounts[h × 3 + k]. */
  readonly seCounts: Int32Array;
  /** hourStart[h] = the day's casualties before hour h (length 25; hourStart[24] = day count). */
  readonly hourStart: Int32Array;
}

/** Epoch seconds of `YYYY-MM-DD` at 00:00Z (Date.UTC: no time zone, no wall clock). */
export function utcDayEpochSeconds(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`base_date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`base_date is not a calendar date: ${date}`);
  }
  return ms / 1000;
}

/** Sum of evacuation delays of active conditions when the product of their visibilities is < .5; else 0. */
export function discoveryDelayMax(scenario: Scenario): number {
  let visibility = 1;
  let delay = 0;
  for (const c of ENVIRONMENTAL_CONDITIONS) {
    if (!scenario.environmental_conditions[c]) continue;
    visibility *= ENVIRONMENT_EFFECTS[c].visibility;
    delay += ENVIRONMENT_EFFECTS[c].evacDelayMinutes;
  }
  return visibility < 0.5 ? delay : 0;
}

/** The enabled type with the largest weight; ties go to the first in WARFARE_TYPES order. */
export function dominantType(types: readonly WarfareType[]): WarfareType {
  let best = types[0] as WarfareType;
  for (const t of types) if (WARFARE_PROFILES[t].weight > WARFARE_PROFILES[best].weight) best = t;
  return best;
}

/**
 * The schedule table. Construction is O(days): the day counts and their prefix sums. Each
 * day's hour table (special events, types, hours) depends only on (key, day, day count), so it
 * is computed when a patient of that day is first asked for, and kept.
 */
export class SchedulePlan {
  readonly total: number;
  readonly days: number;
  /** Enabled warfare types, in WARFARE_TYPES order. */
  readonly types: readonly WarfareType[];
  /** Index in WARFARE_TYPES of each enabled type. */
  readonly typeIndex: readonly number[];
  readonly dayCounts: number[];
  /**
   * dayStart[d] = casualties before day d + 1 (length days + 1). Int32 (total_patients ≤
   * 10,000,000) because a start read from a Float64Array can arrive as a heap number, and one
   * such start turns the bucket expander's field into a double field: a new object shape that
   * deoptimises every function that had seen the old one.
   */
  readonly dayStart: Int32Array;
  /** Epoch seconds of day 1 at 00:00Z. */
  readonly startEpochSeconds: number;
  /** Enabled type with the largest weight (first in WARFARE_TYPES order on a tie): special events' modifierType. */
  readonly dominantType: WarfareType;
  /** Per enabled type: its mass-casualty probability × the intensity factor. */
  readonly clusterProbability: readonly number[];
  /** Upper bound of the discovery delay in minutes; 0 when visibility is good enough. */
  readonly discoveryDelayMax: number;
  private readonly typeWeights: readonly number[];
  private readonly dayPlans: (DayPlan | undefined)[];

  constructor(private readonly scenario: Scenario, private readonly key: number) {
    const total = scenario.total_patients;
    const days = scenario.days_of_fighting;
    if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total_patients must be a whole number ≥ 0, got ${total}`);
    if (!Number.isInteger(days) || days < 1) throw new RangeError(`days_of_fighting must be a whole number ≥ 1, got ${days}`);
    const types = WARFARE_TYPES.filter((t) => scenario.warfare_types[t]);
    if (types.length === 0) throw new RangeError('at least one warfare type must be enabled');
    this.total = total;
    this.days = days;
    this.types = types;
    this.typeIndex = types.map((t) => WARFARE_TYPES.indexOf(t));
    this.typeWeights = types.map((t) => WARFARE_PROFILES[t].weight);
    this.startEpochSeconds = utcDayEpochSeconds(scenario.base_date);
    this.dayCounts = allocateDays(total, scenario.tempo, days);
    this.dayStart = new Int32Array(days + 1);
    for (let d = 0; d < days; d++) this.dayStart[d + 1] = (this.dayStart[d] as number) + (this.dayCounts[d] as number);
    this.dayPlans = new Array<DayPlan | undefined>(days).fill(undefined);
    this.dominantType = dominantType(types);
    const factor = INTENSITY_FACTOR[scenario.intensity];
    this.clusterProbability = types.map((t) => WARFARE_PROFILES[t].massCasualtyProbability * factor);
    this.discoveryDelayMax = discoveryDelayMax(scenario);
  }

  /** The hour table of a day (1-based). */
  day(day: number): DayPlan {
    return (this.dayPlans[day - 1] ??= this.planDay(day));
  }

  /** Day (1-based) holding patient i, 0 ≤ i < total (empty days are skipped). */
  dayOf(i: number): number {
    return lastAtOrBelow(this.dayStart, this.days - 1, i) + 1;
  }

  /** Hour holding the day's local index `local`, 0 ≤ local < day count. */
  static hourOf(plan: DayPlan, local: number): number {
    return lastAtOrBelow(plan.hourStart, HOURS - 1, local);
  }

  private planDay(day: number): DayPlan {
    const share = this.dayCounts[day - 1] as number;
    const T = this.types.length;
    const typeCounts = new Int32Array(HOURS * T);
    const seCounts = new Int32Array(HOURS * SE_COUNT);
    const events = new Array<SpecialEventPlan | undefined>(SE_COUNT).fill(undefined);
    let rest = share;
    for (const ev of planDayEvents(this.scenario, this.key, day, share)) {
      events[ev.kindIndex] = ev;
      rest -= ev.size;
      for (let h = 0; h < HOURS; h++) seCounts[h * SE_COUNT + ev.kindIndex] = ev.hourCounts[h] as number;
    }
    const perType = largestRemainder(rest, this.typeWeights);
    for (let t = 0; t < T; t++) {
      const count = perType[t] as number;
      if (count === 0) continue;
      const stream = () => Rng.derive(this.key, Stream.schedule, day, 1 + (this.typeIndex[t] as number));
      splitInto(count, patternWeights(WARFARE_PROFILES[this.types[t] as WarfareType].pattern, stream), typeCounts, t, T);
    }
    const hourStart = new Int32Array(HOURS + 1);
    for (let h = 0; h < HOURS; h++) {
      let n = 0;
      for (let t = 0; t < T; t++) n += typeCounts[h * T + t] as number;
      for (let k = 0; k < SE_COUNT; k++) n += seCounts[h * SE_COUNT + k] as number;
      hourStart[h + 1] = (hourStart[h] as number) + n;
    }
    /* v8 ignore next */
    if (hourStart[HOURS] !== share) throw new Error(`day ${day} lost patients: ${hourStart[HOURS]} ≠ ${share}`);
    return { day, start: this.dayStart[day - 1] as number, events, typeCounts, seCounts, hourStart };
  }
}

/** Largest k in [0, last] with prefix[k] ≤ x (prefix non-decreasing, prefix[0] ≤ x). */
export function lastAtOrBelow(prefix: Int32Array, last: number, x: number): number {
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((prefix[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
