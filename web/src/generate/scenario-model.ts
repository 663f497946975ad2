/**
 * The Generate page edits one value: the scenario as v1 JSON (domain spec §2). The form
 * controls and the "Edit as JSON" view read and write that same object, so both views are
 * always in sync. Validation is the engine's own parseScenario (the server runs the same code
 * at submit); its issues are anchored to the form control that shows them.
 */
import { parseScenario, roleFromName, transitFromKey } from '../../../src/engine/browser.js';
import { fieldLabel } from '../app/format.js';

export type ScenarioJson = Record<string, unknown>;

export interface Issue {
  path: string;
  message: string;
}

/** Canonical top-level field → accepted aliases. */
const ALIASES: Record<string, string[]> = {
  total_patients: ['count'],
  days_of_fighting: ['duration_days'],
  injury_mix: ['injury_distribution'],
};
const ALIAS_OF: Record<string, string> = Object.fromEntries(Object.entries(ALIASES).flatMap(([c, as]) => as.map((a) => [a, c])));

export function getField(s: ScenarioJson, field: string): unknown {
  if (s[field] !== undefined) return s[field];
  for (const a of ALIASES[field] ?? []) if (s[a] !== undefined) return s[a];
  return undefined;
}

/** A copy with `field` set (undefined removes it); aliases of the field are dropped. */
export function setField(s: ScenarioJson, field: string, value: unknown): ScenarioJson {
  const out: ScenarioJson = { ...s };
  for (const a of ALIASES[field] ?? []) delete out[a];
  if (value === undefined) delete out[field];
  else out[field] = value;
  return out;
}

/**
 * What a number input's text becomes in the JSON: a number when it reads as one, otherwise
 * the text itself, so the validator reports "must be an integer … (got "12a")" next to it.
 */
export function numberFromInput(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export function inputFromNumber(v: unknown): string {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : '';
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The form control (anchor) that shows an issue at `path`; "general" when none does. */
export function anchorOf(path: string, s: ScenarioJson): string {
  let m = /^front_configs\[(\d+)\]\.nationality_distribution\[(\d+)\]/.exec(path);
  if (m) return `front_configs[${m[1]}].nationality_distribution[${m[2]}]`;
  m = /^front_configs\[(\d+)\]\.(nationality_distribution|id|name|casualty_rate)/.exec(path);
  if (m) return `front_configs[${m[1]}].${m[2]}`;
  m = /^front_configs\[(\d+)\]/.exec(path);
  if (m) return `front_configs[${m[1]}]`;
  m = /^facility_configs\[(\d+)\]/.exec(path);
  if (m) {
    const list = s.facility_configs;
    const entry = Array.isArray(list) ? list[Number(m[1])] : undefined;
    const role = isObject(entry) && typeof entry.id === 'string' ? roleFromName(entry.id) : undefined;
    return role ? `facility:${role}` : 'advanced';
  }
  m = /^evacuation_times(?:\.(\w+)|\["([^"]+)"\])(?:\.(T[123]))?/.exec(path);
  if (m) {
    const role = roleFromName(m[1] ?? m[2] ?? '');
    return role && m[3] ? `evac:${role}:${m[3]}` : 'advanced';
  }
  m = /^transit_times(?:\.(\w+)|\["([^"]+)"\])(?:\.(T[123]))?/.exec(path);
  if (m) {
    const r = transitFromKey(m[1] ?? m[2] ?? '');
    return 'transit' in r && m[3] ? `transit:${r.transit}:${m[3]}` : 'advanced';
  }
  if (/^(facility_configs|evacuation_times|transit_times)/.test(path)) return 'advanced';
  m = /^([A-Za-z_]+)/.exec(path);
  if (m) {
    const field = ALIAS_OF[m[1] as string] ?? (m[1] as string);
    if (FORM_FIELDS.has(field)) return field;
  }
  return 'general';
}

/** Top-level fields that have their own control on the form. */
const FORM_FIELDS = new Set([
  'name', 'description', 'total_patients', 'seed', 'days_of_fighting', 'base_date', 'warfare_types', 'intensity', 'tempo',
  'special_events', 'environmental_conditions', 'injury_mix', 'front_configs', 'exact_quotas', 'female_ratio',
]);

export interface Validation {
  ok: boolean;
  issues: Issue[];
  /** Messages per anchor (see anchorOf). */
  at: Map<string, string[]>;
  /** Count of issues under the advanced section (its anchors start with advanced, facility:, evac:, transit:). */
  advancedCount: number;
}

export interface ValidationContext {
  /** The key's patients-per-request limit, when the server has told it. */
  patientLimit?: number;
}

/** Validates with the engine's rules plus the caller's key limit, anchoring every issue. */
export function validateScenario(s: ScenarioJson, ctx: ValidationContext = {}): Validation {
  const result = parseScenario(s);
  const issues: Issue[] = result.ok ? [] : result.errors.map((e) => ({ path: e.path, message: e.message }));
  const patients = getField(s, 'total_patients');
  if (ctx.patientLimit !== undefined && typeof patients === 'number' && patients > ctx.patientLimit) {
    issues.push({ path: 'total_patients', message: `your API key allows at most ${ctx.patientLimit} patients per request` });
  }
  return anchorIssues(issues, s);
}

/**
 * An issue as one sentence in the form's words. The engine words its messages itself ("Front 2
 * (Estonia): nationality percentages sum to 90 …", capitalised); a bare one ("must be …") gets
 * the control's name in front.
 */
export function issueText(issue: Issue): string {
  return /^[A-Z]/.test(issue.message) ? issue.message : `${fieldLabel(issue.path)}: ${issue.message}`;
}

/** Groups issues (e.g. the server's 422 problems) by the control that shows them. */
export function anchorIssues(issues: Issue[], s: ScenarioJson): Validation {
  const at = new Map<string, string[]>();
  let advancedCount = 0;
  for (const issue of issues) {
    const a = anchorOf(issue.path, s);
    if (/^(advanced|facility:|evac:|transit:)/.test(a)) advancedCount++;
    const text = a === 'general' || a === 'advanced' ? issueText(issue) : issue.message;
    at.set(a, [...(at.get(a) ?? []), text]);
  }
  return { ok: issues.length === 0, issues, at, advancedCount };
}

/** Keys a saved configuration carries besides the scenario. */
const CONFIG_META = ['id', 'lineage_id', 'version', 'parent_config_id', 'is_latest', 'created_at', 'updated_at', 'owner_key_id', 'config'];

/** The scenario inside a saved configuration (nested under `config`, or the object itself). */
export function scenarioOfConfiguration(c: Record<string, unknown>): ScenarioJson {
  if (isObject(c.config)) return { ...c.config };
  const out: ScenarioJson = {};
  for (const [k, v] of Object.entries(c)) if (!CONFIG_META.includes(k)) out[k] = v;
  return out;
}

/** Server problem paths may be prefixed by the request field (`configuration.front_configs[0]…`). */
export function stripRequestPrefix(path: string): string {
  return path.replace(/^(body\.)?configuration\.?/, '');
}
