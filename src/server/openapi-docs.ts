/**
 * What the OpenAPI document shows beyond the routes' own validation schemas: the whole scenario,
 * the patient and the error envelope as schemas, a working example for every request body, the
 * tags in the order a user needs them and the security of every operation. Requests are still
 * validated by the routes' schemas and the engine's parseScenario (whose messages name every
 * problem); these schemas only document.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { createRun, parseScenario, patientAt } from '../engine/index.js';
import {
  facilitySchema, frontSchema, hourRangeSchema, injuryMixSchema, SCENARIO_FIELD_SCHEMAS as S,
} from '../engine/index.js';
import { DEMO_KEY } from '../auth/index.js';
import { JOB_FORMATS } from '../jobs/index.js';

/** Tags in the order of a user's day: submit, follow, download; then the rest. */
export const TAGS = [
  { name: 'generation', description: 'Start a generation job from a scenario or a saved configuration' },
  { name: 'jobs', description: 'Follow, read, cancel and delete your jobs; dashboard aggregates and single patients' },
  { name: 'downloads', description: "A completed job's files" },
  { name: 'streaming', description: 'Patients streamed as they are generated, without a job' },
  { name: 'exercises', description: 'Live exercise feed: casualty events released on the exercise clock, over SSE and signed webhooks' },
  { name: 'configurations', description: 'Saved scenarios with version history' },
  { name: 'reference', description: 'Presets, nations, condition and facility types (no key needed)' },
  { name: 'keys', description: 'The calling key, and the owner sign-in link' },
  { name: 'admin', description: 'Key management (admin keys only)' },
  { name: 'health', description: 'Liveness, readiness and dependency checks (no key needed)' },
];

/** Route tags folded into the list above. */
export const RETAG: Readonly<Record<string, string>> = { presets: 'reference', 'admin: keys': 'admin', visualizations: 'jobs' };

/** TypeBox schema → plain JSON Schema: the engine's `rule` texts become descriptions. */
function plain(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      if (typeof o.rule === 'string') {
        const { rule, ...rest } = o;
        return { description: `must be ${rule as string}`, ...rest };
      }
    }
    return value;
  }) as Record<string, unknown>;
}

const triageTable = Type.Object(
  { T1: Type.Optional(hourRangeSchema), T2: Type.Optional(hourRangeSchema), T3: Type.Optional(hourRangeSchema) },
  { description: 'hours by triage category (T4 is timed as T1); rows not given keep their defaults' },
);

/** A scenario as small as an example can be and still show every kind of field. */
export const SCENARIO_EXAMPLE = {
  name: 'Baltic exercise',
  total_patients: 40,
  days_of_fighting: 2,
  base_date: '2025-06-01',
  seed: 7,
  intensity: 'high',
  tempo: 'sustained',
  warfare_types: { conventional: true, artillery: true },
  special_events: { mass_casualty: false },
  injury_mix: { 'Battle Injury': 60, 'Non-Battle Injury': 25, Disease: 15 },
  front_configs: [
    { id: 'north', name: 'Estonia', casualty_rate: 2, nationality_distribution: [{ nationality_code: 'EST', percentage: 60 }, { nationality_code: 'GBR', percentage: 40 }] },
    { id: 'south', name: 'Latvia', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'LVA', percentage: 50 }, { nationality_code: 'USA', percentage: 50 }] },
  ],
  facility_configs: [{ id: 'Role2', kia_rate: 0.02, rtd_rate: 0.35 }],
  evacuation_times: { Role1: { T1: { min_hours: 1, max_hours: 3 } } },
  transit_times: { POI_to_Role1: { T1: { min_hours: 0.5, max_hours: 1.5 } } },
};

