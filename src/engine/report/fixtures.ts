/**
 * Hand-built patients for the report's tests. Only the fields the report reads carry meaning;
 * the rest are plausible fillers so the object is a complete `Patient`.
 */
import { CLINICAL_PROCEDURES, CLINICAL_SUBSTANCES } from '../patient/clinical-codes.js';
import type {
  AisRegion, Facility, FinalStatus, Injury, InjuryType, Mechanism, NationCode, Patient, TimelineEvent, TreatmentRecord, Triage, TriageAssessment, WarfareType,
} from '../types.js';

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
  warfare?: WarfareType | 'mixed';
  /** Defaults: explosive for battle trauma, vehicle for non-battle, null for disease. */
  mechanism?: Mechanism | null;
  /** AIS regions of the injuries (AIS 2 each); default one extremity injury, none for disease. */
  regions?: AisRegion[];
  iss?: number;
  niss?: number;
  /** Hours from injury to each arrival after POI (default 1, 2, 3 …). */
  arrivalHours?: number[];
  /** Hours from injury to the outcome event (RTD, death, remains); default one hour after the last arrival. */
  outcomeHours?: number;
  /** Hours from injury to the surgical procedures done (at the last facility). */
  surgeryHours?: number[];
  /** Triage category of each assessment; default the triage at every facility arrived at. */
  assessments?: Triage[];
  causeOfDeath?: string | null;
}

const DEFAULT_PATH: Record<FinalStatus, Facility[]> = {
  KIA: ['POI'],
  DOW: ['POI', 'R1'],
  RTD: ['POI', 'R1'],
  Remains_Role4: ['POI', 'R1', 'R2', 'R3', 'R4'],
  Died_DNBI: ['POI', 'R1'],
};

const OUTCOME_EVENT: Record<FinalStatus, TimelineEvent['event_type']> = {
  KIA: 'kia', DOW: 'dow', RTD: 'rtd', Remains_Role4: 'remains_role4', Died_DNBI: 'died_dnbi',
};

/** `time` plus `hours`, as an engine timestamp (YYYY-MM-DDTHH:MM:SSZ). */
export function plusHours(time: string, hours: number): string {
  return new Date(Date.parse(time) + Math.round(hours * 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function injuryOf(region: AisRegion): Injury {
  return {
    region, body_site: { code: '0', display: region }, ais: 2, condition: { code: '0', display: 'x' }, icd10: { code: 'T14.9', display: 'x' }, haemorrhage: 'minor',
  };
}

export function makePatient(spec: PatientSpec = {}, id = 0): Patient {
  const status = spec.status ?? 'RTD';
  const injuryType = spec.injury ?? 'BATTLE_TRAUMA';
  const path = spec.path ?? DEFAULT_PATH[status];
  const time = spec.time ?? '2025-06-01T10:15:00Z';
  const nationality = spec.nationality ?? 'POL';
  const hoursAt = path.map((_, i) => (i === 0 ? 0 : spec.arrivalHours?.[i - 1] ?? i));
  const timeline: TimelineEvent[] = path.map((facility, i) => ({
    event_type: 'arrival', facility, timestamp: plusHours(time, hoursAt[i] as number), hours_since_injury: hoursAt[i] as number,
  }));
  const last = path[path.length - 1] as Facility;
  const outcomeHours = spec.outcomeHours ?? (hoursAt[hoursAt.length - 1] as number) + 1;
  timeline.push({ event_type: OUTCOME_EVENT[status], facility: last, timestamp: plusHours(time, outcomeHours), hours_since_injury: outcomeHours });
  const condition = { code: '0', display: 'x', icd10: 'T14.9', icd10_display: 'x', severity: 'Severe', severity_code: '0' };
  const mechanism = spec.mechanism !== undefined ? spec.mechanism
    : injuryType === 'BATTLE_TRAUMA' ? 'explosive' : injuryType === 'NON_BATTLE' ? 'vehicle' : null;
  const regions = spec.regions ?? (injuryType === 'DISEASE' ? [] : ['extremities']);
  const triage = spec.triage ?? 'T2';
  const categories = spec.assessments ?? path.map(() => triage);
  const assessments: TriageAssessment[] = categories.map((category, i) => {
    const facility = path[Math.min(i, path.length - 1)] as Facility;
    const h = hoursAt[Math.min(i, path.length - 1)] as number;
    return {
      facility, time: plusHours(time, h), hours_since_injury: h, algorithm: i < 2 ? 'sieve' : 'sort', catastrophic_haemorrhage: false, ambulatory: false,
      breathing: true, responds_to_voice: true, respiratory_rate: 16, heart_rate: 90, systolic_bp: 120, gcs: 15, rts: i < 2 ? null : 12, expectant: false, category,
    };
  });
  const history: TreatmentRecord[] = path.map((facility, i) => ({
    facility, date: plusHours(time, hoursAt[i] as number), observations: [],
    treatments: [{ ...CLINICAL_SUBSTANCES.paracetamol, time: plusHours(time, (hoursAt[i] as number) + 0.1), kind: 'medication' as const }],
  }));
  const lastStay = history[history.length - 1] as TreatmentRecord;
  for (const h of spec.surgeryHours ?? []) lastStay.treatments.push({ ...CLINICAL_PROCEDURES.exploratory_laparotomy, time: plusHours(time, h), kind: 'procedure' });
  const died = status === 'KIA' || status === 'DOW' || status === 'Died_DNBI';
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
    injury_type: injuryType,
    triage_category: categories[0] ?? triage,
    primary_condition: condition,
    primary_conditions: [condition],
    additional_conditions: [],
    body_part: 'torso',
    mechanism,
    injuries: regions.map(injuryOf),
    iss: spec.iss ?? (regions.length > 0 ? 4 : 0),
    niss: spec.niss ?? spec.iss ?? (regions.length > 0 ? 4 : 0),
    triage_assessments: assessments,
    final_triage: categories[categories.length - 1] ?? triage,
    cause_of_death: spec.causeOfDeath !== undefined ? spec.causeOfDeath : died ? 'haemorrhage' : null,
    allergies: [],
    medications: [],
    treatment_history: history,
    movement_timeline: timeline,
    injury_timestamp: time,
    day_of_injury: `Day ${spec.day ?? 1}`,
    final_status: status,
    last_facility: last,
    current_status: status === 'Remains_Role4' ? last : status,
    timeline_summary: { total_events: timeline.length, total_duration_hours: outcomeHours, facilities_visited: [...path], final_status: status, last_facility: last },
    warfare_scenario: spec.warfare ?? 'conventional',
    casualty_event_id: 'IND_conventional_d1_1015_00000000',
    is_mass_casualty: false,
    environmental_conditions: [],
  };
}

/** `n` copies of one spec. */
export function many(n: number, spec: PatientSpec): Patient[] {
  return Array.from({ length: n }, (_, i) => makePatient(spec, i));
}
