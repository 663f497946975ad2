/**
 * The patient generator (domain spec §4–§6). A PatientContext holds everything that depends only
 * on the scenario and the run key, computed once; generatePatient is then a pure function of
 * (context, arrival) whose randomness all comes from Rng.derive(key, Stream.patient, index).
 * See docs/patient.md.
 */
import { Rng, Stream } from '../rng.js';
import {
  ENVIRONMENTAL_CONDITIONS, type Arrival, type EnvironmentalCondition, type Patient, type Scenario,
} from '../types.js';
import { ConditionSampler } from './conditions.js';
import { DemographicsTables } from './demographics.js';
import { FlowTables } from './flow.js';
import { FakerNames } from './nations/index.js';
import { Sampler, injuryName, triageName } from './sample.js';
import { IsoFormatter } from './time.js';
import { allergies, medications, treatmentHistory } from './treatments.js';

export interface PatientContext {
  readonly scenario: Scenario;
  readonly key: number;
  readonly sampler: Sampler;
  readonly conditions: ConditionSampler;
  readonly flow: FlowTables;
  readonly demographics: DemographicsTables;
  readonly iso: IsoFormatter;
  readonly environment: readonly EnvironmentalCondition[];
}

export function createPatientContext(scenario: Scenario, key: number): PatientContext {
  return {
    scenario,
    key,
    sampler: new Sampler(scenario, key),
    conditions: new ConditionSampler(scenario),
    flow: new FlowTables(scenario),
    demographics: new DemographicsTables(scenario.front_configs, new FakerNames()),
    iso: new IsoFormatter(),
    environment: ENVIRONMENTAL_CONDITIONS.filter((c) => scenario.environmental_conditions[c]),
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

export function generatePatient(ctx: PatientContext, arrival: Arrival): Patient {
  const rng = Rng.derive(ctx.key, Stream.patient, arrival.index);
  const uuid = uuidFrom(rng);
  // The one sample (§1.6): drawn once, used by everything below.
  const [injury, local] = ctx.sampler.injury(rng, arrival);
  const triage = ctx.sampler.triage(rng, arrival, injury, local);
  const sex = ctx.sampler.female(rng) ? 'female' : 'male';
  const nationality = ctx.sampler.nationality(rng, arrival);
  const front = ctx.scenario.front_configs[arrival.frontIndex];
  if (front === undefined) throw new RangeError(`arrival ${arrival.index} names front ${arrival.frontIndex}, which does not exist`);

  const demographics = ctx.demographics.generate(rng, nationality, sex, arrival.injuryEpochSeconds, arrival.frontIndex);
  const cond = ctx.conditions.sample(rng, injury, triage);
  const flow = ctx.flow.simulate(rng, ctx.iso, arrival.injuryEpochSeconds, Math.round(arrival.discoveryDelayMinutes * 60), triage, injury);
  const treatments = treatmentHistory(rng, flow, injury, triage, cond.primaryKey, cond.bodyPart);
  const allergy = allergies(rng);
  const last = flow.timeline[flow.timeline.length - 1];
  const totalHours = last === undefined ? 0 : last.hours_since_injury;
  const triageCategory = triageName(triage);

  return {
    id: arrival.index,
    uuid,
    demographics,
    nationality,
    gender: sex,
    front: front.name,
    injury_type: injuryName(injury),
    triage_category: triageCategory,
    primary_condition: cond.primary,
    primary_conditions: cond.primaries,
    additional_conditions: cond.additional,
    body_part: cond.bodyPart,
    allergies: allergy,
    medications: medications(injury, triage, cond.primaryKey, allergy),
    treatment_history: treatments,
    movement_timeline: flow.timeline,
    injury_timestamp: ctx.iso.format(arrival.injuryEpochSeconds),
    day_of_injury: `Day ${arrival.day}`,
    final_status: flow.finalStatus,
    last_facility: flow.lastFacility,
    current_status: flow.finalStatus === 'Remains_Role4' ? flow.lastFacility : flow.finalStatus,
    timeline_summary: {
      total_events: flow.timeline.length,
      total_duration_hours: totalHours,
      facilities_visited: flow.facilities,
      final_status: flow.finalStatus,
      last_facility: flow.lastFacility,
    },
    warfare_scenario: arrival.warfare,
    casualty_event_id: arrival.eventId,
    is_mass_casualty: arrival.isMassCasualty,
    environmental_conditions: ctx.environment.slice(),
  };
}
