/**
 * The patient generator (domain spec §4–§6). A PatientContext holds everything that depends only
 * on the scenario and the run key, computed once; generatePatient is then a pure function of
 * (context, arrival) whose randomness all comes from Rng.derive(key, Stream.patient, index).
 * The clinical model (casualty → pathway) is described in docs/clinical-model.md; the record
 * in docs/patient.md.
 */
import { Rng, Stream } from '../rng.js';
import { ENVIRONMENT_EFFECTS, INTENSITY_FACTOR, SPECIAL_EVENT_SEVERITY_SHIFT } from '../tables.js';
import {
  ENVIRONMENTAL_CONDITIONS, type Arrival, type EnvironmentalCondition, type Mechanism, type Patient, type Scenario,
} from '../types.js';
import { allergies } from './allergies.js';
import { createCasualty } from './casualty.js';
import { Course } from './course.js';
import { DemographicsTables } from './demographics.js';
import { FakerNames } from './nations/index.js';
import { PathwayTables, runPathway } from './pathway.js';
import { describeCasualty } from './record.js';
import { Sampler, injuryName } from './sample.js';
import { IsoFormatter } from './time.js';

export { recomputeTriage } from './triage.js';

export interface PatientContext {
  readonly scenario: Scenario;
  readonly key: number;
  readonly sampler: Sampler;
  readonly pathway: PathwayTables;
  readonly demographics: DemographicsTables;
  readonly iso: IsoFormatter;
  readonly environment: readonly EnvironmentalCondition[];
  /** Severity-shift probability by special event (§3.2 × intensity factor). */
  readonly shift: Readonly<Record<string, number>>;
  /** Environmental shifts of non-battle injuries to a mechanism (§3.5). */
  readonly nbiShifts: readonly { share: number; mechanism: Mechanism }[];
}

const NBI_SHIFT_MECHANISM: Record<string, Mechanism> = { heat_exhaustion: 'heat', cold_injury: 'cold', fall: 'fall', crush_injury: 'crush' };

export function createPatientContext(scenario: Scenario, key: number): PatientContext {
  const factor = INTENSITY_FACTOR[scenario.intensity];
  const shift: Record<string, number> = {};
  for (const [event, p] of Object.entries(SPECIAL_EVENT_SEVERITY_SHIFT)) shift[event] = Math.min(1, p * factor);
  const nbiShifts: { share: number; mechanism: Mechanism }[] = [];
  for (const c of ENVIRONMENTAL_CONDITIONS) {
    const s = ENVIRONMENT_EFFECTS[c].nbiShift;
    if (scenario.environmental_conditions[c] && s !== undefined) nbiShifts.push({ share: s.share, mechanism: NBI_SHIFT_MECHANISM[s.condition] as Mechanism });
  }
  return {
    scenario,
    key,
    sampler: new Sampler(scenario, key),
    pathway: new PathwayTables(scenario),
    demographics: new DemographicsTables(scenario.front_configs, new FakerNames()),
    iso: new IsoFormatter(),
    environment: ENVIRONMENTAL_CONDITIONS.filter((c) => scenario.environmental_conditions[c]),
    shift,
    nbiShifts,
  };
}

/** Character codes of the lower-case hexadecimal digits. */
const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 0x2d;
/** Code of hex digit `shift / 4` (from the right) of x. */
const h = (x: number, shift: number): number => HEX[(x >>> shift) & 15] as number;

/**
 * 128 bits of the patient stream, shaped as an RFC 4122 version 4 UUID. Built by one
 * String.fromCharCode call, as one flat string: joined from pieces it was a chain of some ten
 * concatenations (0.4 KB of short-lived strings per patient) that every writer then had to
 * flatten before reading a character of it.
 */
