/**
 * The casualty schedule (domain spec §3): patient i's place in time, event and front.
 *
 * buildSchedule makes the compact (day, hour) table (plan.ts). arrival(i) binary-searches the
 * bucket holding i, expands that bucket once (bucket.ts) and keeps it, so a sequential walk
 * costs O(1) amortised, and random access gives exactly what the sequential walk gives.
 *
 * The schedule decides each arrival's injury type: battle casualties are the combat events'
 * (types, clusters, special events), non-battle injuries and diseases the background stream's.
 */
import { WARFARE_TYPES, type Arrival, type Scenario, type SpecialEvent, type WarfareType } from '../types.js';
import { BucketExpander, KIND_BACKGROUND, KIND_CLUSTER, KIND_SPECIAL, injuryOfKind } from './bucket.js';
import { FrontPicker } from './fronts.js';
import { SchedulePlan } from './plan.js';
import { SE_KINDS } from './special-events.js';

export interface Schedule {
  /** == scenario.total_patients, always. */
  readonly total: number;
  /** Arrival of patient i, 0 ≤ i < total; patients are ordered by injury time. */
  arrival(i: number): Arrival;
  /** Planned patients per day (index 0 is day 1). */
  readonly dayCounts: number[];
  /** With exact quotas: patients per front (index into scenario.front_configs). */
  readonly frontCounts?: number[];
  /** Patients of each injury type [battle, non-battle injury, disease] (largest remainder over the expected mix). */
  readonly injuryCounts: readonly number[];
}

/** `00`…`59`, built once: hours and minutes of event ids. */
const PAD2: readonly string[] = Array.from({ length: 60 }, (_, n) => (n < 10 ? `0${n}` : String(n)));
const pad2 = (n: number): string => PAD2[n] as string;
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Eight lower-case hex digits of an unsigned 32-bit number (Number#toString(16) is slow in V8). */
export const hex8 = (n: number): string =>
  (HEX_BYTE[(n >>> 24) & 255] as string) + (HEX_BYTE[(n >>> 16) & 255] as string) + (HEX_BYTE[(n >>> 8) & 255] as string) + (HEX_BYTE[n & 255] as string);

class BucketSchedule implements Schedule {
  readonly total: number;
  readonly dayCounts: number[];
  readonly frontCounts?: number[];
  readonly injuryCounts: readonly number[];
  private readonly expander: BucketExpander;
  private readonly fronts: FrontPicker;
  /** Time-order position of the last group served, and its event id. */
  private lastGroup = -1;
  private lastEventId = '';
  /** `DNBI_d<day>_<hh>` of the expanded bucket: each background casualty has an id of its own. */
  private backgroundPrefix = '';

  constructor(private readonly plan: SchedulePlan, key: number, scenario: Scenario) {
    this.total = plan.total;
    this.dayCounts = [...plan.dayCounts]; // a copy: the plan's own counts drive its lazily planned days
    this.injuryCounts = [...plan.injuryCounts];
    this.expander = new BucketExpander(plan, key);
    this.fronts = new FrontPicker(scenario, key);
    if (this.fronts.counts) this.frontCounts = this.fronts.counts;
  }

  arrival(i: number): Arrival {
    if (!Number.isInteger(i) || i < 0 || i >= this.total) {
      throw new RangeError(`arrival index must be a whole number in [0, ${this.total}), got ${i}`);
    }
    const ex = this.expander;
    if (ex.bucket < 0 || i < ex.start || i >= ex.start + ex.size) {
      const dayPlan = this.plan.day(this.plan.dayOf(i));
      ex.expand(dayPlan, SchedulePlan.hourOf(dayPlan, i - dayPlan.start));
      this.lastGroup = -1;
      this.backgroundPrefix = `DNBI_d${ex.day}_${pad2(ex.hour)}`;
    }
    const pos = ex.groupAt(i - ex.start, this.lastGroup);
    const g = ex.order[pos] as number;
    const kind = ex.kind[g] as number;
    const time = ex.time[g] as number;
    const day = ex.day;
    const hour = ex.hour;
    if (pos !== this.lastGroup) {
      this.lastGroup = pos;
      this.lastEventId = this.eventId(kind, day, hour, Math.floor(time / 60), ex.hex[g] as number);
    }

    let warfare: WarfareType | 'mixed';
    let modifierType: WarfareType;
    let specialEvent: SpecialEvent | undefined;
    if (kind >= KIND_BACKGROUND) {
      // Background DNBI: the scenario's dominant warfare type is the setting it happens in.
      modifierType = this.plan.dominantType;
      warfare = modifierType;
    } else if (kind >= KIND_SPECIAL) {
      warfare = 'mixed';
      modifierType = this.plan.dominantType;
      specialEvent = SE_KINDS[kind - KIND_SPECIAL];
    } else {
      modifierType = WARFARE_TYPES[kind >= KIND_CLUSTER ? kind - KIND_CLUSTER : kind] as WarfareType;
      warfare = modifierType;
    }
    const injury = injuryOfKind(kind);
    // Index among the patients of its injury type: those before the bucket, those of earlier
    // groups of the bucket, then its place in its group.
    const injuryLocal = (ex.classStart[injury] as number) + (ex.classFirst[pos] as number) + (i - ex.start - (ex.first[pos] as number));
    const front = this.fronts.draw(i);
    // Every arrival has the same fields in the same order, present or undefined: an arrival
    // shaped differently (the first special event, often days into a run) would deoptimise
    // generatePatient and everything it inlined, and each worker thread recompiles them.
    return {
      index: i,
      day,
      injuryEpochSeconds: this.plan.startEpochSeconds + (day - 1) * 86_400 + hour * 3600 + time,
      warfare,
      modifierType,
      eventId: this.lastEventId,
      isMassCasualty: kind >= KIND_CLUSTER && kind < KIND_BACKGROUND,
      specialEvent,
      injury,
      injuryLocal,
      discoveryDelayMinutes: ex.delay[g] as number,
      frontIndex: front.frontIndex,
      frontQuota: front.frontQuota,
    };
  }

  private eventId(kind: number, day: number, hour: number, minute: number, hex: number): string {
    if (kind >= KIND_BACKGROUND) return `${this.backgroundPrefix}${pad2(minute)}_${hex8(hex)}`;
    if (kind >= KIND_SPECIAL) {
      const ev = this.plan.day(day).events[kind - KIND_SPECIAL];
      /* v8 ignore next */
      if (!ev) throw new Error('special event group without its event');
      return ev.id;
    }
    const cluster = kind >= KIND_CLUSTER;
    const type = WARFARE_TYPES[cluster ? kind - KIND_CLUSTER : kind] as WarfareType;
    return `${cluster ? 'MC' : 'IND'}_${type}_d${day}_${pad2(hour)}${pad2(minute)}_${hex8(hex)}`;
  }
}

/** The casualty schedule of a run; `key` is the 32-bit run seed key (seedKey(seed)). */
export function buildSchedule(scenario: Scenario, key: number): Schedule {
  return new BucketSchedule(new SchedulePlan(scenario, key), key, scenario);
}
