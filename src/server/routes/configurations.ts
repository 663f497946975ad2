import { Type, type Static } from '@sinclair/typebox';
import { MAX_OFFSET } from '../pagination.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigurationInput, ConfigurationRow } from '../../db/index.js';
import { FINAL_STATUSES, estimateOutcomes, parseScenario } from '../../engine/index.js';
import type { App } from '../app-type.js';
import type { AppDeps } from '../context.js';
import { errors, type FieldProblem } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { fieldProblems } from '../services/scenario-resolution.js';

const BASE = '/api/v1/configurations';
const tags = ['configurations'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME_MAX = 200;
const DESCRIPTION_MAX = 2000;

/** Fields the server sets; a client sending back what it read (v1 clients do) has them ignored. */
const SERVER_FIELDS = ['id', 'version_id', 'lineage_id', 'version', 'parent_config_id', 'is_latest', 'created_at', 'updated_at', 'owner_key_id'];

const ScenarioBody = Type.Object({}, {
  additionalProperties: true,
  description: 'A scenario (domain spec §2) with `name` and optional `description` at the top level (v1 shape), '
    + 'or `{name, description?, config: {…scenario}}`.',
});

/** v1 shape: the scenario's fields flat, beside the version metadata. */
export const ConfigurationSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'the configuration\'s stable id: the same for every version; GET and generating by it use the latest version' }),
  version_id: Type.String({ format: 'uuid', description: 'this version\'s own id (equal to `id` for version 1); GET and generating by it use exactly this version' }),
  lineage_id: Type.String({ format: 'uuid', description: 'the same as `id` (kept for older clients)' }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer({ minimum: 1 }),
  parent_config_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: '`version_id` of the version this one replaced' }),
  is_latest: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
}, { additionalProperties: true });