export function uuidFrom(rng: Rng): string {
  const a = rng.u32();
  const b = rng.u32();
  const c = ((rng.u32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.u32();
  const v = ((b & 0x0fff) | 0x4000) >>> 0;
  return String.fromCharCode(
    h(a, 28), h(a, 24), h(a, 20), h(a, 16), h(a, 12), h(a, 8), h(a, 4), h(a, 0), DASH,
    h(b, 28), h(b, 24), h(b, 20), h(b, 16), DASH,
    h(v, 12), h(v, 8), h(v, 4), h(v, 0), DASH,
    h(c, 28), h(c, 24), h(c, 20), h(c, 16), DASH,
    h(c, 12), h(c, 8), h(c, 4), h(c, 0),
    h(d, 28), h(d, 24), h(d, 20), h(d, 16), h(d, 12), h(d, 8), h(d, 4), h(d, 0),
  );
}

function nbiOverride(ctx: PatientContext, rng: Rng, kind: number): Mechanism | null {
  if (kind !== 1) return null;
  for (const s of ctx.nbiShifts) if (rng.float() < s.share) return s.mechanism;
  return null;
}

export function generatePatient(ctx: PatientContext, arrival: Arrival): Patient {
  const rng = Rng.derive(ctx.key, Stream.patient, arrival.index);
  const uuid = uuidFrom(rng);
  // The one sample (§1.6): drawn once, used by everything below.
  const [injury] = ctx.sampler.injury(rng, arrival);
  const sex = ctx.sampler.female(rng) ? 'female' : 'male';
  const nationality = ctx.sampler.nationality(rng, arrival);
  const front = ctx.scenario.front_configs[arrival.frontIndex];
  if (front === undefined) throw new RangeError(`arrival ${arrival.index} names front ${arrival.frontIndex}, which does not exist`);

  const demographics = ctx.demographics.generate(rng, nationality, sex, arrival.injuryEpochSeconds, arrival.frontIndex);
  const shift = arrival.specialEvent !== undefined && rng.float() < (ctx.shift[arrival.specialEvent] as number);
  const override = nbiOverride(ctx, rng, injury);
  const casualty = createCasualty(rng, injury, arrival.modifierType, shift, arrival.isMassCasualty, override);
  const allergy = allergies(rng);
  const course = new Course(ctx.iso, arrival.injuryEpochSeconds, allergy);
  const outcome = runPathway(casualty, course, ctx.pathway, rng, Math.round(arrival.discoveryDelayMinutes * 60));
  const clinical = describeCasualty(casualty, course);
  const timeline = course.timeline;
  const last = timeline[timeline.length - 1];
  const totalHours = last === undefined ? 0 : last.hours_since_injury;
  const assessments = course.assessments;
  const first = assessments[0];
  const final = assessments[assessments.length - 1];

  return {
    id: arrival.index,
    uuid,
    demographics,
    nationality,
    gender: sex,
    front: front.name,
    injury_type: injuryName(injury),
    triage_category: first === undefined ? 'T3' : first.category,
    primary_condition: clinical.primary,
    primary_conditions: clinical.primaries,
    additional_conditions: clinical.additional,
    body_part: clinical.bodyPart,
    mechanism: casualty.mechanism,
    injuries: clinical.injuries,
    iss: casualty.iss,
    niss: casualty.niss,
    triage_assessments: assessments,
    final_triage: final === undefined ? 'T3' : final.category,
    cause_of_death: outcome.causeOfDeath,
    allergies: allergy,
    medications: course.medications,
    treatment_history: course.records,
    movement_timeline: timeline,
    injury_timestamp: ctx.iso.format(arrival.injuryEpochSeconds),
    day_of_injury: `Day ${arrival.day}`,
    final_status: outcome.finalStatus,
    last_facility: outcome.lastFacility,
    current_status: outcome.finalStatus === 'Remains_Role4' ? outcome.lastFacility : outcome.finalStatus,
    timeline_summary: {
      total_events: timeline.length,
      total_duration_hours: totalHours,
      facilities_visited: course.facilities,
      final_status: outcome.finalStatus,
      last_facility: outcome.lastFacility,
    },
    warfare_scenario: arrival.warfare,
    casualty_event_id: arrival.eventId,
    is_mass_casualty: arrival.isMassCasualty,
    environmental_conditions: ctx.environment.slice(),
  };
}
