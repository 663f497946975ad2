/**
 * The timeline viewer's engine (ui spec §2), pure and DOM-free. Patients are packed into flat
 * typed arrays once; the position of every patient at scenario time t is then a binary search
 * over that patient's sorted event times, so a frame over 10,000 patients costs well under a
 * millisecond and allocates nothing.
 *
 * Time: `t` is hours since the model's origin (00:00Z of the scenario's base date, or of the
 * earliest injury's day). Lanes: facility f is lane 2f, the transit leaving f is lane 2f + 1.
 */
import { FACILITY_IDS, OUTCOMES, type EventKind, type Outcome, type ViewerPatient } from './input.js';

export const LANE_COUNT = 9;
export const LANE_LABELS = ['POI', 'POI → R1', 'R1', 'R1 → R2', 'R2', 'R2 → R3', 'R3', 'R3 → R4', 'R4'] as const;
export const isTransitLane = (lane: number): boolean => lane % 2 === 1;
export const facilityLane = (facility: number): number => facility * 2;

export const DEFAULT_LINGER_HOURS = 2;
const HOUR_MS = 3_600_000;

/** Where a patient is at some time. */
export const Phase = {
  Hidden: 0,
  /** Arrived, under treatment. */
  Treatment: 1,
  /** The stay is over and a transit is next. */
  Awaiting: 2,
  Transit: 3,
  /** Outcome (KIA/DOW/RTD) shown at the facility during the linger. */
  Outcome: 4,
  /** Outcome older than the linger: counted in the column's tally only. */
  Done: 5,
  /** Remains under definitive care at R4. */
  Remains: 6,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const PHASE_TEXT: Record<Phase, string> = {
  [Phase.Hidden]: 'not yet injured',
  [Phase.Treatment]: 'in treatment',
  [Phase.Awaiting]: 'awaiting evacuation',
  [Phase.Transit]: 'in transit',
  [Phase.Outcome]: 'outcome',
  [Phase.Done]: 'done',
  [Phase.Remains]: 'remains at R4',
};

const KIND_CODE: Record<EventKind, number> = {
  arrival: 0, evacuation_start: 1, transit_start: 2, kia: 3, dow: 4, rtd: 5, remains_role4: 6, died_dnbi: 7,
};
/** Event code → outcome index in OUTCOMES, or -1. */
const OUTCOME_OF_CODE = [-1, -1, -1, 0, 1, 2, 3, 4];
/** Outcome indices: Remains at Role 4 (no linger, no tally) and the disease/non-battle death. */
export const REMAINS = 3;
export const DIED_DNBI = 4;

export interface Model {
  patients: readonly ViewerPatient[];
  count: number;
  originMs: number;
  /** Injury time of each patient, hours since origin. */
  injury: Float64Array;
  /** Events of patient i are evStart[i] … evStart[i+1]−1. */
  evStart: Int32Array;
  /** Absolute event time, hours since origin. */
  evT: Float64Array;
  evCode: Uint8Array;
  evFacility: Uint8Array;
  evDuration: Float64Array;
  evInTransit: Uint8Array;
  /** Final outcome index in OUTCOMES per patient, −1 when unknown. */
  finalOutcome: Int8Array;
  triage: Uint8Array;
  /** First injury and last event (+ linger), hours since origin. */
  start: number;
  end: number;
  /** Start times of mass-casualty events (earliest injury per event id), ascending. */
  massCasualtyTimes: number[];
}

export const TRIAGES = ['T1', 'T2', 'T3', 'T4'] as const;

function utcMidnight(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Packs patients for fast playback. `baseDate` (YYYY-MM-DD) fixes the origin when known. */
export function buildModel(patients: readonly ViewerPatient[], baseDate?: string): Model {
  const n = patients.length;
  let first = Infinity;
  let events = 0;
  for (const p of patients) {
    if (p.injuryMs < first) first = p.injuryMs;
    events += p.events.length;
  }
  const base = baseDate && /^\d{4}-\d{2}-\d{2}$/.test(baseDate) ? Date.parse(`${baseDate}T00:00:00Z`) : NaN;
  const originMs = Number.isFinite(base) && base <= first ? base : Number.isFinite(first) ? utcMidnight(first) : 0;
  const m: Model = {
    patients, count: n, originMs,
    injury: new Float64Array(n), evStart: new Int32Array(n + 1),
    evT: new Float64Array(events), evCode: new Uint8Array(events), evFacility: new Uint8Array(events),
    evDuration: new Float64Array(events), evInTransit: new Uint8Array(events),
    finalOutcome: new Int8Array(n), triage: new Uint8Array(n),
    start: 0, end: 0, massCasualtyTimes: [],
  };
  let k = 0;
  let start = Infinity;
  let end = 0;
  const mc = new Map<string, number>();
  patients.forEach((p, i) => {
    const inj = (p.injuryMs - originMs) / HOUR_MS;
    m.injury[i] = inj;
    m.evStart[i] = k;
    for (const e of p.events) {
      m.evT[k] = inj + e.h;
      m.evCode[k] = KIND_CODE[e.kind];
      m.evFacility[k] = e.facility;
      m.evDuration[k] = e.duration ?? NaN;
      m.evInTransit[k] = e.inTransit ? 1 : 0;
      k++;
    }
    const last = m.evT[k - 1] ?? inj;
    if (inj < start) start = inj;
    if (last > end) end = last;
    m.finalOutcome[i] = p.status === '' ? -1 : OUTCOMES.indexOf(p.status);
    const tri = TRIAGES.indexOf(p.triage as (typeof TRIAGES)[number]);
    m.triage[i] = tri < 0 ? 255 : tri;
    if (p.massCasualty) {
      const key = p.eventId || `t${inj}`;
      const seen = mc.get(key);
      if (seen === undefined || inj < seen) mc.set(key, inj);
    }
  });
  m.evStart[n] = k;
  m.start = n > 0 ? start : 0;
  m.end = n > 0 ? end + DEFAULT_LINGER_HOURS : 0;
  m.massCasualtyTimes = [...new Set(mc.values())].sort((a, b) => a - b);
  return m;
}

/** Index of the last event of patient i with time ≤ t, or −1. */
export function lastEventAt(m: Model, i: number, t: number): number {
  let lo = m.evStart[i] as number;
  let hi = (m.evStart[i + 1] as number) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((m.evT[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export interface Position {
  phase: Phase;
  lane: number;
  /** OUTCOMES index for Outcome/Done/Remains, else −1. */
  outcome: number;
  /** The deciding event's index, −1 when none. */
  event: number;
}

/** Position of patient i at time t (hours since origin), with outcome linger in hours. */
export function positionAt(m: Model, i: number, t: number, linger = DEFAULT_LINGER_HOURS, out: Position = { phase: Phase.Hidden, lane: -1, outcome: -1, event: -1 }): Position {
  out.outcome = -1;
  out.event = -1;
  if (t < (m.injury[i] as number)) {
    out.phase = Phase.Hidden;
    out.lane = -1;
    return out;
  }
  const k = lastEventAt(m, i, t);
  if (k < 0) {
    // Injured, first event still ahead (e.g. a discovery delay): lying at the point of injury.
    out.phase = Phase.Treatment;
    out.lane = 0;
    return out;
  }
  out.event = k;
  const code = m.evCode[k] as number;
  const lane = facilityLane(m.evFacility[k] as number);
  if (code === 2) {
    out.phase = Phase.Transit;
    out.lane = lane + 1;
  } else if (code === 6) {
    out.phase = Phase.Remains;
    out.lane = lane;
    out.outcome = REMAINS;
  } else if (code >= 3) {
    out.phase = t - (m.evT[k] as number) < linger ? Phase.Outcome : Phase.Done;
    out.lane = lane;
    out.outcome = OUTCOME_OF_CODE[code] as number;
  } else {
    out.lane = lane;
    out.phase = Phase.Treatment;
    if (code === 1) {
      const next = k + 1 < (m.evStart[i + 1] as number) ? (m.evCode[k + 1] as number) : -1;
      const stay = m.evDuration[k] as number;
      if (next === 2 && Number.isFinite(stay) && t >= (m.evT[k] as number) + stay) out.phase = Phase.Awaiting;
    }
  }
  return out;
}

/** Counts of one frame. Reused between frames: create once with createSnapshot. */
export interface Snapshot {
  t: number;
  /** Patients considered (after filters). */
  total: number;
  injured: number;
  active: number;
  /** Outcomes that have happened by t, by OUTCOMES index (KIA, DOW, RTD, Remains_Role4, Died_DNBI). */
  outcomesSoFar: Int32Array;
  /** Final outcomes of the considered patients. */
  outcomesFinal: Int32Array;
  /** Active patients per triage T1…T4. */
  activeByTriage: Int32Array;
  /** Patients shown in each lane now (treatment, awaiting, transit, lingering outcome, remains). */
  laneCount: Int32Array;
  /** Per lane: indices of the shown patients, in input order; laneMembers[l].subarray(0, laneCount[l]). */
  laneMembers: Int32Array[];
  /** Per facility column (lane index), tallies after the linger by OUTCOMES index (KIA, DOW, RTD, —, Died_DNBI). */
  tally: Int32Array[];
  phase: Uint8Array;
  outcome: Int8Array;
  lane: Int8Array;
}

export function createSnapshot(m: Model): Snapshot {
  return {
    t: 0, total: 0, injured: 0, active: 0,
    outcomesSoFar: new Int32Array(OUTCOMES.length), outcomesFinal: new Int32Array(OUTCOMES.length), activeByTriage: new Int32Array(4),
    laneCount: new Int32Array(LANE_COUNT),
    laneMembers: Array.from({ length: LANE_COUNT }, () => new Int32Array(m.count)),
    tally: Array.from({ length: LANE_COUNT }, () => new Int32Array(OUTCOMES.length)),
    phase: new Uint8Array(m.count), outcome: new Int8Array(m.count), lane: new Int8Array(m.count),
  };
}

/**
 * Fills `s` with the state at time t. `mask[i] === 0` leaves patient i out of every count
 * (filters). An outcome counts as "so far" from its event time; it moves into its column's
 * tally once the linger is over.
 */
export function computeSnapshot(m: Model, t: number, s: Snapshot, linger = DEFAULT_LINGER_HOURS, mask?: Uint8Array): Snapshot {
  s.t = t;
  s.total = 0;
  s.injured = 0;
  s.active = 0;
  s.outcomesSoFar.fill(0);
  s.outcomesFinal.fill(0);
  s.activeByTriage.fill(0);
  s.laneCount.fill(0);
  for (const row of s.tally) row.fill(0);
  const pos: Position = { phase: Phase.Hidden, lane: -1, outcome: -1, event: -1 };
  for (let i = 0; i < m.count; i++) {
    if (mask !== undefined && mask[i] === 0) {
      s.phase[i] = Phase.Hidden;
      continue;
    }
    s.total++;
    const fo = m.finalOutcome[i] as number;
    if (fo >= 0) (s.outcomesFinal[fo] as number)++;
    positionAt(m, i, t, linger, pos);
    s.phase[i] = pos.phase;
    s.outcome[i] = pos.outcome;
    s.lane[i] = pos.lane;
    if (pos.phase === Phase.Hidden) continue;
    s.injured++;
    if (pos.outcome >= 0) s.outcomesSoFar[pos.outcome] = (s.outcomesSoFar[pos.outcome] as number) + 1;
    if (pos.phase === Phase.Done) {
      const row = s.tally[pos.lane] as Int32Array;
      row[pos.outcome] = (row[pos.outcome] as number) + 1;
      continue;
    }
    if (pos.phase !== Phase.Outcome) {
      s.active++;
      const tri = m.triage[i] as number;
      if (tri < 4) s.activeByTriage[tri] = (s.activeByTriage[tri] as number) + 1;
    }
    const c = s.laneCount[pos.lane] as number;
    (s.laneMembers[pos.lane] as Int32Array)[c] = i;
    s.laneCount[pos.lane] = c + 1;
  }
  return s;
}

/** The first mass-casualty start strictly after t (with a small tolerance), or undefined. */
export function nextMassCasualty(m: Model, t: number): number | undefined {
  const times = m.massCasualtyTimes;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t + 1e-6) lo = mid + 1;
    else hi = mid;
  }
  return times[lo];
}

/** Patients at each facility (treatment, awaiting, lingering outcome, remains) every `step` hours. */
export function facilityLoad(m: Model, step = 1, linger = DEFAULT_LINGER_HOURS): { t: number; load: number[] }[] {
  const out: { t: number; load: number[] }[] = [];
  if (m.count === 0) return out;
  const s = createSnapshot(m);
  const from = Math.floor(m.start / step) * step;
  for (let t = from; t <= m.end + 1e-9; t += step) {
    computeSnapshot(m, t, s, linger);
    out.push({ t, load: FACILITY_IDS.map((_, f) => s.laneCount[facilityLane(f)] as number) });
  }
  return out;
}

/** "Day N HH:MM" of a model time (Day 1 starts at the origin). */
export function clockLabel(t: number): string {
  const minutes = Math.floor(t * 60 + 1e-6);
  const day = Math.floor(minutes / 1440) + 1;
  const hh = Math.floor((minutes % 1440) / 60);
  const mm = minutes % 60;
  return `Day ${day} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

export function outcomeName(index: number): Outcome | '' {
  return OUTCOMES[index] ?? '';
}
