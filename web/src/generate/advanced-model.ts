/**
 * Reads and writes the advanced part of the scenario: per-role death and RTD rates
 * (`facility_configs`) and the stay and transit timing tables. A value not given in the
 * scenario shows the engine's default; editing one writes an override under the v1 key.
 */
import {
  DEFAULT_EVACUATION_TIMES, DEFAULT_FACILITY_RATES, DEFAULT_TRANSIT_TIMES, roleFromName, transitFromKey, V1_ROLE_KEYS, V1_TRANSIT_KEYS,
  type Facility, type TimedTriage, type Transit,
} from '../../../src/engine/browser.js';
import { isObject, type ScenarioJson } from './scenario-model.js';

export const ROLES: readonly Facility[] = ['POI', 'R1', 'R2', 'R3', 'R4'];
export const TRANSIT_KEYS: readonly Transit[] = ['POI-R1', 'R1-R2', 'R2-R3', 'R3-R4'];
export const TIMED: readonly TimedTriage[] = ['T1', 'T2', 'T3'];
export type RateField = 'kia_rate' | 'rtd_rate';
export type Bound = 'min_hours' | 'max_hours';
export type TimingKind = 'evac' | 'transit';

export interface Shown {
  value: unknown;
  overridden: boolean;
}

function facilityEntries(s: ScenarioJson): unknown[] {
  return Array.isArray(s.facility_configs) ? s.facility_configs : [];
}

export function facilityRate(s: ScenarioJson, role: Facility, field: RateField): Shown {
  for (const e of facilityEntries(s)) {
    if (isObject(e) && typeof e.id === 'string' && roleFromName(e.id) === role && e[field] !== undefined) return { value: e[field], overridden: true };
  }
  return { value: DEFAULT_FACILITY_RATES[role][field], overridden: false };
}

export function setFacilityRate(s: ScenarioJson, role: Facility, field: RateField, value: unknown): ScenarioJson {
  const list = facilityEntries(s).map((e) => (isObject(e) ? { ...e } : e));
  let entry = list.find((e): e is Record<string, unknown> => isObject(e) && typeof e.id === 'string' && roleFromName(e.id) === role);
  if (!entry) {
    entry = { id: role, kia_rate: DEFAULT_FACILITY_RATES[role].kia_rate, rtd_rate: DEFAULT_FACILITY_RATES[role].rtd_rate };
    list.push(entry);
  }
  entry[field] = value;
  return { ...s, facility_configs: list };
}

function tableField(kind: TimingKind): 'evacuation_times' | 'transit_times' {
  return kind === 'evac' ? 'evacuation_times' : 'transit_times';
}

/** The user key in the scenario's table that names `key` (any accepted spelling). */
function findKey(table: Record<string, unknown>, kind: TimingKind, key: string): string | undefined {
  return Object.keys(table).find((k) => {
    if (kind === 'evac') return roleFromName(k) === key;
    const r = transitFromKey(k);
    return 'transit' in r && r.transit === key;
  });
}

function defaultTiming(kind: TimingKind, key: string, triage: TimedTriage, bound: Bound): number {
  const table = kind === 'evac' ? DEFAULT_EVACUATION_TIMES[key as Facility] : DEFAULT_TRANSIT_TIMES[key as Transit];
  return table[triage][bound];
}

export function timing(s: ScenarioJson, kind: TimingKind, key: string, triage: TimedTriage, bound: Bound): Shown {
  const table = s[tableField(kind)];
  if (isObject(table)) {
    const k = findKey(table, kind, key);
    const rows = k === undefined ? undefined : table[k];
    const row = isObject(rows) ? rows[triage] : undefined;
    if (isObject(row) && row[bound] !== undefined) return { value: row[bound], overridden: true };
  }
  return { value: defaultTiming(kind, key, triage, bound), overridden: false };
}

/** Sets one bound; a row written for the first time gets the other bound's default too. */
export function setTiming(s: ScenarioJson, kind: TimingKind, key: string, triage: TimedTriage, bound: Bound, value: unknown): ScenarioJson {
  const field = tableField(kind);
  const table: Record<string, unknown> = isObject(s[field]) ? { ...(s[field] as Record<string, unknown>) } : {};
  const v1 = kind === 'evac' ? V1_ROLE_KEYS[key as Facility] : V1_TRANSIT_KEYS[key as Transit];
  const existing = findKey(table, kind, key);
  const rows: Record<string, unknown> = existing !== undefined && isObject(table[existing]) ? { ...(table[existing] as Record<string, unknown>) } : {};
  if (existing !== undefined) delete table[existing];
  const row: Record<string, unknown> = isObject(rows[triage]) ? { ...(rows[triage] as Record<string, unknown>) } : {
    min_hours: defaultTiming(kind, key, triage, 'min_hours'), max_hours: defaultTiming(kind, key, triage, 'max_hours'),
  };
  row[bound] = value;
  rows[triage] = row;
  table[v1] = rows;
  return { ...s, [field]: table };
}

export function resetAdvanced(s: ScenarioJson): ScenarioJson {
  const out = { ...s };
  delete out.facility_configs;
  delete out.evacuation_times;
  delete out.transit_times;
  return out;
}

export function hasAdvancedOverrides(s: ScenarioJson): boolean {
  return s.facility_configs !== undefined || s.evacuation_times !== undefined || s.transit_times !== undefined;
}
