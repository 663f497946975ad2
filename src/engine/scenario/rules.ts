/**
 * Readers for the fields with rules beyond their shape: each checks the structure with its
 * TypeBox schema, then the cross-field rules of domain spec §2, pushes every issue it finds
 * and returns the normalised value (or undefined when the field has an error).
 */
import {
  INJURY_TYPES,
  type Facility, type FacilityRates, type FrontConfig, type HourRange, type InjuryType, type NationCode,
  type TimedTriage, type Transit,
} from '../types.js';
import { ROLE_NAMES_RULE, roleFromName, transitFromKey } from './aliases.js';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { check, fmt, isPlainObject, joinPath, type ValidationIssue } from './check.js';
import { copyEvacuationTimes, copyFacilityRates, copyTransitTimes, NATION_NAMES } from './defaults.js';
import { readCallSign, readLocation } from './exercise.js';
import { INJURY_LABELS, ROLE_LABELS } from './labels.js';
import {
  INJURY_KEYS, facilityListSchema, hourRangeSchema, facilitySchema, frontListSchema, frontSchema, injuryMixSchema, evacuationMapSchema, transitMapSchema,
  triageTableSchema,
} from './schema.js';

type Issues = ValidationIssue[];

/** Pushes the structural issues of `value`; true when there were none. */
export function shapeOk(schema: TSchema, value: unknown, path: string, issues: Issues): boolean {
  const found = check(schema, value, path);
  issues.push(...found);
  return found.length === 0;
}

/** `YYYY-MM-DD` that names a real day of the years 1900–2999. */
export function baseDateIssue(date: string): string | undefined {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return `${date} is not a real calendar date`;
  if (y < 1900 || y > 2999) return `year ${y} is outside the accepted range 1900–2999`;
  return undefined;
}

const FRACTION_TOLERANCE = 0.01;
const PERCENT_TOLERANCE = 1;

/**
 * Scales shares to fractions whose sum, taken in INJURY_TYPES order, is exactly 1. When plain
 * division leaves a rounding error, the last share takes the remainder: for a partial sum s in
 * [0, 1], fl(s + fl(1 − s)) is exactly 1, and the change is a few ulps at most.
 */
export function normaliseMix(raw: Record<InjuryType, number>, total: number): Record<InjuryType, number> {
  const out = { ...raw };
  for (const k of INJURY_TYPES) out[k] = raw[k] / total;
  if (out.BATTLE_TRAUMA + out.NON_BATTLE + out.DISEASE === 1) return out;
  out.BATTLE_TRAUMA = Math.min(out.BATTLE_TRAUMA, 1);
  if (out.BATTLE_TRAUMA + out.NON_BATTLE > 1) {
    // Only possible when the disease share is a rounding error away from 0.
    out.NON_BATTLE = 1 - out.BATTLE_TRAUMA;
    out.DISEASE = 0;
  } else {
    out.DISEASE = 1 - (out.BATTLE_TRAUMA + out.NON_BATTLE);
  }
  return out;
}

export function readInjuryMix(value: unknown, path: string, issues: Issues): Record<InjuryType, number> | undefined {
  const shaped = shapeOk(injuryMixSchema, value, path, issues);
  if (!isPlainObject(value)) return undefined;
  // The sum is checked even when a share has another problem, as long as every known share is
  // a usable number: one pass reports every problem.
  const raw: Record<InjuryType, number> = { BATTLE_TRAUMA: 0, NON_BATTLE: 0, DISEASE: 0 };
  const seenAs = new Map<InjuryType, string>();
  let ok = shaped;
  let summable = true;
  for (const [key, share] of Object.entries(value)) {
    const type = INJURY_KEYS[key as keyof typeof INJURY_KEYS] as InjuryType | undefined;
    if (type === undefined) continue;
    const earlier = seenAs.get(type);
    if (earlier !== undefined) {
      issues.push({ path: joinPath(path, key), message: `"${key}" and "${earlier}" both give the ${INJURY_LABELS[type]} share; give it once` });
      ok = false;
      summable = false;
    }
    seenAs.set(type, key);
    if (typeof share === 'number' && Number.isFinite(share) && share >= 0) raw[type] = share;
    else summable = false;
  }
  if (!summable) return undefined;
  const total = INJURY_TYPES.reduce((sum, k) => sum + raw[k], 0);
  if (Math.abs(total - 1) <= FRACTION_TOLERANCE || Math.abs(total - 100) <= PERCENT_TOLERANCE) return ok ? normaliseMix(raw, total) : undefined;
  issues.push({
    path,
    message: `shares sum to ${fmt(total)}, must be fractions summing to 1 or percentages summing to 100 (±1%)`,
  });
  return undefined;
}

