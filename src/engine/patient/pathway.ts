/**
 * The casualty's path down the chain (domain spec §4.3, §5): POI → Role 1 → Role 2 → Role 3 →
 * Role 4 on one running clock from the injury. At each role the casualty is observed, triaged,
 * treated, and then held and returned to duty, evacuated onward, or dies when the state becomes
 * unsurvivable, at that moment. Waiting for evacuation (the scenario's stays, with the
 * environment's delays at POI) and transit (its transit times) are spent in the physiology, so
 * longer evacuation raises KIA and DOW. See docs/clinical-model.md, "Disposition".
 *
 * Clock, in whole seconds from the injury: POI `arrival` is the moment the casualty is found;
 * `evacuation_start` follows each arrival after a 1–5 min hand-over and opens the stay;
 * every event is at least one second after the previous one.
 */
import type { Rng } from '../rng.js';
import { ENVIRONMENT_EFFECTS } from '../tables.js';
import {
  ENVIRONMENTAL_CONDITIONS, FACILITIES, TRANSITS,
  type Facility, type FinalStatus, type Scenario, type TimedTriage, type Triage,
} from '../types.js';
import type { Casualty } from './casualty.js';
import { lateDeathRisk, poiCare, role1Care, role2Care, role3Care, role4Care } from './care.js';
import { CLINICAL_PROCEDURES as P } from './clinical-codes.js';
import type { Course } from './course.js';
import { HOUR, MIN } from './physiology.js';
import type { Vitals } from './physiology.js';

const TIMED_INDEX: Record<Triage, number> = { T1: 0, T2: 1, T3: 2, T4: 2 };
const TIMED: readonly TimedTriage[] = ['T1', 'T2', 'T3'];
const HANDOVER_MIN = 60;
const HANDOVER_MAX = 300;
/** Vital signs are taken again every 24 hours of a long stay, up to twice (the record's daily summary). */
const OBSERVE_EVERY = 24 * HOUR;
const OBSERVE_MAX = 2;

export interface PathwayResult {
  finalStatus: FinalStatus;
  lastFacility: Facility;
  causeOfDeath: string | null;
}

/** The scenario's stays and transits in seconds, [facility or leg][T1, T2, T3] → [min, max]. */
export class PathwayTables {
  readonly stay: [number, number][][];
  readonly transit: [number, number][][];
  /** Environmental evacuation delay at POI, seconds. */
  readonly poiDelay: number;
  readonly cold: boolean;

  constructor(scenario: Scenario) {
    const secs = (r: { min_hours: number; max_hours: number }): [number, number] => [Math.round(r.min_hours * 3600), Math.round(r.max_hours * 3600)];
    this.stay = FACILITIES.map((f) => TIMED.map((t) => secs(scenario.evacuation_times[f][t])));
    this.transit = TRANSITS.map((t) => TIMED.map((tt) => secs(scenario.transit_times[t][tt])));
    let delay = 0;
    for (const c of ENVIRONMENTAL_CONDITIONS) if (scenario.environmental_conditions[c]) delay += ENVIRONMENT_EFFECTS[c].evacDelayMinutes;
    this.poiDelay = delay * 60;
    this.cold = scenario.environmental_conditions.extreme_cold;
  }
}

/** What the sieve finds on a casualty found dead: no breathing, no pulse. */
const NO_SIGNS_OF_LIFE: Vitals = { hr: 0, sbp: 0, rr: 0, spo2: 0, gcs: 3, temp: 0, loss: 1 };

const draw = (rng: Rng, [lo, hi]: [number, number]) => lo + Math.floor(rng.float() * (hi - lo + 1));

/** Whether the casualty can walk: no serious injury but to an arm, legs sound, conscious, not in shock. */
function ambulatory(c: Casualty, v: Vitals): boolean {
  if (v.gcs < 14 || v.loss >= 0.3 || v.spo2 < 90 || v.sbp < 90) return false;
  if (c.illness !== null) return c.illness.severity < 2 || (c.illness.profile.key !== 'heat_exhaustion' && v.hr < 120);
  return c.injuries.every((i) => i.ais <= 1 || (i.ais <= 2 && (i.site === 'left arm' || i.site === 'right arm' || i.region === 'face' || i.nature === 'concussion')));
}

/** An unsurvivable state, as a mass-casualty triage officer would judge it (docs/clinical-model.md, "Expectant"). */
function unsurvivable(c: Casualty, v: Vitals, t: number): boolean {
  const s = c.phys;
  return c.iss >= 50 || (v.gcs <= 5 && c.injuries.some((i) => i.nature === 'tbi' && i.ais >= 5))
    || (v.loss >= 0.4 && s.bleeding(['non_compressible'], t));
}

function deathStatus(c: Casualty, reachedRole1: boolean): FinalStatus {
  if (c.kind !== 0) return 'Died_DNBI';
  return reachedRole1 ? 'DOW' : 'KIA';
}

function deathEvent(status: FinalStatus): 'kia' | 'dow' | 'died_dnbi' {
  return status === 'KIA' ? 'kia' : status === 'DOW' ? 'dow' : 'died_dnbi';
}

