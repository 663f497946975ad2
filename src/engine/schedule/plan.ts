/**
 * The compact schedule table: per (day, hour) bucket, the battle casualties of each enabled
 * warfare type and of each special event, and the non-battle injuries and diseases of the
 * background stream, with prefix sums over the days and over the hours of each day (in all and
 * per injury type). Memory is O(days × 24 × types), independent of N.
 *
 * Allocation chain, each step exact (largest remainder or exact counting):
 * N → injury types (expected mix, mix.ts) → battle casualties over the days (tempo) → special
 * events inside each day's battle share → the rest over the enabled types (weight × battle
 * share of the type's mix) → each type's day count over the hours (pattern, night operations);
 * non-battle injuries and diseases each → the days (equally: the force is the same every day)
 * → the hours (DNBI_HOUR_WEIGHTS with a daily jitter). N is never scaled.
 */
import { largestRemainder } from '../allocate.js';
import { Rng, Stream } from '../rng.js';
import { ENVIRONMENT_EFFECTS, INTENSITY_FACTOR, WARFARE_PROFILES } from '../tables.js';
import { ENVIRONMENTAL_CONDITIONS, WARFARE_TYPES, type Scenario, type WarfareType } from '../types.js';
import { allocateDays } from './days.js';
import { dnbiHourWeights, patternWeights, withNightOperations } from './hourly-patterns.js';
import { BATTLE, injuryCounts, injuryMix } from './mix.js';
import { splitInto } from './split.js';
import { planDayEvents, SE_KINDS, type SpecialEventPlan } from './special-events.js';

export const HOURS = 24;
export const SE_COUNT = SE_KINDS.length;
/** Injury types counted per day and hour: battle, non-battle injury, disease (INJURY_TYPES order). */
export const CLASSES = 3;
/** Background classes (non-battle injury, disease): dnbiCounts[h × 2 + c − 1]. */
export const DNBI_CLASSES = 2;
/** `b` of the day's schedule stream for the DNBI hour weights of class c: DNBI_STREAM + c (types use 1…8). */
export const DNBI_STREAM = 8;

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
  /** Background casualties of class c (1 non-battle injury, 2 disease) in hour h: dnbiCounts[h × 2 + c − 1]. */
  readonly dnbiCounts: Int32Array;
  /** hourStart[h] = the day's casualties before hour h (length 25; hourStart[24] = day count). */
  readonly hourStart: Int32Array;
  /** classHourStart[h × 3 + c] = the day's casualties of injury type c before hour h (length 25 × 3). */
  readonly classHourStart: Int32Array;
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
  /** Patients of each injury type [battle, non-battle injury, disease], by largest remainder over the expected mix. */
  readonly injuryCounts: readonly number[];
  /** Battle casualties per day (tempo split of injuryCounts[0]). */
  readonly battleDays: readonly number[];
  /**
   * classDayStart[d × 3 + c] = casualties of injury type c before day d + 1 (length (days + 1) × 3):
   * with the hour and bucket counts, a patient's index among its injury type.
   */
  readonly classDayStart: Int32Array;
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
  /** `night_operations` is on: each type's hour pattern is given its night share (withNightOperations). */
  readonly nightOperations: boolean;
  /** Per enabled type: its §3.3 weight × the battle share of its injury mix (the split of the battle casualties). */
  private readonly typeWeights: readonly number[];
  private readonly backgroundDays: readonly (readonly number[])[];
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
    this.typeWeights = types.map((t) => WARFARE_PROFILES[t].weight * (injuryMix(scenario, t)[BATTLE] as number));
    this.startEpochSeconds = utcDayEpochSeconds(scenario.base_date);
    this.injuryCounts = injuryCounts(scenario);
    // Battle casualties follow the tempo; the background stream follows the force and the
    // days, the same every day.
    this.battleDays = allocateDays(this.injuryCounts[BATTLE] as number, scenario.tempo, days);
    const evenly = new Array<number>(days).fill(1);
    this.backgroundDays = [1, 2].map((c) => largestRemainder(this.injuryCounts[c] as number, evenly));
    const perClass = [this.battleDays, ...this.backgroundDays] as const;
    this.dayCounts = new Array<number>(days);
    this.dayStart = new Int32Array(days + 1);
    this.classDayStart = new Int32Array((days + 1) * CLASSES);
    for (let d = 0; d < days; d++) {
      let n = 0;
      for (let c = 0; c < CLASSES; c++) {
        const k = (perClass[c] as readonly number[])[d] as number;
        n += k;
        this.classDayStart[(d + 1) * CLASSES + c] = (this.classDayStart[d * CLASSES + c] as number) + k;
      }
      this.dayCounts[d] = n;
      this.dayStart[d + 1] = (this.dayStart[d] as number) + n;
    }
    this.dayPlans = new Array<DayPlan | undefined>(days).fill(undefined);
    this.dominantType = dominantType(types);
    const factor = INTENSITY_FACTOR[scenario.intensity];
    this.clusterProbability = types.map((t) => WARFARE_PROFILES[t].massCasualtyProbability * factor);
    this.discoveryDelayMax = discoveryDelayMax(scenario);
    this.nightOperations = scenario.environmental_conditions.night_operations;
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
    const share = this.battleDays[day - 1] as number;
    const T = this.types.length;
    const typeCounts = new Int32Array(HOURS * T);
    const seCounts = new Int32Array(HOURS * SE_COUNT);
    const dnbiCounts = new Int32Array(HOURS * DNBI_CLASSES);
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
      const weights = patternWeights(WARFARE_PROFILES[this.types[t] as WarfareType].pattern, stream);
      splitInto(count, this.nightOperations ? withNightOperations(weights) : weights, typeCounts, t, T);
    }
    const hourWeights = new Array<number>(HOURS);
    for (let c = 1; c < CLASSES; c++) {
      const count = (this.backgroundDays[c - 1] as readonly number[])[day - 1] as number;
      if (count === 0) continue;
      const weights = dnbiHourWeights(Rng.derive(this.key, Stream.schedule, day, DNBI_STREAM + c), hourWeights);
      splitInto(count, weights, dnbiCounts, c - 1, DNBI_CLASSES);
    }
    const hourStart = new Int32Array(HOURS + 1);
    const classHourStart = new Int32Array((HOURS + 1) * CLASSES);
    for (let h = 0; h < HOURS; h++) {
      let battle = 0;
      for (let t = 0; t < T; t++) battle += typeCounts[h * T + t] as number;
      for (let k = 0; k < SE_COUNT; k++) battle += seCounts[h * SE_COUNT + k] as number;
      const nbi = dnbiCounts[h * DNBI_CLASSES] as number;
      const disease = dnbiCounts[h * DNBI_CLASSES + 1] as number;
      hourStart[h + 1] = (hourStart[h] as number) + battle + nbi + disease;
      const at = h * CLASSES;
      classHourStart[at + CLASSES] = (classHourStart[at] as number) + battle;
      classHourStart[at + CLASSES + 1] = (classHourStart[at + 1] as number) + nbi;
      classHourStart[at + CLASSES + 2] = (classHourStart[at + 2] as number) + disease;
    }
    /* v8 ignore next */
    if (hourStart[HOURS] !== this.dayCounts[day - 1]) throw new Error(`day ${day} lost patients: ${hourStart[HOURS]} ≠ ${this.dayCounts[day - 1]}`);
    return { day, start: this.dayStart[day - 1] as number, events, typeCounts, seCounts, dnbiCounts, hourStart, classHourStart };
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