/** The scenario input (domain spec §2): every field is optional and has a default. */
export const ScenarioDoc = plain(Type.Object({
  name: Type.Optional(S.name),
  description: Type.Optional(S.description),
  total_patients: Type.Optional(Type.Integer({ ...S.total_patients, description: 'how many patients (alias: count); default 1440' })),
  seed: Type.Optional(S.seed),
  days_of_fighting: Type.Optional(Type.Integer({ ...S.days_of_fighting, description: 'alias: duration_days; default 8' })),
  base_date: Type.Optional(S.base_date),
  warfare_types: Type.Optional(S.warfare_types),
  intensity: Type.Optional(S.intensity),
  tempo: Type.Optional(S.tempo),
  special_events: Type.Optional(S.special_events),
  environmental_conditions: Type.Optional(S.environmental_conditions),
  injury_mix: Type.Optional(Type.Object(injuryMixSchema.properties, { description: 'shares of battle injury, non-battle injury and disease: fractions summing to 1 or percentages summing to 100 (alias: injury_distribution)' })),
  front_configs: Type.Optional(Type.Array(frontSchema, { minItems: 1, description: 'fronts; each one\'s nationality percentages sum to 100' })),
  facility_configs: Type.Optional(Type.Array(facilitySchema, { description: 'death (kia_rate) and return-to-duty rates by role, overriding the defaults' })),
  evacuation_times: Type.Optional(Type.Record(Type.String(), triageTable, { description: 'stay at each role (POI, Role1…Role4), by triage' })),
  transit_times: Type.Optional(Type.Record(Type.String(), triageTable, { description: 'transit between consecutive roles (POI_to_Role1 … Role3_to_Role4), by triage' })),
  exact_quotas: Type.Optional(S.exact_quotas),
  female_ratio: Type.Optional(S.female_ratio),
  metadata: Type.Optional(S.metadata),
}, { additionalProperties: false, examples: [SCENARIO_EXAMPLE] }));

/** One patient as JSON, NDJSON and the results pages write it (the core fields; more are listed in docs/formats). */
export function patientDoc(): Record<string, unknown> {
  let example: unknown;
  try {
    const parsed = parseScenario({ ...SCENARIO_EXAMPLE, total_patients: 1 });
    if (parsed.ok) example = JSON.parse(JSON.stringify(patientAt(createRun(parsed.scenario), 0)));
  } catch {
    example = undefined; // the document still describes the fields
  }
  return plain(Type.Object({
    id: Type.Integer({ minimum: 0, description: 'index in the run (0-based)' }),
    uuid: Type.String({ format: 'uuid' }),
    demographics: Type.Object({}, { additionalProperties: true, description: 'name, gender, birth date, nationality, rank, unit, blood type…' }),
    nationality: Type.String({ description: 'NATO alpha-3 code' }),
    front: Type.String(),
    injury_type: Type.String({ description: 'BATTLE_TRAUMA (battle injury), NON_BATTLE (non-battle injury) or DISEASE' }),
    triage_category: Type.String({ description: 'T1–T4' }),
    primary_condition: Type.Object({}, { additionalProperties: true, description: 'SNOMED CT code and display, ICD-10, severity' }),
    treatment_history: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'treatments and observations at each role visited' }),
  }, { additionalProperties: true, ...(example === undefined ? {} : { examples: [example] }) }));
}

/** The error envelope of every 4xx and 5xx (spec service §1). */
export const ErrorDoc = plain(Type.Object({
  error: Type.String({ description: 'the status name, e.g. "Validation Error"' }),
  detail: Type.Unknown({ description: 'a message, or for 422 a list of {path, message} (path: the field for programs, message: in the form\'s words)' }),
  timestamp: Type.String({ format: 'date-time' }),
  request_id: Type.String({ description: 'equals the X-Request-Id header' }),
}, { examples: [{ error: 'Validation Error', detail: [{ path: 'configuration.front_configs[1].nationality_distribution', message: 'Front 2 (Latvia): nationality percentages sum to 90, must be 100 (±0.5)' }], timestamp: '2025-06-01T12:00:00.000Z', request_id: '3f0c…' }] }));

const CONFIGURATION_EXAMPLE = { description: 'Two fronts, two days', ...SCENARIO_EXAMPLE };

/** Per operation (`METHOD url`): documented request body, responses by status, parameter examples. */
export interface OperationDoc {
  body?: Record<string, unknown>;
  response?: Record<string, Record<string, unknown>>;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
}

