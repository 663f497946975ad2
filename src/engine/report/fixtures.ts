/**
 * Hand-built patients for the report's tests. Only the fields the report reads carry meaning;
 * the rest are plausible fillers so the object is a complete `Patient`.
 */
import type { Facility, FinalStatus, InjuryType, NationCode, Patient, TimelineEvent, Triage } from '../types.js';

export interface PatientSpec {
  status?: FinalStatus;
  injury?: InjuryType;
  triage?: Triage;
  /** Facilities arrived at, in order; defaults follow the status (KIA → POI, DOW → POI, R1 …). */
  path?: Facility[];
  /** ISO injury time. */
  time?: string;
  day?: number;
  nationality?: NationCode;
  front?: string;
}

const DEFAULT_PATH: Record<FinalStatus, Facility[]> = {
  KIA: ['POI'],
  DOW: ['POI', 'R1'],
  RTD: ['POI', 'R1'],
  Remains_Role4: ['POI', 'R1', 'R2', 'R3', 'R4'],
};

export function makePatient(spec: PatientSpec = {}, id = 0): Patient {
  const status = spec.status ?? 'RTD';
  const path = spec.path ?? DEFAULT_PATH[status];
  const time = spec.time ?? '2025-06-01T10:15:00Z';
  const nationality = spec.nationality ?? 'POL';
  const timeline: TimelineEvent[] = path.map((facility, i) => ({ event_type: 'arrival', facility, timestamp: time, hours_since_injury: i }));
  const last = path[path.length - 1] as Facility;
  const condition = { code: '0', display: 'x', severity: 'Severe', severity_code: '0' };
  return {
    id,
    uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    demographics: {
      given_name: 'A', family_name: 'B', gender: 'male', birthdate: '1995-01-01', age: 30, nationality,
      id_number: '1', service_number: '1', rank: 'OR-4', unit: 'u', blood_type: 'O+', religion: 'none', weight_kg: 80, height_cm: 180,
    },
    nationality,
    gender: 'male',
    front: spec.front ?? 'North',
    injury_type: spec.injury ?? 'BATTLE_TRAUMA',
    triage_category: spec.triage ?? 'T2',
    primary_condition: condition,
    primary_conditions: [condition],
    additional_conditions: [],
    body_part: 'torso',
    allergies: [],
    medications: [],
    treatment_history: [],
    movement_timeline: timeline,
    injury_timestamp: time,
    day_of_injury: `Day ${spec.day ?? 1}`,
    final_status: status,
    last_facility: last,
    current_status: status === 'Remains_Role4' ? last : status,
    timeline_summary: { total_events: timeline.length, total_duration_hours: 1, facilities_visited: [...path], final_status: status, last_facility: last },
    warfare_scenario: 'conventional',
    casualty_event_id: 'IND_conventional_d1_1015_00000000',
    is_mass_casualty: false,
    environmental_conditions: [],
  };
}

/** `n` copies of one spec. */
export function many(n: number, spec: PatientSpec): Patient[] {
  return Array.from({ length: n }, (_, i) => makePatient(spec, i));
}
