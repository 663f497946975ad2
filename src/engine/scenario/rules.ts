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
import { copyEvacuationTimes, copyFacilityRates, copyTransitTimes } from './defaults.js';
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
  if (!shapeOk(injuryMixSchema, value, path, issues)) return undefined;
  const given = value as Record<string, number>;
  const raw: Record<InjuryType, number> = { BATTLE_TRAUMA: 0, NON_BATTLE: 0, DISEASE: 0 };
  const seenAs = new Map<InjuryType, string>();
  let ok = true;
  for (const [key, share] of Object.entries(given)) {
    const type = INJURY_KEYS[key as keyof typeof INJURY_KEYS];
    const earlier = seenAs.get(type);
    if (earlier !== undefined) {
      issues.push({ path: joinPath(path, key), message: `"${key}" and "${earlier}" both give the ${type} share; give it once` });
      ok = false;
    }
    seenAs.set(type, key);
    raw[type] = share;
  }
  if (!ok) return undefined;
  const total = INJURY_TYPES.reduce((s, k) => s + raw[k], 0);
  if (Math.abs(total - 1) <= FRACTION_TOLERANCE) return normaliseMix(raw, total);
  if (Math.abs(total - 100) <= PERCENT_TOLERANCE) return normaliseMix(raw, total);
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

export function readFronts(value: unknown, path: string, issues: Issues): FrontConfig[] | undefined {
  if (!shapeOk(frontListSchema, value, path, issues)) return undefined;
  const out: FrontConfig[] = [];
  const ids = new Map<string, string>();
  let ok = true;
  (value as unknown[]).forEach((entry, i) => {
    const at = joinPath(path, i);
    // Duplicate ids are reported even when the rest of the entry is malformed.
    const id = isPlainObject(entry) ? entry.id : undefined;
    const first = typeof id === 'string' ? ids.get(id) : undefined;
    if (first !== undefined) {
      issues.push({ path: joinPath(at, 'id'), message: `front id "${String(id)}" is used more than once (first at ${first})` });
      ok = false;
    } else if (typeof id === 'string') ids.set(id, at);
    if (!shapeOk(frontSchema, entry, at, issues)) {
      ok = false;
      return;
    }
    const f = entry as RawFront;
    const natPath = joinPath(at, 'nationality_distribution');
    const seen = new Map<string, number>();
    f.nationality_distribution.forEach((n, j) => {
      const before = seen.get(n.nationality_code);
      if (before !== undefined) {
        issues.push({
          path: joinPath(joinPath(natPath, j), 'nationality_code'),
          message: `nationality ${n.nationality_code} is listed more than once (first at index ${before})`,
        });
        ok = false;
      } else seen.set(n.nationality_code, j);
    });
    const sum = f.nationality_distribution.reduce((s, n) => s + n.percentage, 0);
    if (Math.abs(sum - 100) > 0.5) {
      issues.push({ path: natPath, message: `percentages sum to ${fmt(sum)}, must be 100 (±0.5)` });
      ok = false;
    }
    out.push({
      id: f.id,
      name: f.name ?? f.id,
      casualty_rate: f.casualty_rate,
      nationality_distribution: f.nationality_distribution.map((n) => ({ nationality_code: n.nationality_code, percentage: n.percentage })),
    });
  });
  return ok ? out : undefined;
}

export function readFacilities(value: unknown, path: string, issues: Issues): Record<Facility, FacilityRates> | undefined {
  if (!shapeOk(facilityListSchema, value, path, issues)) return undefined;
  const rates = copyFacilityRates();
  const roles = new Map<Facility, string>();
  let ok = true;
  (value as unknown[]).forEach((entry, i) => {
    const at = joinPath(path, i);
    if (!shapeOk(facilitySchema, entry, at, issues)) {
      ok = false;
      return;
    }
    const f = entry as { id: string; kia_rate: number; rtd_rate: number };
    const role = roleFromName(f.id);
    if (role === undefined) {
      issues.push({ path: joinPath(at, 'id'), message: `"${f.id}" names no role; use ${ROLE_NAMES_RULE}` });
      ok = false;
    } else if (roles.has(role)) {
      issues.push({ path: joinPath(at, 'id'), message: `role ${role} is already overridden by ${roles.get(role)}` });
      ok = false;
    } else roles.set(role, at);
    if (f.kia_rate + f.rtd_rate > 1 + 1e-9) {
      issues.push({ path: at, message: `kia_rate + rtd_rate is ${fmt(f.kia_rate + f.rtd_rate)}, must be at most 1` });
      ok = false;
    }
    if (role !== undefined) rates[role] = { kia_rate: f.kia_rate, rtd_rate: f.rtd_rate };
  });
  return ok ? rates : undefined;
}

type TimingTable = Record<TimedTriage, HourRange>;
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
      issues.push({ path: at, message: `"${userKey}" and "${seen.get(r.key)}" both name ${r.key}; give it once` });
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
        issues.push({ path: joinPath(at, triage), message: `min_hours ${fmt(range.min_hours)} is greater than max_hours ${fmt(range.max_hours)}` });
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
