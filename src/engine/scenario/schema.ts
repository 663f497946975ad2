/**
 * Structural schemas (TypeBox) of the scenario input's fields. They check types, ranges and
 * the closed key sets; the cross-field rules (sums, duplicates, aliases of keys, min ≤ max)
 * live in rules.ts. Each schema carries a `rule` sentence fragment for error messages.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import {
  ENVIRONMENTAL_CONDITIONS, INTENSITIES, NATO_NATIONS, SPECIAL_EVENTS, TEMPOS, WARFARE_TYPES,
} from '../types.js';

/** Longest stay or transit accepted, hours (one year): keeps timelines inside representable dates. */
export const MAX_HOURS = 8760;
export const MAX_PATIENTS = 10_000_000;
export const MAX_DAYS = 365;

const oneOf = (values: readonly string[], rule: string): TSchema =>
  Type.Union(values.map((v) => Type.Literal(v)), { rule });

const list = (values: readonly string[]): string => values.join(', ');

const booleanMap = (keys: readonly string[], what: string): TSchema =>
  Type.Object(
    Object.fromEntries(keys.map((k) => [k, Type.Optional(Type.Boolean({ rule: 'true or false' }))])),
    { additionalProperties: false, rule: `an object of ${what} flags (${list(keys)})` },
  );

const unit = (rule: string) => Type.Number({ minimum: 0, maximum: 1, rule });

export const S = {
  name: Type.String({ maxLength: 200, rule: 'a string of at most 200 characters' }),
  description: Type.String({ maxLength: 2000, rule: 'a string of at most 2000 characters' }),
  total_patients: Type.Integer({ minimum: 1, maximum: MAX_PATIENTS, rule: 'a whole number from 1 to 10,000,000' }),
  seed: Type.Union([
    Type.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
    Type.String({ minLength: 1, maxLength: 200 }),
  ], { rule: 'a safe integer or a non-empty string of at most 200 characters' }),
  days_of_fighting: Type.Integer({ minimum: 1, maximum: MAX_DAYS, rule: 'a whole number from 1 to 365' }),
  base_date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', rule: 'a date in YYYY-MM-DD form' }),
  warfare_types: booleanMap(WARFARE_TYPES, 'warfare type'),
  intensity: oneOf(INTENSITIES, `one of ${list(INTENSITIES)}`),
  tempo: oneOf(TEMPOS, `one of ${list(TEMPOS)}`),
  special_events: booleanMap(SPECIAL_EVENTS, 'special event'),
  environmental_conditions: booleanMap(ENVIRONMENTAL_CONDITIONS, 'environmental condition'),
  exact_quotas: Type.Boolean({ rule: 'true or false' }),
  female_ratio: unit('a number from 0 to 1'),
  metadata: Type.Record(Type.String(), Type.Unknown(), { rule: 'an object' }),
} as const;

/** Keys accepted in the injury mix: the v1 labels and the injury-type codes. */
export const INJURY_KEYS = {
  'Battle Injury': 'BATTLE_TRAUMA',
  'Non-Battle Injury': 'NON_BATTLE',
  Disease: 'DISEASE',
  BATTLE_TRAUMA: 'BATTLE_TRAUMA',
  NON_BATTLE: 'NON_BATTLE',
  DISEASE: 'DISEASE',
} as const;

export const injuryMixSchema = Type.Object(
  Object.fromEntries(Object.keys(INJURY_KEYS).map((k) => [k, Type.Optional(Type.Number({ minimum: 0, rule: 'a number ≥ 0' }))])),
  { additionalProperties: false, rule: 'an object of injury-type shares ("Battle Injury", "Non-Battle Injury", "Disease")' },
);

export const NATION_RULE = `one of the 32 NATO alpha-3 codes (${list(NATO_NATIONS)})`;

export const frontSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, rule: 'a non-empty string of at most 100 characters' }),
  name: Type.Optional(Type.String({ maxLength: 200, rule: 'a string of at most 200 characters' })),
  description: Type.Optional(Type.Unknown()),
  casualty_rate: Type.Number({ exclusiveMinimum: 0, rule: 'a number greater than 0' }),
  nationality_distribution: Type.Array(
    Type.Object({
      nationality_code: oneOf(NATO_NATIONS, NATION_RULE),
      percentage: Type.Number({ minimum: 0, maximum: 100, rule: 'a number from 0 to 100' }),
    }, { additionalProperties: false, rule: 'an object {nationality_code, percentage}' }),
    { minItems: 1, rule: 'a non-empty array of {nationality_code, percentage}' },
  ),
  // Checked by exercise.ts (MGRS grid or latitude/longitude; call sign characters).
  location: Type.Optional(Type.Unknown()),
  call_sign: Type.Optional(Type.Unknown()),
}, { additionalProperties: false, rule: 'a front object {id, name, casualty_rate, nationality_distribution}' });

export const frontListSchema = Type.Array(Type.Unknown(), { minItems: 1, rule: 'a non-empty array of fronts' });

export const facilitySchema = Type.Object({
  id: Type.String({ rule: 'a role name such as POI, R1 or Role2' }),
  name: Type.Optional(Type.Unknown()),
  kia_rate: unit('a probability from 0 to 1'),
  rtd_rate: unit('a probability from 0 to 1'),
  capacity: Type.Optional(Type.Unknown()),
  role: Type.Optional(Type.Unknown()),
  front_id: Type.Optional(Type.Unknown()),
  description: Type.Optional(Type.Unknown()),
}, { additionalProperties: false, rule: 'a facility object {id, kia_rate, rtd_rate}' });

export const facilityListSchema = Type.Array(Type.Unknown(), { rule: 'an array of facility overrides' });

const hours = Type.Number({ minimum: 0, maximum: MAX_HOURS, rule: `a number of hours from 0 to ${MAX_HOURS}` });
export const hourRangeSchema = Type.Object(
  { min_hours: hours, max_hours: hours },
  { additionalProperties: false, rule: 'an object {min_hours, max_hours}' },
);

/** One role's (or transit's) timings: T1–T3 rows, each optional (merged over the defaults). */
export const triageTableSchema = Type.Object(
  { T1: Type.Optional(hourRangeSchema), T2: Type.Optional(hourRangeSchema), T3: Type.Optional(hourRangeSchema) },
  { additionalProperties: false, rule: 'an object of triage rows (T1, T2, T3; T4 is timed as T1)' },
);

export const evacuationMapSchema = Type.Record(Type.String(), Type.Unknown(), { rule: 'an object keyed by role (POI, Role1…Role4)' });
export const transitMapSchema = Type.Record(Type.String(), Type.Unknown(), { rule: 'an object keyed by transit (POI_to_Role1 … Role3_to_Role4)' });