export function runPathway(c: Casualty, course: Course, tables: PathwayTables, rng: Rng, discoverySeconds: number): PathwayResult {
  const s = c.phys;
  if (tables.cold) s.coolingRate *= 1.5;
  let t = Math.max(0, discoverySeconds);
  let lateDecided = false;

  for (let fi = 0; fi < 5; fi++) {
    const facility = FACILITIES[fi] as Facility;
    const a = course.arrive(facility, t);
    // Found dead: an injury no one survives, dead before anyone reached the casualty.
    if (fi === 0 && s.immediateDeathAt <= a + 2 * MIN) {
      course.triage(facility, a, NO_SIGNS_OF_LIFE, false, false, false, false);
      course.close(a);
      const status = deathStatus(c, false);
      course.death(deathEvent(status), facility, Math.max(a + 60, s.immediateDeathAt), 'at_facility');
      return { finalStatus: status, lastFacility: facility, causeOfDeath: 'non-survivable injury' };
    }
    const v = course.observe(s, a, rng);
    const ch = s.bleeding(['compressible', 'junctional'], a) && c.injuries.some((i) => i.ais >= 3 && (i.haemorrhage === 'compressible' || i.haemorrhage === 'junctional'));
    const expectant = c.massCasualty && fi <= 1 && c.kind === 0 && unsurvivable(c, v, a);
    const category = course.triage(facility, a, v, ch, ambulatory(c, v), true, expectant);
    const timed = TIMED_INDEX[category] as number;

    if (fi === 0) poiCare(c, course, a, rng, expectant);
    else if (fi === 1) role1Care(c, course, a, rng, v.gcs, v.spo2, expectant);
    else if (fi === 2) role2Care(c, course, a, rng, category === 'T1');
    else if (fi === 3) role3Care(c, course, a, rng, v.gcs);
    else role4Care(c, course, a, rng);

    if (fi >= 2 && !lateDecided && c.kind !== 2) {
      lateDecided = true;
      if (s.lateDeathDraw < lateDeathRisk(c.iss, s.maxLossUntil(a), a / HOUR, s.infectionOnset !== Infinity)) {
        s.lateDeathAt = Math.max(a + 6 * HOUR, (24 + 144 * rng.float()) * HOUR);
      }
    }

    // What happens here: held and returned to duty, the end of the chain, or onward evacuation.
    const holdHere = !c.outOfTheatre && fi === c.holdAt;
    const stayRange = (tables.stay[fi] as [number, number][])[timed] as [number, number];
    // An urgent surgical casualty (T1 needing an operation) is the first to leave Role 1: the
    // lower quarter of the stay (docs/clinical-model.md, "Disposition").
    const urgentSurgical = fi === 1 && category === 'T1' && c.surgery;
    const stay = holdHere
      ? Math.round(c.holdHours * HOUR)
      : Math.max(1, (urgentSurgical ? draw(rng, [stayRange[0], stayRange[0] + Math.round((stayRange[1] - stayRange[0]) / 4)]) : draw(rng, stayRange))
        + (fi === 0 ? tables.poiDelay : 0));
    const start = course.stayStart(facility, a + HANDOVER_MIN + Math.floor(rng.float() * (HANDOVER_MAX - HANDOVER_MIN + 1)), stay, category);
    const end = start + stay;
    // Whoever reaches a role is at least seen by its clinician before leaving it.
    if (fi >= 1 && !course.givenBy(end)) course.give(P.medical_assessment, Math.min(a + (5 + 25 * rng.float()) * MIN, end - 1));
    if (c.illness !== null && holdHere) s.resolvedAt = end - 60;

    const death = s.deathBetween(a, end);
    observeDuringStay(c, course, a, death === null ? end : death.at, rng);
    if (death !== null) {
      course.close(death.at);
      const status = deathStatus(c, fi >= 1);
      course.death(deathEvent(status), facility, death.at, 'at_facility');
      return { finalStatus: status, lastFacility: facility, causeOfDeath: death.cause };
    }
    course.close(end);
    if (fi === 4) {
      const status: FinalStatus = c.remainsAtRole4 ? 'Remains_Role4' : 'RTD';
      course.event(status === 'RTD' ? 'rtd' : 'remains_role4', facility, end);
      return { finalStatus: status, lastFacility: facility, causeOfDeath: null };
    }
    if (holdHere) {
      course.event('rtd', facility, end);
      return { finalStatus: 'RTD', lastFacility: facility, causeOfDeath: null };
    }
    const next = FACILITIES[fi + 1] as Facility;
    const duration = Math.max(1, draw(rng, (tables.transit[fi] as [number, number][])[timed] as [number, number]));
    const departed = course.transit(facility, next, end, duration);
    const lost = s.deathBetween(departed, departed + duration);
    if (lost !== null) {
      const status = deathStatus(c, fi >= 1);
      course.death(deathEvent(status), facility, lost.at, 'in_transit');
      return { finalStatus: status, lastFacility: facility, causeOfDeath: lost.cause };
    }
    t = departed + duration;
  }
  throw new Error('unreachable: the chain ends at Role 4');
}

/** Vital signs every 24 hours of a long stay (at most two sets), before `until`. */
function observeDuringStay(c: Casualty, course: Course, arrival: number, until: number, rng: Rng): void {
  for (let k = 1; k <= OBSERVE_MAX; k++) {
    const at = arrival + k * OBSERVE_EVERY;
    if (at >= until - MIN) break;
    course.observe(c.phys, at, rng);
  }
}
