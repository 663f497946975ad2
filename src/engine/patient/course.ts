/**
 * The written record of a casualty's course as the pathway runs: per-facility treatment
 * records (procedures and medications with their times, vital signs with theirs), triage
 * assessments and the timeline. Times are kept as seconds since the injury alongside the ISO
 * strings, so that what falls after a death can be taken back.
 */
import type { Rng } from '../rng.js';
import type {
  Coded, Facility, Observation, TimedCoded, TimelineEvent, TreatmentRecord, Triage, TriageAssessment,
} from '../types.js';
import { ruledOut } from './allergies.js';
import { OBSERVATION_CODES as O, UCUM_UNITS as U } from './codes.js';
import type { Physiology, Vitals } from './physiology.js';
import { hoursRounded, type IsoFormatter } from './time.js';
import { revisedTraumaScore, sieve, sortCategory } from './triage.js';

export type GivenKind = 'procedure' | 'medication';

/** A treatment as the engine keeps it until the course is written out. */
interface Given {
  at: number;
  record: TimedCoded;
}

function observation(code: Coded, value: number, unit: string, time: string): Observation {
  return { code: code.code, display: code.display, value, unit, time };
}

export class Course {
  readonly records: TreatmentRecord[] = [];
  readonly timeline: TimelineEvent[] = [];
  readonly assessments: TriageAssessment[] = [];
  readonly facilities: Facility[] = [];
  /** Substances given, in order, each once (the v1 `medications`). */
  readonly medications: Coded[] = [];
  private given: Given[] = [];
  private current: TreatmentRecord | null = null;
  /** Last event time: every event is at least a second after it. */
  last = -1;

  constructor(private readonly iso: IsoFormatter, private readonly epoch: number, private readonly allergy: readonly Coded[]) {}

  private stampAt = NaN;
  private stampText = '';

  /** ISO time of t; the same instant asked again (an event and what happens at it) reuses the string. */
  stamp(t: number): string {
    const at = this.epoch + Math.round(t);
    if (at !== this.stampAt) {
      this.stampAt = at;
      this.stampText = this.iso.format(at);
    }
    return this.stampText;
  }

  /** The next event time: as wished, but at least one second after the previous event. */
  next(wished: number): number {
    const t = Math.round(wished) > this.last ? Math.round(wished) : this.last + 1;
    this.last = t;
    return t;
  }

  /** A plain event (arrival, rtd, remains_role4): one object shape, keys in the v1 order. */
  event(type: 'arrival' | 'rtd' | 'remains_role4', facility: Facility, wished: number): number {
    const t = this.next(wished);
    this.timeline.push({ event_type: type, facility, timestamp: this.stamp(t), hours_since_injury: hoursRounded(t) });
    return t;
  }

  stayStart(facility: Facility, wished: number, seconds: number, category: Triage): number {
    const t = this.next(wished);
    this.timeline.push({
      event_type: 'evacuation_start', facility, timestamp: this.stamp(t), hours_since_injury: hoursRounded(t),
      evacuation_duration_hours: hoursRounded(seconds), triage_category: category,
    });
    return t;
  }

  transit(facility: Facility, to: Facility, wished: number, seconds: number): number {
    const t = this.next(wished);
    this.timeline.push({
      event_type: 'transit_start', facility, timestamp: this.stamp(t), hours_since_injury: hoursRounded(t),
      from_facility: facility, to_facility: to, transit_duration_hours: hoursRounded(seconds),
    });
    return t;
  }

  death(type: 'kia' | 'dow' | 'died_dnbi', facility: Facility, wished: number, timing: 'at_facility' | 'in_transit'): number {
    const t = this.next(wished);
    this.timeline.push({ event_type: type, facility, timestamp: this.stamp(t), hours_since_injury: hoursRounded(t), timing });
    return t;
  }

  arrive(facility: Facility, wished: number): number {
    const t = this.event('arrival', facility, wished);
    this.facilities.push(facility);
    this.current = { facility, date: this.stamp(t), treatments: [], observations: [] };
    this.records.push(this.current);
    this.given = [];
    return t;
  }

  allergicTo(c: Coded): boolean {
    return ruledOut(c, this.allergy);
  }

  /** Whether anything is given at the current facility by time t. */
  givenBy(t: number): boolean {
    return this.given.some((g) => g.at <= t);
  }

  give(code: Coded, t: number, kind: GivenKind = 'procedure'): void {
    const record = { code: code.code, display: code.display, time: this.stamp(t), kind } as TimedCoded;
    this.given.push({ at: t, record });
    if (kind === 'medication' && !this.medications.some((m) => m.code === code.code)) this.medications.push(code);
  }

  /** Records the vital signs at t. */
  observe(phys: Physiology, t: number, rng: Rng): Vitals {
    const v = phys.vitals(t, rng);
    const time = this.stamp(t);
    const obs = (this.current as TreatmentRecord).observations;
    obs.push(
      observation(O.heart_rate, v.hr, U.heart_rate, time),
      observation(O.systolic_bp, v.sbp, U.systolic_bp, time),
      observation(O.respiratory_rate, v.rr, U.respiratory_rate, time),
      observation(O.body_temperature, v.temp, U.body_temperature, time),
      observation(O.spo2, v.spo2, U.spo2, time),
      observation(O.gcs, v.gcs, U.gcs, time),
    );
    return v;
  }

  /**
   * Triage at t from the vitals just observed: the sieve at POI and Role 1, the sort beyond.
   * `ch` is an uncontrolled catastrophic haemorrhage; `ambulatory` whether the casualty walks.
   */
  triage(facility: Facility, t: number, v: Vitals, ch: boolean, ambulatory: boolean, breathing: boolean, expectant: boolean): Triage {
    const algorithm = facility === 'POI' || facility === 'R1' ? 'sieve' : 'sort';
    const inputs = {
      catastrophic_haemorrhage: ch, ambulatory, breathing, responds_to_voice: v.gcs >= 9, respiratory_rate: v.rr, heart_rate: v.hr,
    };
    const rts = algorithm === 'sort' ? revisedTraumaScore(v.gcs, v.sbp, v.rr) : null;
    let category: Triage = rts === null ? sieve(inputs) : sortCategory(rts);
    if (expectant) category = 'T4';
    this.assessments.push({
      facility, time: this.stamp(t), hours_since_injury: hoursRounded(t), algorithm, ...inputs,
      systolic_bp: v.sbp, gcs: v.gcs, rts, expectant, category,
    });
    return category;
  }

  /** Closes the current facility's record: treatments up to `until` (a death) are kept, in time order. */
  close(until: number): void {
    const cur = this.current;
    if (cur === null) return;
    const kept = this.given.filter((g) => g.at <= until).sort((a, b) => a.at - b.at);
    cur.treatments = kept.map((g) => g.record);
    this.current = null;
  }
}
