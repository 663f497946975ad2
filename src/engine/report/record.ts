/**
 * Reduces one patient record — ours (domain spec §6) or a v1-shaped one — to the few facts the
 * realism report counts, or to the reason it cannot be counted. Pure and allocation-light.
 */
import type { FinalStatus, InjuryType, Triage } from '../types.js';

/** What the report needs from one patient. */
export interface ReportRecord {
  finalStatus: FinalStatus;
  injuryType: InjuryType;
  triage: Triage;
  /** Arrived at R1 or a later role (DOW and Remains_Role4 imply it). */
  reachedR1: boolean;
  /** UTC hour of the injury, 0–23. */
  hour: number;
  /** "Day N", or "(unknown)". */
  day: string;
  /** Nation code, or "(unknown)". */
  nationality: string;
  /** Front name, or "(unknown)". */
  front: string;
}

export type Normalised = { ok: true; record: ReportRecord } | { ok: false; reason: RejectReason };

/** Fixed set of reasons, so the rejection table stays small whatever the input. */
export type RejectReason =
  | 'not_an_object'
  | 'missing_final_status'
  | 'invalid_final_status'
  | 'missing_injury_type'
  | 'invalid_injury_type'
  | 'missing_triage_category'
  | 'invalid_triage_category'
  | 'missing_injury_timestamp'
  | 'invalid_injury_timestamp';

export const UNKNOWN = '(unknown)';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** First of the values that is present (not undefined / null). */
function first(...values: unknown[]): unknown {
  for (const v of values) if (v !== undefined && v !== null) return v;
  return undefined;
}

/** Upper-case, with runs of blanks, hyphens and dots turned into one underscore. */
function key(s: string): string {
  return s.trim().toUpperCase().replace(/[\s\-.]+/g, '_');
}

const STATUS_ALIASES: Record<string, FinalStatus> = {
  KIA: 'KIA', KILLED_IN_ACTION: 'KIA',
  DOW: 'DOW', DIED_OF_WOUNDS: 'DOW',
  RTD: 'RTD', RETURNED_TO_DUTY: 'RTD', RETURN_TO_DUTY: 'RTD',
  DIED_DNBI: 'Died_DNBI', DIED_DISEASE_NON_BATTLE: 'Died_DNBI', DIED_DISEASE_OR_NON_BATTLE: 'Died_DNBI',
  REMAINS_ROLE4: 'Remains_Role4', REMAINS_ROLE_4: 'Remains_Role4', REMAINS_R4: 'Remains_Role4',
  // v1 `status` held the last facility for patients still under definitive care.
  R4: 'Remains_Role4', ROLE4: 'Remains_Role4', ROLE_4: 'Remains_Role4',
};

const INJURY_ALIASES: Record<string, InjuryType> = {
  BATTLE_TRAUMA: 'BATTLE_TRAUMA', BATTLE_INJURY: 'BATTLE_TRAUMA', BATTLE: 'BATTLE_TRAUMA', BI: 'BATTLE_TRAUMA', BT: 'BATTLE_TRAUMA',
  NON_BATTLE: 'NON_BATTLE', NON_BATTLE_INJURY: 'NON_BATTLE', NBI: 'NON_BATTLE',
  DISEASE: 'DISEASE', DIS: 'DISEASE',
};

const TRIAGE_ALIASES: Record<string, Triage> = {
  T1: 'T1', '1': 'T1', IMMEDIATE: 'T1',
  T2: 'T2', '2': 'T2', DELAYED: 'T2',
  T3: 'T3', '3': 'T3', MINIMAL: 'T3',
  T4: 'T4', '4': 'T4', EXPECTANT: 'T4',
};