export function operationDocs(): Record<string, OperationDoc> {
  const patient = patientDoc();
  const configurationBody = { ...ScenarioDoc, description: 'A scenario with `name` (required on create) and `description` at the top level (v1 shape), or `{name, description?, config: {…scenario}}`', examples: [CONFIGURATION_EXAMPLE] };
  return {
    'POST /api/v1/generation/': {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          configuration: { ...ScenarioDoc, description: 'the scenario to generate (give this or configuration_id)' },
          configuration_id: { type: 'string', format: 'uuid', nullable: true, description: 'a saved configuration: its id (the latest version) or a version_id (that version)' },
          configuration_version: { type: 'integer', minimum: 1, nullable: true, description: 'with configuration_id: this version number' },
          output_formats: { type: 'array', items: { type: 'string', enum: [...JOB_FORMATS] }, default: ['json'] },
          use_compression: { type: 'boolean', default: false, description: 'gzip each output file' },
          use_encryption: { type: 'boolean', default: false, description: 'AES-256-GCM each output file (decrypt with `medgen decrypt`)' },
          encryption_password: { type: 'string', nullable: true, description: 'at least 8 characters; kept in memory only, never stored' },
          priority: { type: 'string', enum: ['low', 'normal', 'high'], default: 'normal' },
          total_patients: { type: 'integer', minimum: 1, nullable: true, description: "overrides the configuration's count" },
        },
        examples: [{ configuration: SCENARIO_EXAMPLE, output_formats: ['json', 'csv'], priority: 'normal' }],
      },
    },
    'POST /api/v1/configurations/': { body: configurationBody },
    'PUT /api/v1/configurations/:id': { body: { ...configurationBody, examples: [{ ...CONFIGURATION_EXAMPLE, total_patients: 45 }] } },
    'POST /api/v1/configurations/validate/': { body: { ...configurationBody, examples: [{ ...SCENARIO_EXAMPLE, front_configs: [{ ...SCENARIO_EXAMPLE.front_configs[0], casualty_rate: 0 }] }] } },
    'POST /api/v1/streaming/generate': { body: { ...ScenarioDoc, examples: [{ ...SCENARIO_EXAMPLE, total_patients: 10 }] }, query: { format: 'ndjson' } },
    'GET /api/v1/streaming/generate': { query: { preset: 'training_exercise', count: 10, seed: '7', format: 'ndjson' } },
    'GET /api/v1/jobs/:id/results': {
      response: {
        200: {
          type: 'object', required: ['job_id', 'total', 'page', 'per_page', 'total_pages', 'patients'],
          properties: {
            job_id: { type: 'string' }, total: { type: 'integer' }, page: { type: 'integer' }, per_page: { type: 'integer' }, total_pages: { type: 'integer' },
            patients: { type: 'array', items: patient },
          },
        },
      },
      query: { page: 1, per_page: 5 },
    },
    'GET /api/v1/visualizations/patient-detail/:patient_id': { response: { 200: patient }, params: { patient_id: '0' } },
    'GET /api/v1/presets/:id': { params: { id: 'nato_article_5' } },
    'GET /api/v1/jobs/:id/patients/:patient_id/card.pdf': { params: { patient_id: '0' } },
    'GET /api/v1/jobs/': { query: { limit: 10 } },
    'POST /api/v1/auth/signin': { body: { type: 'object', required: ['token'], properties: { token: { type: 'string', description: 'the `signin` value of the link printed at start' } }, examples: [{ token: 'the-token-from-the-console-link' }] } },
    'POST /api/v1/admin/keys/': { body: { examples: [{ name: 'Exercise control', email: 'ops@example.org', expires_days: 30, limits: { patients_per_request: 10000, requests_per_minute: 120 } }] } },
    'POST /api/v1/admin/keys/lookup': { body: { examples: [{ key: DEMO_KEY }] } },
    'PATCH /api/v1/admin/keys/:id/limits': { body: { examples: [{ requests_per_minute: 120, requests_per_day: null }] } },
    'POST /api/v1/admin/keys/:id/extend': { body: { examples: [{ days: 30 }] } },
    'POST /api/v1/admin/keys/:id/rotate': { body: { examples: [{ name: 'Exercise control (rotated)' }] } },
    'POST /api/v1/admin/keys/cleanup': { query: { dry_run: true } },
  };
}