const IdParams = Type.Object({ id: Type.String({ maxLength: 100, description: 'a configuration id, or one version\'s `version_id`' }) });
const VersionParams = Type.Object({ id: Type.String({ maxLength: 100 }), version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toResponse(row: ConfigurationRow): Static<typeof ConfigurationSchema> {
  return {
    ...row.config,
    id: row.lineage_id,
    version_id: row.id,
    lineage_id: row.lineage_id,
    name: row.name,
    description: row.description,
    version: row.version,
    parent_config_id: row.parent_config_id,
    is_latest: row.is_latest,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

interface BodyParts {
  name: unknown;
  description: unknown;
  scenario: Record<string, unknown>;
  /** Path prefix of scenario problems: 'config' for the nested form. */
  prefix: string;
  problems: FieldProblem[];
}

/** Splits a body of either form into name, description and scenario. */
function splitBody(body: Record<string, unknown>): BodyParts {
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !SERVER_FIELDS.includes(k)));
  const problems: FieldProblem[] = [];
  if (!('config' in rest)) {
    const { name, description, ...scenario } = rest;
    return { name, description, scenario, prefix: '', problems };
  }
  const config = rest.config;
  for (const k of Object.keys(rest)) {
    if (!['name', 'description', 'config'].includes(k)) problems.push({ path: k, message: 'give the scenario either at the top level or inside "config", not both' });
  }
  if (!isObject(config)) {
    problems.push({ path: 'config', message: 'must be an object (the scenario)' });
    return { name: rest.name, description: rest.description, scenario: {}, prefix: 'config', problems };
  }
  const { name, description, ...scenario } = config;
  return { name: rest.name ?? name, description: rest.description ?? description, scenario, prefix: 'config', problems };
}

function scenarioProblems(scenario: Record<string, unknown>, prefix: string): FieldProblem[] {
  const parsed = parseScenario(scenario);
  return parsed.ok ? [] : fieldProblems(parsed.errors, prefix);
}

/**
 * Reads a create or update body into what is stored, or throws a 422 listing every problem.
 * `previous` supplies name and description when an update leaves them out.
 */
function readConfiguration(body: unknown, previous?: ConfigurationRow): ConfigurationInput {
  if (!isObject(body)) throw errors.validation([{ path: '(body)', message: 'must be a JSON object' }]);
  const parts = splitBody(body);
  const problems = [...parts.problems];
  const name = parts.name ?? previous?.name;
  if (name === undefined) problems.push({ path: 'name', message: 'is required' });
  else if (typeof name !== 'string' || name.trim() === '' || name.length > NAME_MAX) problems.push({ path: 'name', message: `must be a non-empty text of at most ${NAME_MAX} characters` });
  const description = parts.description === undefined ? (previous?.description ?? null) : parts.description;
  if (description !== null && (typeof description !== 'string' || description.length > DESCRIPTION_MAX)) {
    problems.push({ path: 'description', message: `must be a text of at most ${DESCRIPTION_MAX} characters, or null` });
  }
  problems.push(...scenarioProblems(parts.scenario, parts.prefix));
  if (problems.length > 0) throw errors.validation(problems);
  return { name: (name as string).trim(), description: description as string | null, config: parts.scenario };
}

/** Saved scenarios with version history (spec service §2), each visible to its owner key and admin keys. */
export function registerConfigurationRoutes(app: App, deps: AppDeps): void {
  const repo = deps.services.configurations;

  /** The version the path names: a configuration id → its latest version; a version id → that version. */
  async function visibleRow(request: FastifyRequest): Promise<ConfigurationRow> {
    const { id, version } = request.params as { id: string; version?: number };
    const row = UUID.test(id) ? await repo.resolve(id, principalOf(request), version) : undefined;
    if (!row) throw errors.notFound(version === undefined ? `configuration ${id}` : `version ${version} of configuration ${id}`);
    return row;
  }

  app.post(`${BASE}/`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: 'Save a scenario as a new configuration (version 1)', body: ScenarioBody,
      response: { 201: ConfigurationSchema },
    },
  }, async (request, reply) => {
    const input = readConfiguration(request.body);
    const row = await repo.create(principalOf(request).keyId, input);
    return reply.code(201).send(toResponse(row));
  });

  app.get(`${BASE}/`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: 'The latest version of each saved configuration, most recently saved first; total in X-Total-Count',
      querystring: Type.Object({
        skip: Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 }),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
      }),
      response: { 200: Type.Array(ConfigurationSchema) },
    },
  }, async (request, reply) => {
    const { skip, limit } = request.query as { skip: number; limit: number };
    const { rows, total } = await repo.listLatest(principalOf(request), skip, limit);
    reply.header('X-Total-Count', String(total));
    return rows.map(toResponse);
  });

  app.post(`${BASE}/validate/`, {
    config: { auth: 'key' },
    schema: {
      tags,
      summary: 'Check a scenario without saving it; every problem with its path, and for a valid scenario the expected outcome mix',
      description: 'expected_outcomes: the share of each final status in a fixed-seed sample of the scenario run through the clinical model (engine estimateOutcomes).',
      body: ScenarioBody,
      response: {
        200: Type.Object({
          valid: Type.Boolean(),
          errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
          expected_outcomes: Type.Optional(Type.Object(Object.fromEntries(FINAL_STATUSES.map((s) => [s, Type.Number({ minimum: 0, maximum: 1 })])))),
        }),
      },
    },
  }, async (request) => {
    const parts = splitBody(request.body as Record<string, unknown>);
    const problems = [...parts.problems, ...scenarioProblems(parts.scenario, parts.prefix)];
    if (parts.name !== undefined && (typeof parts.name !== 'string' || parts.name.length > NAME_MAX)) problems.unshift({ path: 'name', message: `must be a text of at most ${NAME_MAX} characters` });
    if (problems.length > 0) return { valid: false, errors: problems };
    const parsed = parseScenario(parts.scenario);
    return { valid: true, errors: problems, ...(parsed.ok ? { expected_outcomes: estimateOutcomes(parsed.scenario) } : {}) };
  });

  app.get(`${BASE}/:id`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: 'A configuration: its latest version by the configuration id, or one version by its version_id',
      params: IdParams, response: { 200: ConfigurationSchema },
    },
  }, async (request) => toResponse(await visibleRow(request)));

  app.get(`${BASE}/:id/versions/:version`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'One version of a configuration by its number', params: VersionParams, response: { 200: ConfigurationSchema } },
  }, async (request) => toResponse(await visibleRow(request)));

  app.put(`${BASE}/:id`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: 'Save a new version (version + 1, parent = the previous latest version); the id stays, history is kept',
      params: IdParams, body: ScenarioBody, response: { 200: ConfigurationSchema },
    },
  }, async (request) => {
    const current = await visibleRow(request);
    const input = readConfiguration(request.body, current);
    // Two writers at once, repeatedly: ConcurrentVersionError, a 409 by its catalogue code.
    return toResponse(await repo.addVersion(current.lineage_id, current.owner_key_id, input));
  });

  app.delete(`${BASE}/:id`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'Delete the configuration with all its versions', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply: FastifyReply) => {
    const row = await visibleRow(request);
    await repo.deleteLineage(row.lineage_id);
    return reply.code(204).send();
  });

  app.get(`${BASE}/:id/versions`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'Every version of the configuration, oldest first', params: IdParams, response: { 200: Type.Array(ConfigurationSchema) } },
  }, async (request) => {
    const row = await visibleRow(request);
    return (await repo.versions(row.lineage_id, principalOf(request))).map(toResponse);
  });
}
