/**
 * Names accepted for the same thing: top-level field aliases, role names (POI, R1, Role1,
 * ROLE_1, POINT_OF_INJURY) and transit keys (POI_to_Role1, POI-R1).
 */
import { FACILITIES, type Facility, type Transit } from '../types.js';

/** Top-level fields of the normalised scenario input (canonical names). */
export const FIELDS = [
  'name', 'description', 'total_patients', 'seed', 'days_of_fighting', 'base_date', 'warfare_types', 'intensity',
  'tempo', 'special_events', 'environmental_conditions', 'injury_mix', 'front_configs', 'facility_configs',
  'evacuation_times', 'transit_times', 'exact_quotas', 'female_ratio', 'timezone', 'metadata',
] as const;
export type Field = (typeof FIELDS)[number];

/** Alias → canonical field. */
export const FIELD_ALIASES: Readonly<Record<string, Field>> = {
  count: 'total_patients',
  duration_days: 'days_of_fighting',
  injury_distribution: 'injury_mix',
};

/** Top-level keys that saved-configuration clients send and that change nothing. */
export const IGNORED_FIELDS: readonly string[] = ['version', 'parent_config_id', 'id', 'created_at', 'updated_at'];

export const ROLE_NAMES_RULE = 'POI, POINT_OF_INJURY, R1…R4, Role1…Role4 or ROLE_1…ROLE_4 (any case)';

/** The role a name designates, or undefined. Case-insensitive. */
export function roleFromName(name: string): Facility | undefined {
  const upper = name.trim().toUpperCase();
  if (upper === 'POI' || upper === 'POINT_OF_INJURY') return 'POI';
  const m = /^(?:R|ROLE_?)([1-4])$/.exec(upper);
  return m ? (`R${m[1]}` as Facility) : undefined;
}

/** The transit a key designates (`POI_to_Role1`, `R1-R2`, `Role2→Role3`), or a reason it does not. */
export function transitFromKey(key: string): { transit: Transit } | { error: string } {
  const parts = key.split(/_to_|→|-/i);
  const accepted = 'use FROM_to_TO or FROM-TO between consecutive roles, e.g. POI_to_Role1 or R1-R2';
  if (parts.length !== 2) return { error: `"${key}" is not a transit key; ${accepted}` };
  const from = roleFromName(parts[0] as string);
  const to = roleFromName(parts[1] as string);
  if (from === undefined || to === undefined) return { error: `"${key}" does not name two roles; ${accepted}` };
  const i = FACILITIES.indexOf(from);
  if (FACILITIES[i + 1] !== to) return { error: `"${key}" is not a transit between consecutive roles; ${accepted}` };
  return { transit: `${from}-${to}` as Transit };
}

/** v1 names used when writing a scenario back out. */
export const V1_ROLE_KEYS: Readonly<Record<Facility, string>> = { POI: 'POI', R1: 'Role1', R2: 'Role2', R3: 'Role3', R4: 'Role4' };
export const V1_TRANSIT_KEYS: Readonly<Record<Transit, string>> = {
  'POI-R1': 'POI_to_Role1', 'R1-R2': 'Role1_to_Role2', 'R2-R3': 'Role2_to_Role3', 'R3-R4': 'Role3_to_Role4',
};

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** The accepted top-level name closest to a mistyped one (distance ≤ 2, case ignored), if any. */
export function suggestField(key: string): string | undefined {
  const lower = key.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of [...FIELDS, ...Object.keys(FIELD_ALIASES)]) {
    const d = editDistance(lower, name);
    if (d <= 2 && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}