function lookup<T>(table: Record<string, T>, v: unknown): T | undefined {
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return undefined;
  const k = key(v);
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

/** Role number of a facility name: POI → 0, R1 / Role1 / "Role 1" → 1 … ; undefined if unknown. */
export function facilityRank(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const k = key(v);
  if (k === 'POI') return 0;
  const m = /^(?:R|ROLE)_?([1-4])$/.exec(k);
  return m ? Number(m[1]) : undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * UTC hour of an ISO 8601 date-time. With `Z` or no zone the hour is read from the string
 * (no zone is taken as UTC, never as local time); an explicit offset is applied. Independent
 * of the process time zone. Undefined when the text is not a valid date-time.
 */
export function utcHour(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = ISO.exec(v.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  const hour = Number(h);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s ?? 0));
  const back = new Date(ms);
  // Reject overflowing fields (month 13, 25:00, Feb 30…) that Date.UTC would roll over.
  const same = back.getUTCMonth() === Number(mo) - 1 && back.getUTCDate() === Number(d)
    && back.getUTCHours() === hour && back.getUTCMinutes() === Number(mi);
  if (!same) return undefined;
  if (zone === undefined || zone.toUpperCase() === 'Z') return hour;
  const off = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) as RegExpExecArray;
  const minutes = (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3]));
  return new Date(ms - minutes * 60_000).getUTCHours();
}

function dayKey(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v)) return `Day ${v}`;
  if (typeof v !== 'string' || v.trim() === '') return UNKNOWN;
  const m = /^day\s*(\d+)$/i.exec(v.trim());
  return m ? `Day ${Number(m[1])}` : v.trim().slice(0, 40);
}

function label(v: unknown, upper: boolean): string {
  if (typeof v !== 'string' || v.trim() === '') return UNKNOWN;
  const s = v.trim().slice(0, 80);
  return upper ? s.toUpperCase() : s;
}

function reachedR1(p: Obj, status: FinalStatus): boolean {
  if (status === 'DOW' || status === 'Remains_Role4') return true;
  const timeline = p['movement_timeline'];
  if (Array.isArray(timeline)) {
    for (const e of timeline) {
      if (isObj(e) && e['event_type'] === 'arrival' && (facilityRank(e['facility']) ?? 0) >= 1) return true;
    }
  }
  const summary = isObj(p['timeline_summary']) ? p['timeline_summary'] : {};
  const visited = summary['facilities_visited'];
  if (Array.isArray(visited) && visited.some((f) => (facilityRank(f) ?? 0) >= 1)) return true;
  return (facilityRank(first(p['last_facility'], summary['last_facility'])) ?? 0) >= 1;
}

/** Turns one record into the report's facts, or names why it cannot be counted. */
export function normaliseRecord(input: unknown): Normalised {
  if (!isObj(input)) return { ok: false, reason: 'not_an_object' };
  const p = input;
  const summary = isObj(p['timeline_summary']) ? p['timeline_summary'] : {};

  const rawStatus = first(p['final_status'], p['status'], summary['final_status']);
  if (rawStatus === undefined) return { ok: false, reason: 'missing_final_status' };
  const finalStatus = lookup(STATUS_ALIASES, rawStatus);
  if (!finalStatus) return { ok: false, reason: 'invalid_final_status' };

  const rawInjury = p['injury_type'];
  if (rawInjury === undefined || rawInjury === null) return { ok: false, reason: 'missing_injury_type' };
  const injuryType = lookup(INJURY_ALIASES, rawInjury);
  if (!injuryType) return { ok: false, reason: 'invalid_injury_type' };

  const rawTriage = first(p['triage_category'], p['triage']);
  if (rawTriage === undefined) return { ok: false, reason: 'missing_triage_category' };
  const triage = lookup(TRIAGE_ALIASES, rawTriage);
  if (!triage) return { ok: false, reason: 'invalid_triage_category' };

  const rawTime = first(p['injury_timestamp'], p['injury_time']);
  if (rawTime === undefined) return { ok: false, reason: 'missing_injury_timestamp' };
  const hour = utcHour(rawTime);
  if (hour === undefined) return { ok: false, reason: 'invalid_injury_timestamp' };

  const demographics = isObj(p['demographics']) ? p['demographics'] : {};
  return {
    ok: true,
    record: {
      finalStatus,
      injuryType,
      triage,
      reachedR1: reachedR1(p, finalStatus),
      hour,
      day: dayKey(p['day_of_injury']),
      nationality: label(first(p['nationality'], demographics['nationality']), true),
      front: label(p['front'], false),
    },
  };
}
