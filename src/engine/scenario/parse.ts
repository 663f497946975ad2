/**
 * parseScenario: v1-style JSON in, the normalised Scenario (types.ts) out, or every problem
 * found at once. Top-level keys are resolved here (aliases, ignored keys, unknown keys, null
 * meaning "absent"); each field is then read by its schema and rules.
 */
import type { TSchema } from '@sinclair/typebox';
import { SPECIAL_EVENTS, ENVIRONMENTAL_CONDITIONS, WARFARE_TYPES, type Scenario } from '../types.js';
import { FIELD_ALIASES, FIELDS, IGNORED_FIELDS, suggestField, type Field } from './aliases.js';
import { isPlainObject, joinPath, type ValidationIssue } from './check.js';
import { defaultScenario, flags } from './defaults.js';
import {
  baseDateIssue, readEvacuationTimes, readFacilities, readFronts, readInjuryMix, readTransitTimes, shapeOk,
} from './rules.js';
import { readTimezone } from './exercise.js';
import { wordIssue } from './labels.js';
import { S } from './schema.js';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ValidationIssue[] };

/**
 * User keys are looked up in Maps and Sets only, never as properties of a plain object: a key
 * such as "toString", "hasOwnProperty" or "__proto__" would find what every object inherits from
 * Object.prototype and pass as a field. Those names are unknown fields like any other.
 */
const FIELD_BY_NAME: ReadonlyMap<string, Field> = new Map<string, Field>([
  ...FIELDS.map((f): [string, Field] => [f, f]),
  ...Object.entries(FIELD_ALIASES),
]);
const IGNORED: ReadonlySet<string> = new Set(IGNORED_FIELDS);

interface Given {
  /** The key as the user wrote it (canonical name or alias): paths use it. */
  key: string;
  value: unknown;
}

/**
 * Sorts the input's keys into fields, reporting unknown keys and alias clashes. Unknown keys are
 * also added to `unknown`: their message needs no form label (and looking one up by their name
 * would be another lookup of a user key).
 */
function collect(input: Record<string, unknown>, issues: ValidationIssue[], unknown: Set<ValidationIssue>): Map<Field, Given> {
  const given = new Map<Field, Given>();
  for (const [key, value] of Object.entries(input)) {
    if (IGNORED.has(key)) continue;
    const field = FIELD_BY_NAME.get(key);
    if (field === undefined) {
      const hint = suggestField(key);
      const issue = { path: joinPath('', key), message: `unknown field "${key}"${hint === undefined ? '' : `; did you mean "${hint}"?`}` };
      issues.push(issue);
      unknown.add(issue);
      continue;
    }
    // v1 clients serialise unset optional fields as null: null means "use the default".
    if (value === null || value === undefined) continue;
    const other = given.get(field);
    if (other !== undefined) {
      issues.push({ path: joinPath('', key), message: `"${key}" and "${other.key}" are the same field; give only one` });
      continue;
    }
    given.set(field, { key, value });
  }
  return given;
}

/** Reads a map of flags; with `atLeastOne`, at least one must be true. */
function readFlags<K extends string>(
  keys: readonly K[], schema: TSchema, g: Given, issues: ValidationIssue[], atLeastOne?: string,
): Record<K, boolean> | undefined {
  const path = joinPath('', g.key);
  if (!shapeOk(schema, g.value, path, issues)) return undefined;
  const map = g.value as Partial<Record<K, boolean>>;
  const out = flags(keys, keys.filter((k) => map[k] === true));
  if (atLeastOne !== undefined && !keys.some((k) => out[k])) {
    issues.push({ path, message: atLeastOne });
    return undefined;
  }
  return out;
}

function parseObject(input: Record<string, unknown>): ParseResult {
  const issues: ValidationIssue[] = [];
  const unknown = new Set<ValidationIssue>();
  const given = collect(input, issues, unknown);
  const scenario = defaultScenario();
  const target = scenario as unknown as Record<string, unknown>;

  for (const [field, g] of given) {
    const path = joinPath('', g.key);
    switch (field) {
      case 'name': case 'description': case 'total_patients': case 'days_of_fighting': case 'intensity': case 'tempo':
      case 'exact_quotas': case 'female_ratio': case 'seed':
        if (shapeOk(S[field], g.value, path, issues)) target[field] = g.value;
        break;
      case 'base_date':
        if (shapeOk(S.base_date, g.value, path, issues)) {
          const problem = baseDateIssue(g.value as string);
          if (problem === undefined) scenario.base_date = g.value as string;
          else issues.push({ path, message: problem });
        }
        break;
      case 'timezone': {
        const zone = readTimezone(g.value, path, issues);
        if (zone !== undefined) scenario.timezone = zone;
        break;
      }
      case 'metadata':
        if (shapeOk(S.metadata, g.value, path, issues)) scenario.metadata = { ...(g.value as Record<string, unknown>) };
        break;
      case 'warfare_types': {
        const v = readFlags(WARFARE_TYPES, S.warfare_types, g, issues, 'choose at least one warfare type');
        if (v) scenario.warfare_types = v;
        break;
      }
      case 'special_events': {
        const v = readFlags(SPECIAL_EVENTS, S.special_events, g, issues);
        if (v) scenario.special_events = v;
        break;
      }
      case 'environmental_conditions': {
        const v = readFlags(ENVIRONMENTAL_CONDITIONS, S.environmental_conditions, g, issues);
        if (v) scenario.environmental_conditions = v;
        break;
      }
      case 'injury_mix': {
        const v = readInjuryMix(g.value, path, issues);
        if (v) scenario.injury_mix = v;
        break;
      }
      case 'front_configs': {
        const v = readFronts(g.value, path, issues);
        if (v) scenario.front_configs = v;
        break;
      }
      case 'facility_configs': {
        const v = readFacilities(g.value, path, issues);
        if (v) scenario.facility_rates = v;
        break;
      }
      case 'evacuation_times': {
        const v = readEvacuationTimes(g.value, path, issues);
        if (v) scenario.evacuation_times = v;
        break;
      }
      case 'transit_times': {
        const v = readTransitTimes(g.value, path, issues);
        if (v) scenario.transit_times = v;
        break;
      }
    }
  }
  return issues.length > 0 ? { ok: false, errors: issues.map((i) => (unknown.has(i) ? i : wordIssue(i, input))) } : { ok: true, scenario };
}

/**
 * Validates and normalises a scenario input (v1 JSON field names and aliases). Reports every
 * problem at once, each with a JSON path and a message in the form's words ("Front 2 (Estonia):
 * nationality percentages sum to 90 …"); never throws.
 */
export function parseScenario(input: unknown): ParseResult {
  if (!isPlainObject(input)) return { ok: false, errors: [{ path: '', message: 'the scenario must be a JSON object' }] };
  try {
    return parseObject(input);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `the scenario could not be read: ${String(err)}` }] };
  }
}
