import { generateRange, type Run } from './run.js';
import type { Facility, NationCode, Patient } from './types.js';

/**
 * The casualty events of a run on one timeline, for exercises that release them as the clock
 * runs (docs/exercise-feed.md). Every event is derived from the patient record alone, so the
 * timeline of a scenario and seed is always the same: same events, same order, same ids.
 */
export const CASUALTY_EVENT_TYPES = ['injury', 'arrival', 'triage', 'treatment', 'transit_start', 'death', 'rtd'] as const;
export type CasualtyEventType = (typeof CASUALTY_EVENT_TYPES)[number];

export interface CasualtyEvent {
  /** 1-based position on the run's timeline. */
  seq: number;
  /** `p{patient id}-{n}`: the patient's n-th event (stable for a scenario and seed). */
  id: string;
  type: CasualtyEventType;
  /** Scenario time, ISO 8601 UTC to the second. */
  time: string;
  /** Seconds after the run's first injury (T+0). */
  offset: number;
  patient_id: number;
  patient_uuid: string;
  front: string;
  nation: NationCode;
  /** Where it happens: POI, R1…R4. */
  role: Facility;
  /** What the event is about; its fields depend on `type` (docs/exercise-feed.md). */
  detail: Record<string, unknown>;
}

/** Events of one patient at the same second come in care order. */
const RANK: Record<CasualtyEventType, number> = { injury: 0, arrival: 1, triage: 2, treatment: 3, transit_start: 4, death: 5, rtd: 5 };

type Draft = Pick<CasualtyEvent, 'type' | 'time' | 'role' | 'detail'>;

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** One patient's events in care order, each with its time in epoch seconds (parsed once). */
function timedEvents(p: Patient): { d: Draft; t: number }[] {
  const out: Draft[] = [];
  const worst = p.injuries[0];
  out.push({
    type: 'injury', time: p.injury_timestamp, role: 'POI',
    detail: {
      injury_type: p.injury_type, mechanism: p.mechanism, condition: worst ? worst.condition.display : p.primary_condition.display,
      casualty_event_id: p.casualty_event_id, mass_casualty: p.is_mass_casualty,
    },
  });
  for (const m of p.movement_timeline) {
    if (m.event_type === 'arrival') out.push({ type: 'arrival', time: m.timestamp, role: m.facility, detail: {} });
    else if (m.event_type === 'transit_start') {
      out.push({ type: 'transit_start', time: m.timestamp, role: m.facility, detail: { from: m.from_facility ?? m.facility, to: m.to_facility ?? null, transit_hours: m.transit_duration_hours ?? null } });
    } else if (m.event_type === 'kia' || m.event_type === 'dow' || m.event_type === 'died_dnbi') {
      out.push({ type: 'death', time: m.timestamp, role: m.facility, detail: { kind: m.event_type, cause: p.cause_of_death, timing: m.timing ?? 'at_facility' } });
    } else if (m.event_type === 'rtd') out.push({ type: 'rtd', time: m.timestamp, role: m.facility, detail: {} });
  }
  for (const t of p.triage_assessments) {
    out.push({ type: 'triage', time: t.time, role: t.facility, detail: { category: t.category, algorithm: t.algorithm, expectant: t.expectant } });
  }
  for (const visit of p.treatment_history) {
    for (const t of visit.treatments) {
      out.push({ type: 'treatment', time: t.time, role: visit.facility, detail: { kind: t.kind, code: t.code, display: t.display } });
    }
  }
  // Stable: same-second events of one kind keep their record order.
  return out.map((d) => ({ d, t: epochSeconds(d.time) })).sort((a, b) => a.t - b.t || RANK[a.d.type] - RANK[b.d.type]);
}

/** One patient's events, in care order, without their place on the run's timeline. */
export function patientEvents(p: Patient): Draft[] {
  return timedEvents(p).map((x) => x.d);
}

/**
 * Every casualty event of the run, in release order: by time, then patient id, then care order.
 * `offset` counts from the first injury, so an exercise starting its clock at StartEx releases
 * the first casualty at once. Memory is O(events): exercises cap their patient count.
 */
export function casualtyTimeline(run: Run): CasualtyEvent[] {
  const events: CasualtyEvent[] = [];
  let first = Infinity;
  for (const p of generateRange(run)) {
    const timed = timedEvents(p);
    first = Math.min(first, (timed[0] as { t: number }).t);
    for (let n = 0; n < timed.length; n++) {
      const { d, t } = timed[n] as { d: Draft; t: number };
      // One literal shape for every event (fields in the interface's order): no spreads, one hidden class.
      events.push({
        seq: 0, id: `p${p.id}-${n + 1}`, type: d.type, time: d.time, offset: t, patient_id: p.id, patient_uuid: p.uuid,
        front: p.front, nation: p.nationality, role: d.role, detail: d.detail,
      });
    }
  }
  // Array#sort is stable: a patient's same-second events keep their care order.
  events.sort((a, b) => a.offset - b.offset || a.patient_id - b.patient_id);
  for (let k = 0; k < events.length; k++) {
    const e = events[k] as CasualtyEvent;
    e.seq = k + 1;
    e.offset -= first;
  }
  return events;
}
