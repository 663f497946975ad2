/**
 * The words of the scenario form for a machine path: `front_configs[1].nationality_distribution`
 * is "Front 2 (Estonia)", `days_of_fighting` is "Days of fighting". parseScenario words every
 * message with them, so the CLI, the API and the form say the same thing, while the path stays
 * beside the message for programs.
 */
import {
  ENVIRONMENTAL_CONDITIONS, SPECIAL_EVENTS, WARFARE_TYPES, type Facility, type InjuryType,
} from '../types.js';
import { roleFromName, transitFromKey } from './aliases.js';
import { isPlainObject, type ValidationIssue } from './check.js';
import { NATION_NAMES } from './defaults.js';
import { INJURY_KEYS } from './schema.js';

const TOP: Readonly<Record<string, string>> = {
  name: 'Name', description: 'Description', total_patients: 'Patients', count: 'Patients', seed: 'Seed',
  days_of_fighting: 'Days of fighting', duration_days: 'Days of fighting', base_date: 'Base date',
  warfare_types: 'Warfare types', intensity: 'Intensity', tempo: 'Tempo', special_events: 'Special events',
  environmental_conditions: 'Environmental conditions', injury_mix: 'Injury mix', injury_distribution: 'Injury mix',
  front_configs: 'Fronts', facility_configs: 'Facility rates', evacuation_times: 'Evacuation times',
  transit_times: 'Transit times', exact_quotas: 'Exact quotas', female_ratio: 'Female share', timezone: 'Time zone', metadata: 'Metadata',
};

const FLAGS: Readonly<Record<string, readonly string[]>> = {
  warfare_types: WARFARE_TYPES, special_events: SPECIAL_EVENTS, environmental_conditions: ENVIRONMENTAL_CONDITIONS,
};

/** Injury types as the form names them. */
export const INJURY_LABELS: Readonly<Record<InjuryType, string>> = {
  BATTLE_TRAUMA: 'Battle injury', NON_BATTLE: 'Non-battle injury', DISEASE: 'Disease',
};

/** Roles as the form names them. */
export const ROLE_LABELS: Readonly<Record<Facility, string>> = {
  POI: 'Point of injury', R1: 'Role 1', R2: 'Role 2', R3: 'Role 3', R4: 'Role 4',
};

const FRONT_FIELDS: Readonly<Record<string, string>> = { id: 'id', name: 'name', casualty_rate: 'casualty rate', location: 'location', call_sign: 'call sign' };
const TRIAGE_ROWS = ['T1', 'T2', 'T3'];

type Segment = string | number;

/** `a.b[1]["odd key"]` → ['a', 'b', 1, 'odd key'] */
function segments(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /(?:^|\.)([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

const humanise = (key: string): string => key.replace(/_/g, ' ');

/**
 * How to name the value at a path: `subject` before "must …" / "is …" ("Front 2 (Estonia)
 * nationalities must be …"), `context` before a sentence of its own ("Front 2 (Estonia):
 * nationality percentages sum to 90 …"). Empty when the path names nothing the form shows.
 */
interface Label { subject: string; context: string }

/** A table's own entry for a user-given key (never an Object.prototype member such as "toString"). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const same = (text: string): Label => ({ subject: text, context: text });

function frontName(entry: unknown, i: number): string {
  const named = isPlainObject(entry) ? [entry.name, entry.id].find((v) => typeof v === 'string' && v.trim() !== '') : undefined;
  return `Front ${i + 1}${named === undefined ? '' : ` (${String(named)})`}`;
}

function frontLabel(rest: Segment[], entry: unknown, i: number): Label {
  const front = frontName(entry, i);
  const [field, j, sub] = rest;
  if (field === undefined || typeof field === 'number') return same(front);
  if (field !== 'nationality_distribution') {
    const label = own(FRONT_FIELDS, field);
    return label ? same(`${front} ${label}`) : same(front);
  }
  if (typeof j !== 'number') return { subject: `${front} nationalities`, context: front };
  const rows = isPlainObject(entry) && Array.isArray(entry.nationality_distribution) ? entry.nationality_distribution : [];
  const row: unknown = rows[j];
  const code = isPlainObject(row) && typeof row.nationality_code === 'string' ? row.nationality_code : undefined;
  const nation = `${front}, nation ${j + 1}${code !== undefined && own(NATION_NAMES, code) !== undefined ? ` (${own(NATION_NAMES, code) as string})` : ''}`;
  return sub === 'percentage' ? same(`${nation} percentage`) : same(nation);
}

function facilityLabel(rest: Segment[], entry: unknown, i: number): Label {
  const role = isPlainObject(entry) && typeof entry.id === 'string' ? roleFromName(entry.id) : undefined;
  const name = role === undefined ? `Facility override ${i + 1}` : ROLE_LABELS[role];
  const [field] = rest;
  if (field === 'kia_rate') return same(`${name} death rate`);
  if (field === 'rtd_rate') return same(`${name} RTD rate`);
  if (field === 'id') return same(`${name} role`);
  return same(role === undefined ? name : `${name} rates`);
}

function timingLabel(top: string, rest: Segment[], parent: string): Label {
  const [key, triage, bound] = rest;
  if (typeof key !== 'string') return same(parent);
  let name: string;
  if (top === 'evacuation_times') {
    const role = roleFromName(key);
    if (role === undefined) return same(parent);
    name = `Evacuation time at ${ROLE_LABELS[role]}`;
  } else {
    const t = transitFromKey(key);
    if ('error' in t) return same(parent);
    const [from, to] = t.transit.split('-') as [Facility, Facility];
    name = `Transit ${ROLE_LABELS[from]} → ${ROLE_LABELS[to]}`;
  }
  if (typeof triage !== 'string' || !TRIAGE_ROWS.includes(triage)) return same(name);
  if (bound === 'min_hours') return same(`${name}, ${triage} minimum hours`);
  if (bound === 'max_hours') return same(`${name}, ${triage} maximum hours`);
  return same(`${name}, ${triage}`);
}

function labelOf(path: string, input: Record<string, unknown>): Label {
  const [top, ...rest] = segments(path);
  const parent = typeof top === 'string' ? own(TOP, top) : undefined;
  if (typeof top !== 'string' || parent === undefined) return same('');
  const [first] = rest;
  if (first === undefined) return same(parent);
  const value = input[top];
  const flags = own(FLAGS, top);
  if (flags) return same(typeof first === 'string' && flags.includes(first) ? `${parent}, ${humanise(first)}` : parent);
  if (top === 'injury_mix' || top === 'injury_distribution') {
    const type = typeof first === 'string' ? own(INJURY_KEYS as Record<string, InjuryType>, first) : undefined;
    return same(type === undefined ? parent : `${parent}, ${INJURY_LABELS[type]}`);
  }
  if (typeof first === 'number' && Array.isArray(value)) {
    if (top === 'front_configs') return frontLabel(rest.slice(1), value[first], first);
    if (top === 'facility_configs') return facilityLabel(rest.slice(1), value[first], first);
  }
  if (top === 'evacuation_times' || top === 'transit_times') return timingLabel(top, rest, parent);
  return same(parent);
}

/** The message with the form's name of its field in front: "Days of fighting must be …". */
export function wordIssue(issue: ValidationIssue, input: Record<string, unknown>): ValidationIssue {
  const label = labelOf(issue.path, input);
  if (label.subject === '') return issue;
  const message = /^(must|is|are)\b/.test(issue.message) ? `${label.subject} ${issue.message}` : `${label.context}: ${issue.message}`;
  return { path: issue.path, message };
}
