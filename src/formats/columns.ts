import type { Patient, TimelineEvent } from '../engine/index.js';

/** A cell value: text, a number or a boolean; '' for "no value". */
export type Cell = string | number | boolean;

export interface Column<T> {
  readonly name: string;
  readonly get: (row: T) => Cell;
}

const codes = (list: readonly { code: string }[]): string => list.map((c) => c.code).join(';');
const icd10s = (list: readonly { icd10: string }[]): string => list.map((c) => c.icd10).join(';');

/** Hours from injury to the arrival at Role 1, or '' when the casualty never got there. */
function hoursToRole1(p: Patient): Cell {
  for (const e of p.movement_timeline) if (e.event_type === 'arrival' && e.facility === 'R1') return e.hours_since_injury;
  return '';
}

/** Procedures done, every facility together (medications not counted). */
function procedureCount(p: Patient): number {
  let n = 0;
  for (const t of p.treatment_history) for (const x of t.treatments) if (x.kind === 'procedure') n++;
  return n;
}

/** The highest AIS of the injuries, or '' without injuries (disease). */
function maxAis(p: Patient): Cell {
  let max = 0;
  for (const i of p.injuries) if (i.ais > max) max = i.ais;
  return max === 0 ? '' : max;
}

/**
 * One row per patient: the columns domain spec §7 asks for, in its order, then the rest of
 * the record flattened (lists joined with ';'), then the clinical model's summary (docs/formats.md
 * lists every column). CSV and XLSX share these columns.
 */
export const PATIENT_COLUMNS: readonly Column<Patient>[] = [
  { name: 'patient_id', get: (p) => p.id },
  { name: 'given_name', get: (p) => p.demographics.given_name },
  { name: 'family_name', get: (p) => p.demographics.family_name },
  { name: 'age', get: (p) => p.demographics.age },
  { name: 'gender', get: (p) => p.gender },
  { name: 'nationality', get: (p) => p.nationality },
  { name: 'id_number', get: (p) => p.demographics.id_number },
  { name: 'rank', get: (p) => p.demographics.rank },
  { name: 'blood_type', get: (p) => p.demographics.blood_type },
  { name: 'front', get: (p) => p.front },
  { name: 'injury_type', get: (p) => p.injury_type },
  { name: 'triage', get: (p) => p.triage_category },
  { name: 'primary_condition_code', get: (p) => p.primary_condition.code },
  { name: 'primary_condition', get: (p) => p.primary_condition.display },
  { name: 'final_status', get: (p) => p.final_status },
  { name: 'last_facility', get: (p) => p.last_facility },
  { name: 'total_timeline_events', get: (p) => p.timeline_summary.total_events },
  { name: 'injury_timestamp', get: (p) => p.injury_timestamp },
  { name: 'casualty_event_id', get: (p) => p.casualty_event_id },
  { name: 'is_mass_casualty', get: (p) => p.is_mass_casualty },
  // ---- beyond the spec's minimum ----
  { name: 'uuid', get: (p) => p.uuid },
  { name: 'birthdate', get: (p) => p.demographics.birthdate },
  { name: 'service_number', get: (p) => p.demographics.service_number },
  { name: 'unit', get: (p) => p.demographics.unit },
  { name: 'religion', get: (p) => p.demographics.religion },
  { name: 'weight_kg', get: (p) => p.demographics.weight_kg },
  { name: 'height_cm', get: (p) => p.demographics.height_cm },
  { name: 'severity', get: (p) => p.primary_condition.severity },
  { name: 'primary_condition_codes', get: (p) => codes(p.primary_conditions) },
  { name: 'additional_condition_codes', get: (p) => codes(p.additional_conditions) },
  { name: 'body_part', get: (p) => p.body_part },
  { name: 'warfare_scenario', get: (p) => p.warfare_scenario },
  { name: 'day_of_injury', get: (p) => p.day_of_injury },
  { name: 'current_status', get: (p) => p.current_status },
  { name: 'total_duration_hours', get: (p) => p.timeline_summary.total_duration_hours },
  { name: 'facilities_visited', get: (p) => p.timeline_summary.facilities_visited.join(';') },
  { name: 'environmental_conditions', get: (p) => p.environmental_conditions.join(';') },
  { name: 'allergy_codes', get: (p) => codes(p.allergies) },
  { name: 'medication_codes', get: (p) => codes(p.medications) },
  // ---- the clinical model ----
  { name: 'mechanism', get: (p) => p.mechanism ?? '' },
  { name: 'iss', get: (p) => p.iss },
  { name: 'niss', get: (p) => p.niss },
  { name: 'injury_count', get: (p) => p.injuries.length },
  { name: 'injury_regions', get: (p) => p.injuries.map((i) => i.region).join(';') },
  { name: 'max_ais', get: maxAis },
  { name: 'primary_condition_icd10', get: (p) => p.primary_condition.icd10 },
  { name: 'primary_condition_icd10_display', get: (p) => p.primary_condition.icd10_display },
  { name: 'primary_condition_icd10_codes', get: (p) => icd10s(p.primary_conditions) },
  { name: 'additional_condition_icd10_codes', get: (p) => icd10s(p.additional_conditions) },
  { name: 'final_triage', get: (p) => p.final_triage },
  { name: 'triage_sequence', get: (p) => p.triage_assessments.map((a) => a.category).join(';') },
  { name: 'cause_of_death', get: (p) => p.cause_of_death ?? '' },
  { name: 'time_to_role1_hours', get: hoursToRole1 },
  { name: 'procedure_count', get: procedureCount },
];

/** A timeline event with the patient it belongs to. */
export interface TimelineRow {
  patient: Patient;
  index: number;
  event: TimelineEvent;
}

const opt = (v: Cell | undefined): Cell => v ?? '';

/** One row per timeline event (`timeline.csv`, the Timeline sheet). */
export const TIMELINE_COLUMNS: readonly Column<TimelineRow>[] = [
  { name: 'patient_id', get: (r) => r.patient.id },
  { name: 'uuid', get: (r) => r.patient.uuid },
  { name: 'event_index', get: (r) => r.index },
  { name: 'event_type', get: (r) => r.event.event_type },
  { name: 'facility', get: (r) => r.event.facility },
  { name: 'timestamp', get: (r) => r.event.timestamp },
  { name: 'hours_since_injury', get: (r) => r.event.hours_since_injury },
  { name: 'triage_category', get: (r) => opt(r.event.triage_category) },
  { name: 'evacuation_duration_hours', get: (r) => opt(r.event.evacuation_duration_hours) },
  { name: 'from_facility', get: (r) => opt(r.event.from_facility) },
  { name: 'to_facility', get: (r) => opt(r.event.to_facility) },
  { name: 'transit_duration_hours', get: (r) => opt(r.event.transit_duration_hours) },
  { name: 'timing', get: (r) => opt(r.event.timing) },
];

/** Calls `fn` for every timeline event of every patient, in order. */
export function forEachEvent(patients: readonly Patient[], fn: (row: TimelineRow) => void): void {
  const row: TimelineRow = { patient: patients[0] as Patient, index: 0, event: undefined as unknown as TimelineEvent };
  for (const p of patients) {
    row.patient = p;
    const events = p.movement_timeline;
    for (let i = 0; i < events.length; i++) {
      row.index = i;
      row.event = events[i] as TimelineEvent;
      fn(row);
    }
  }
}
