/**
 * Scenario settings that only the exercise-control pack reads (docs/exercise-pack.md): the
 * exercise clock's time zone and, per front, the pickup site and the radio call sign of the
 * 9-line MEDEVAC request. They never reach the engine, so they change no patient.
 */
import type { FrontLocation } from '../types.js';
import { isPlainObject, joinPath, type ValidationIssue } from './check.js';

type Issues = ValidationIssue[];

export const TIMEZONE_RULE = 'an IANA time zone name such as Europe/Tallinn or UTC';

/**
 * The zone's canonical IANA name (`europe/tallinn` → `Europe/Tallinn`), or undefined when Intl
 * does not know it. Offsets such as `+02:00` are refused: a zone name keeps daylight saving.
 */
export function canonicalTimezone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,99}$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function readTimezone(value: unknown, path: string, issues: Issues): string | undefined {
  const zone = typeof value === 'string' ? canonicalTimezone(value) : undefined;
  if (zone === undefined) issues.push({ path, message: `must be ${TIMEZONE_RULE}; ${JSON.stringify(value)} is not a known time zone` });
  return zone;
}

export const MGRS_RULE = 'an MGRS grid such as "33U VP 04500 12345" (UTM zone 1–60, latitude band C–X without I and O, '
  + 'a 100 km square of two letters, then 0 to 10 digits split evenly between easting and northing)';
export const LOCATION_RULE = `${MGRS_RULE}, or an object {latitude, longitude} in degrees (latitude −90 to 90, longitude −180 to 180)`;

/** An MGRS grid reference in its spaced form, or undefined when it is not one. */
export function normaliseMgrs(text: string): string | undefined {
  const m = /^(\d{1,2})([C-HJ-NP-X])([A-HJ-NP-Z])([A-HJ-NP-V])(\d{0,10})$/.exec(text.replace(/\s+/g, '').toUpperCase());
  if (!m) return undefined;
  const zone = Number(m[1]);
  const digits = m[5] as string;
  if (zone < 1 || zone > 60 || digits.length % 2 !== 0) return undefined;
  const half = digits.length / 2;
  const grid = `${zone}${m[2]} ${m[3]}${m[4]}`;
  return half === 0 ? grid : `${grid} ${digits.slice(0, half)} ${digits.slice(half)}`;
}

const inRange = (v: unknown, limit: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= -limit && v <= limit;

/** A front's `location`: an MGRS string (or `{mgrs}`), or `{latitude, longitude}`. */
export function readLocation(value: unknown, path: string, issues: Issues): FrontLocation | undefined {
  const mgrs = typeof value === 'string' ? value : isPlainObject(value) && Object.keys(value).length === 1 && typeof value.mgrs === 'string' ? value.mgrs : undefined;
  if (mgrs !== undefined) {
    const grid = normaliseMgrs(mgrs);
    if (grid !== undefined) return { mgrs: grid };
    issues.push({ path, message: `must be ${MGRS_RULE}; ${JSON.stringify(mgrs)} is not one` });
    return undefined;
  }
  if (isPlainObject(value) && Object.keys(value).every((k) => k === 'latitude' || k === 'longitude')) {
    const ok = inRange(value.latitude, 90) && inRange(value.longitude, 180);
    if (ok) return { latitude: value.latitude as number, longitude: value.longitude as number };
    if (!inRange(value.latitude, 90)) issues.push({ path: joinPath(path, 'latitude'), message: 'must be a number of degrees from −90 to 90' });
    if (!inRange(value.longitude, 180)) issues.push({ path: joinPath(path, 'longitude'), message: 'must be a number of degrees from −180 to 180' });
    return undefined;
  }
  issues.push({ path, message: `must be ${LOCATION_RULE}` });
  return undefined;
}

export const CALL_SIGN_RULE = '1 to 24 characters: letters A–Z, digits, spaces and hyphens, starting and ending with a letter or digit';

export function readCallSign(value: unknown, path: string, issues: Issues): string | undefined {
  if (typeof value === 'string' && /^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,22}[A-Za-z0-9])?$/.test(value)) return value;
  issues.push({ path, message: `must be ${CALL_SIGN_RULE}` });
  return undefined;
}
