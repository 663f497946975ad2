import type { Facility, Patient, TreatmentRecord, TriageAssessment } from '../../engine/index.js';

export type VisitEnd = 'transfer' | 'death' | 'rtd' | 'remains';

/** One stay at one facility, read off the movement timeline. */
export interface Visit {
  facility: Facility;
  start: string;
  /** Absent while the patient is still there (Remains_Role4). */
  end?: string;
  outcome: VisitEnd;
  treatment?: TreatmentRecord;
  /** The triage made on arrival there. */
  triage?: TriageAssessment;
}

/** The patient's facility visits in order, each with its treatment record and triage. */
export function visitsOf(p: Patient): Visit[] {
  const visits: Visit[] = [];
  let current: Visit | undefined;
  for (const e of p.movement_timeline) {
    switch (e.event_type) {
      case 'arrival':
        current = { facility: e.facility, start: e.timestamp, outcome: 'remains' };
        visits.push(current);
        break;
      case 'transit_start':
        if (current) { current.end = e.timestamp; current.outcome = 'transfer'; }
        break;
      case 'kia':
      case 'dow':
      case 'died_dnbi':
        if (current && e.timing !== 'in_transit') { current.end = e.timestamp; current.outcome = 'death'; }
        break;
      case 'rtd':
        if (current) { current.end = e.timestamp; current.outcome = 'rtd'; }
        break;
      default:
        break;
    }
  }
  const history = p.treatment_history;
  for (let i = 0; i < visits.length; i++) {
    const v = visits[i] as Visit;
    const t = history[i];
    if (t && t.facility === v.facility) v.treatment = t;
    const a = p.triage_assessments.find((x) => x.facility === v.facility);
    if (a !== undefined) v.triage = a;
  }
  return visits;
}

/** The time of death (KIA, DOW or Died_DNBI), if the patient died. */
export function deathTime(p: Patient): string | undefined {
  for (const e of p.movement_timeline) if (e.event_type === 'kia' || e.event_type === 'dow' || e.event_type === 'died_dnbi') return e.timestamp;
  return undefined;
}

/** The time the patient returned to duty, if they did. */
export function rtdTime(p: Patient): string | undefined {
  for (const e of p.movement_timeline) if (e.event_type === 'rtd') return e.timestamp;
  return undefined;
}
