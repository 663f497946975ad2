/**
 * Reading viewer input (ui spec §2): a bare array of patients, `{metadata, patients}`, an API
 * results page, NDJSON, and items wrapped as `{patient:{…}}`; `final_status` or `status`,
 * `injury_timestamp` or `injury_time`. A patient that cannot be shown is kept in `rejected`
 * with the reason, never dropped silently.
 */

export const FACILITY_IDS = ['POI', 'R1', 'R2', 'R3', 'R4'] as const;
export type FacilityId = (typeof FACILITY_IDS)[number];
/** Final statuses; Died_DNBI is a disease or non-battle death (never KIA/DOW). */
export const OUTCOMES = ['KIA', 'DOW', 'RTD', 'Remains_Role4', 'Died_DNBI'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const EVENT_KINDS = ['arrival', 'evacuation_start', 'transit_start', 'kia', 'dow', 'rtd', 'remains_role4', 'died_dnbi'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ViewerEvent {
  kind: EventKind;
  facility: number;
  /** Hours since the patient's injury. */
  h: number;
  /** Stay (evacuation_start) or transit duration, hours. */
  duration?: number;
  /** transit_start: index of the destination facility. */
  to?: number;
  inTransit?: boolean;
}

export interface ViewerPatient {
  /** Position in the input (0-based). */
  index: number;
  id: string;
  given: string;
  family: string;
  nationality: string;
  triage: string;
  injuryType: string;
  front: string;
  status: Outcome | '';
  injuryMs: number;
  massCasualty: boolean;
  eventId: string;
  /** Sorted by `h`. */
  events: ViewerEvent[];
  /** The patient object as read (unwrapped), for its full record. */
  raw: Record<string, unknown>;
}

export interface Rejected {
  /** Position in the input (0-based item, or NDJSON line number − 1). */
  index: number;
  label: string;
  reason: string;
}

export type InputShape = 'array' | 'object' | 'results-page' | 'ndjson' | 'single';

export interface LoadResult {
  patients: ViewerPatient[];
  rejected: Rejected[];
  shape?: InputShape;
  metadata?: Record<string, unknown>;
  /** Events of unknown types that were skipped, by type. */
  ignoredEvents: Record<string, number>;
  /** The whole input was unusable: what was wrong. */
  error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** POI, R1, Role1, ROLE_1, "Role 1", POINT_OF_INJURY → index into FACILITY_IDS. */
export function facilityIndex(name: unknown): number {
  if (typeof name !== 'string') return -1;
  const upper = name.trim().toUpperCase().replace(/[\s-]+/g, '_');
  if (upper === 'POI' || upper === 'POINT_OF_INJURY') return 0;
  const m = /^(?:R|ROLE_?)([1-4])$/.exec(upper);
  return m ? Number(m[1]) : -1;
}

function parseTime(v: unknown): number {
  if (typeof v !== 'string' || v === '') return NaN;
  return Date.parse(v);
}

function statusOf(v: unknown): Outcome | '' | undefined {
  if (v === undefined || v === null) return '';
  const s = str(v).trim();
  const found = OUTCOMES.find((o) => o.toLowerCase() === s.toLowerCase());
  if (found) return found;
  if (/^remains/i.test(s)) return 'Remains_Role4';
  if (/^died[_ ]?dnbi$/i.test(s)) return 'Died_DNBI';
  return undefined;
}

function labelOf(item: unknown, index: number): string {
  if (isObject(item)) {
    const id = item.id ?? item.patient_id ?? item.uuid;
    if (id !== undefined) return `patient ${str(id)}`;
  }
  return `item ${index + 1}`;
}

type Reject = (reason: string) => null;

function readEvent(raw: unknown, at: number, injuryMs: number, reject: Reject, ignored: Record<string, number>): ViewerEvent | null | 'skip' {
  if (!isObject(raw)) return reject(`movement_timeline[${at}] is not an object`);
  const type = str(raw.event_type ?? raw.type).toLowerCase();
  if (!(EVENT_KINDS as readonly string[]).includes(type)) {
    const name = type || '(missing event_type)';
    ignored[name] = (ignored[name] ?? 0) + 1;
    return 'skip';
  }
  const kind = type as EventKind;
  const facility = facilityIndex(raw.facility ?? raw.from_facility);
  if (facility < 0) return reject(`movement_timeline[${at}] (${kind}) has no known facility (got ${JSON.stringify(raw.facility ?? null)})`);
  let h = typeof raw.hours_since_injury === 'number' ? raw.hours_since_injury : NaN;
  if (!Number.isFinite(h)) {
    const t = parseTime(raw.timestamp);
    if (Number.isFinite(t)) h = (t - injuryMs) / 3_600_000;
  }
  if (!Number.isFinite(h)) return reject(`movement_timeline[${at}] (${kind}) has neither hours_since_injury nor a valid timestamp`);
  const e: ViewerEvent = { kind, facility, h };
  if (kind === 'evacuation_start' && typeof raw.evacuation_duration_hours === 'number') e.duration = raw.evacuation_duration_hours;
  if (kind === 'transit_start') {
    const from = facilityIndex(raw.from_facility ?? raw.facility);
    const to = facilityIndex(raw.to_facility);
    if (from >= 0) e.facility = from;
    e.to = to >= 0 ? to : Math.min(e.facility + 1, 4);
    if (typeof raw.transit_duration_hours === 'number') e.duration = raw.transit_duration_hours;
  }
  if ((kind === 'kia' || kind === 'dow' || kind === 'died_dnbi') && raw.timing === 'in_transit') e.inTransit = true;
  return e;
}

/** One input item to a viewer patient, or null after calling reject with the reason. */
export function readPatient(item: unknown, index: number, reject: (r: Rejected) => void, ignored: Record<string, number>): ViewerPatient | null {
  const label = labelOf(item, index);
  const fail: Reject = (reason) => {
    reject({ index, label, reason });
    return null;
  };
  let p = item;
  if (isObject(p) && isObject(p.patient)) p = p.patient;
  if (!isObject(p)) return fail('is not a patient object');
  const injuryRaw = p.injury_timestamp ?? p.injury_time;
  if (injuryRaw === undefined) return fail('has no injury_timestamp or injury_time');
  const injuryMs = parseTime(injuryRaw);
  if (!Number.isFinite(injuryMs)) return fail(`has an unreadable injury time ${JSON.stringify(injuryRaw)}`);
  const timeline = p.movement_timeline ?? p.timeline;
  if (!Array.isArray(timeline)) return fail('has no movement_timeline array');
  const events: ViewerEvent[] = [];
  for (let i = 0; i < timeline.length; i++) {
    const e = readEvent(timeline[i], i, injuryMs, fail, ignored);
    if (e === null) return null;
    if (e !== 'skip') events.push(e);
  }
  if (events.length === 0) return fail('has no timeline events to show');
  const status = statusOf(p.final_status ?? p.status);
  if (status === undefined) return fail(`has an unknown final status ${JSON.stringify(p.final_status ?? p.status)}`);
  // Stable sort keeps same-time events in their written order.
  events.sort((a, b) => a.h - b.h);
  const demo = isObject(p.demographics) ? p.demographics : {};
  return {
    index,
    id: str(p.id ?? p.patient_id ?? p.uuid) || String(index),
    given: str(demo.given_name ?? p.given_name ?? p.first_name),
    family: str(demo.family_name ?? p.family_name ?? p.last_name),
    nationality: str(p.nationality ?? demo.nationality),
    triage: str(p.triage_category ?? p.triage),
    injuryType: str(p.injury_type),
    front: str(p.front),
    status,
    injuryMs,
    massCasualty: p.is_mass_casualty === true,
    eventId: str(p.casualty_event_id),
    events,
    raw: p,
  };
}

/** Reads an already-parsed list of items. */
export function readItems(items: readonly unknown[], shape: InputShape, metadata?: Record<string, unknown>): LoadResult {
  const patients: ViewerPatient[] = [];
  const rejected: Rejected[] = [];
  const ignoredEvents: Record<string, number> = {};
  items.forEach((item, i) => {
    const p = readPatient(item, i, (r) => rejected.push(r), ignoredEvents);
    if (p) patients.push(p);
  });
  const out: LoadResult = { patients, rejected, shape, ignoredEvents };
  if (metadata) out.metadata = metadata;
  if (items.length === 0) out.error = 'the input holds no patients';
  else if (patients.length === 0) out.error = `none of the ${items.length} patients can be shown (first problem: ${rejected[0]?.label} ${rejected[0]?.reason})`;
  return out;
}

function readNdjson(text: string): LoadResult {
  const items: unknown[] = [];
  const lineOf: number[] = [];
  const bad: Rejected[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      items.push(JSON.parse(line));
      lineOf.push(i);
    } catch {
      bad.push({ index: i, label: `line ${i + 1}`, reason: 'is not valid JSON' });
    }
  });
  if (items.length === 0) {
    return { patients: [], rejected: bad, ignoredEvents: {}, error: 'the file is neither JSON nor NDJSON (no line parses as JSON)' };
  }
  const r = readItems(items, 'ndjson');
  // Report NDJSON problems by line number, the position a person can find in the file.
  r.rejected = [...bad, ...r.rejected.map((x) => ({ ...x, index: lineOf[x.index] ?? x.index, label: `line ${(lineOf[x.index] ?? x.index) + 1} (${x.label})` }))]
    .sort((a, b) => a.index - b.index);
  for (const p of r.patients) p.index = lineOf[p.index] ?? p.index;
  if (r.patients.length === 0) {
    r.error = `none of the ${items.length + bad.length} lines holds a patient that can be shown (first problem: ${r.rejected[0]?.label} ${r.rejected[0]?.reason})`;
  }
  return r;
}

/** Reads a parsed JSON value of any accepted shape. */
export function readValue(value: unknown): LoadResult {
  if (Array.isArray(value)) return readItems(value, 'array');
  if (isObject(value)) {
    if (Array.isArray(value.patients)) {
      const meta = isObject(value.metadata) ? value.metadata : undefined;
      return readItems(value.patients, 'job_id' in value && 'total' in value ? 'results-page' : 'object', meta);
    }
    if (isObject(value.patient) || Array.isArray(value.movement_timeline)) return readItems([value], 'single');
    const keys = Object.keys(value).slice(0, 6).join(', ');
    return { patients: [], rejected: [], ignoredEvents: {}, error: `the JSON object has no "patients" array (its keys: ${keys || 'none'}); expected an array of patients, {metadata, patients} or NDJSON` };
  }
  return { patients: [], rejected: [], ignoredEvents: {}, error: `expected patients, got a JSON ${value === null ? 'null' : typeof value}` };
}

/** Reads text of any accepted shape: JSON first, then NDJSON. */
export function readText(text: string): LoadResult {
  const trimmed = text.trim();
  if (trimmed === '') return { patients: [], rejected: [], ignoredEvents: {}, error: 'the file is empty' };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    if (!trimmed.includes('\n')) return { patients: [], rejected: [], ignoredEvents: {}, error: `not valid JSON: ${(err as Error).message}` };
    return readNdjson(trimmed);
  }
  return readValue(value);
}