interface RawFront {
  id: string;
  name?: string;
  casualty_rate: number;
  nationality_distribution: { nationality_code: NationCode; percentage: number }[];
}

/** Nationality rows: a code named twice, and percentages that do not sum to 100. */
function checkNations(rows: unknown[], natPath: string, issues: Issues): boolean {
  let ok = true;
  const seen = new Map<string, number>();
  rows.forEach((n, j) => {
    const code = isPlainObject(n) ? n.nationality_code : undefined;
    if (typeof code !== 'string') return;
    const before = seen.get(code);
    if (before !== undefined) {
      const name = NATION_NAMES[code as NationCode];
      issues.push({
        path: joinPath(joinPath(natPath, j), 'nationality_code'),
        message: `${name === undefined ? code : `${code} (${name})`} is listed more than once (first as nation ${before + 1})`,
      });
      ok = false;
    } else seen.set(code, j);
  });
  // Summed whenever every percentage is usable, whatever else is wrong with the front.
  const percentages = rows.map((n) => (isPlainObject(n) ? n.percentage : undefined));
  if (rows.length > 0 && percentages.every((p) => typeof p === 'number' && p >= 0 && p <= 100)) {
    const sum = (percentages as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > 0.5) {
      issues.push({ path: natPath, message: `nationality percentages sum to ${fmt(sum)}, must be 100 (±0.5)` });
      ok = false;
    }
  }
  return ok;
}

export function readFronts(value: unknown, path: string, issues: Issues): FrontConfig[] | undefined {
  if (!shapeOk(frontListSchema, value, path, issues)) return undefined;
  const out: FrontConfig[] = [];
  const ids = new Map<string, number>();
  let ok = true;
  (value as unknown[]).forEach((entry, i) => {
    const at = joinPath(path, i);
    // Duplicate ids and nationality sums are reported even when the rest of the entry is malformed.
    const id = isPlainObject(entry) ? entry.id : undefined;
    const first = typeof id === 'string' ? ids.get(id) : undefined;
    if (first !== undefined) {
      issues.push({ path: joinPath(at, 'id'), message: `id "${String(id)}" is already used by Front ${first + 1}` });
      ok = false;
    } else if (typeof id === 'string') ids.set(id, i);
    const shaped = shapeOk(frontSchema, entry, at, issues);
    const rows = isPlainObject(entry) && Array.isArray(entry.nationality_distribution) ? entry.nationality_distribution as unknown[] : [];
    const nationsOk = checkNations(rows, joinPath(at, 'nationality_distribution'), issues);
    // The exercise pack's settings (null: absent, as v1 clients send unset fields).
    const raw = isPlainObject(entry) ? entry : {};
    const location = raw.location == null ? undefined : readLocation(raw.location, joinPath(at, 'location'), issues);
    const callSign = raw.call_sign == null ? undefined : readCallSign(raw.call_sign, joinPath(at, 'call_sign'), issues);
    if ((raw.location != null && !location) || (raw.call_sign != null && !callSign)) ok = false;
    if (!shaped || !nationsOk) {
      ok = false;
      return;
    }
    const f = entry as RawFront;
    out.push({
      id: f.id,
      name: f.name ?? f.id,
      casualty_rate: f.casualty_rate,
      nationality_distribution: f.nationality_distribution.map((n) => ({ nationality_code: n.nationality_code, percentage: n.percentage })),
      ...(location ? { location } : {}),
      ...(callSign ? { call_sign: callSign } : {}),
    });
  });
  return ok ? out : undefined;
}

const isRate = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

export function readFacilities(value: unknown, path: string, issues: Issues): Record<Facility, FacilityRates> | undefined {
  if (!shapeOk(facilityListSchema, value, path, issues)) return undefined;
  const rates = copyFacilityRates();
  const roles = new Map<Facility, number>();
  let ok = true;
  (value as unknown[]).forEach((entry, i) => {
    const at = joinPath(path, i);
    if (!shapeOk(facilitySchema, entry, at, issues)) ok = false;
    if (!isPlainObject(entry)) return;
    // The role and the sum of the rates are checked whatever else is wrong with the entry.
    const role = typeof entry.id === 'string' ? roleFromName(entry.id) : undefined;
    if (typeof entry.id === 'string' && role === undefined) {
      issues.push({ path: joinPath(at, 'id'), message: `"${entry.id}" names no role; use ${ROLE_NAMES_RULE}` });
      ok = false;
    } else if (role !== undefined && roles.has(role)) {
      issues.push({ path: joinPath(at, 'id'), message: `${ROLE_LABELS[role]} is already overridden by facility override ${(roles.get(role) as number) + 1}` });
      ok = false;
    } else if (role !== undefined) roles.set(role, i);
    const { kia_rate: kia, rtd_rate: rtd } = entry;
    if (isRate(kia) && isRate(rtd)) {
      if (kia + rtd > 1 + 1e-9) {
        issues.push({ path: at, message: `death rate + RTD rate is ${fmt(kia + rtd)}, must be at most 1` });
        ok = false;
      }
      if (role !== undefined) rates[role] = { kia_rate: kia, rtd_rate: rtd };
    }
  });
  return ok ? rates : undefined;
}

type TimingTable = Record<TimedTriage, HourRange>;

/** `R1` → "Role 1", `R1-R2` → "Role 1 → Role 2". */
function timingName(key: string): string {
  return key.split('-').map((r) => ROLE_LABELS[r as Facility]).join(' → ');
}
const TIMED: readonly TimedTriage[] = ['T1', 'T2', 'T3'];

/**
 * Reads a timing map keyed by role or transit names, merging the given rows over `base`.
 * `resolve` maps a user key to a table key or explains why it cannot.
 */
function readTiming<K extends string>(
  schema: TSchema, value: unknown, path: string, issues: Issues, base: Record<K, TimingTable>,
  resolve: (key: string) => { key: K } | { error: string },
): Record<K, TimingTable> | undefined {
  if (!shapeOk(schema, value, path, issues)) return undefined;
  const seen = new Map<K, string>();
  let ok = true;
  for (const [userKey, table] of Object.entries(value as Record<string, unknown>)) {
    const at = joinPath(path, userKey);
    const r = resolve(userKey);
    if ('error' in r) {
      issues.push({ path: at, message: r.error });
      ok = false;
      continue;
    }
    if (seen.has(r.key)) {
      issues.push({ path: at, message: `"${userKey}" and "${seen.get(r.key)}" both name ${timingName(r.key)}; give it once` });
      ok = false;
      continue;
    }
    seen.set(r.key, userKey);
    if (!shapeOk(triageTableSchema, table, at, issues)) ok = false;
    if (!isPlainObject(table)) continue;
    for (const triage of TIMED) {
      const range = table[triage];
      if (!Value.Check(hourRangeSchema, range)) continue;
      if (range.min_hours > range.max_hours) {
        issues.push({ path: joinPath(at, triage), message: `minimum ${fmt(range.min_hours)} h is more than maximum ${fmt(range.max_hours)} h` });
        ok = false;
      }
      base[r.key][triage] = { min_hours: range.min_hours, max_hours: range.max_hours };
    }
  }
  return ok ? base : undefined;
}

export function readEvacuationTimes(value: unknown, path: string, issues: Issues): Record<Facility, TimingTable> | undefined {
  return readTiming(evacuationMapSchema, value, path, issues, copyEvacuationTimes(), (key) => {
    const role = roleFromName(key);
    return role === undefined ? { error: `"${key}" names no role; use ${ROLE_NAMES_RULE}` } : { key: role };
  });
}

export function readTransitTimes(value: unknown, path: string, issues: Issues): Record<Transit, TimingTable> | undefined {
  return readTiming(transitMapSchema, value, path, issues, copyTransitTimes(), (key) => {
    const r = transitFromKey(key);
    return 'error' in r ? r : { key: r.transit };
  });
}
