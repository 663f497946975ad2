import { Type } from '@sinclair/typebox';
import { ConfigurationsRepository, configurationScenario } from '../../db/index.js';
import { JOB_FORMATS, ScenarioError, type JobFormat, type JobPriority, type JobService, type PreparedJob } from '../../jobs/index.js';
import type { App } from '../app.js';
import type { AppDeps } from '../context.js';
import { errors, type FieldProblem } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { enforcePatients } from '../plugins/limits.js';
import { registerDownloadRoutes } from './downloads.js';
import { registerJobEventRoutes } from './job-events.js';
import { registerJobResultRoutes } from './job-results.js';
import { registerJobRoutes } from './jobs.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_PASSWORD = 8;

/** The v1 generation request (spec service §2.1). Formats are checked by hand for the v1 message. */
const GenerationBody = Type.Object({
  configuration_id: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'a saved configuration: its id (the latest version) or a version_id (that version)' })),
  configuration_version: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()], { description: 'with configuration_id: generate this version number instead of the latest' })),
  configuration: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'a scenario (domain spec §2)' })),
  output_formats: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: JOB_FORMATS.join(', '), default: ['json'] })),
  use_compression: Type.Optional(Type.Boolean({ default: false, description: 'gzip each output file' })),
  use_encryption: Type.Optional(Type.Boolean({ default: false, description: 'AES-256-GCM each output file; refused (422) by an API-only server, which cannot hand the password to a worker' })),
  encryption_password: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()], { description: `at least ${MIN_PASSWORD} characters; kept in memory only, never stored` })),
  priority: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high')], { default: 'normal' })),
  total_patients: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "overrides the configuration's count" })),
}, { additionalProperties: false });

interface Body {
  configuration_id?: string | null;
  configuration_version?: number | null;
  configuration?: Record<string, unknown> | null;
  output_formats?: string[];
  use_compression?: boolean;
  use_encryption?: boolean;
  encryption_password?: string | null;
  priority?: JobPriority;
  total_patients?: number | null;
}

function formatProblems(formats: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (formats.length === 0) problems.push({ path: 'output_formats', message: `Invalid output format list: give at least one of ${JOB_FORMATS.join(', ')}` });
  formats.forEach((f, i) => {
    if (!(JOB_FORMATS as readonly string[]).includes(f)) problems.push({ path: `output_formats[${i}]`, message: `Invalid output format "${f}"; allowed: ${JOB_FORMATS.join(', ')}` });
  });
  return problems;
}

/** POST /api/v1/generation/: validates everything at submit, then queues a durable job. */
export function registerGenerationRoutes(app: App, deps: AppDeps, jobs: JobService): void {
  const configurations = new ConfigurationsRepository(deps.database.db);
  app.post('/api/v1/generation/', {
    config: { auth: 'key', limit: 'work' },
    schema: {
      tags: ['generation'], summary: 'Start a generation job',
      body: GenerationBody,
      response: {
        201: Type.Object({
          job_id: Type.String({ format: 'uuid' }),
          status: Type.Union([Type.Literal('pending'), Type.Literal('queued')]),
          message: Type.String(),
          estimated_duration: Type.Number({ description: 'seconds, from measured throughput' }),
        }),
      },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const body = request.body as Body;
    const problems: FieldProblem[] = [];
    const hasId = body.configuration_id !== undefined && body.configuration_id !== null;
    const hasConfig = body.configuration !== undefined && body.configuration !== null;
    if (hasId === hasConfig) problems.push({ path: hasId ? 'configuration' : 'configuration_id', message: 'give exactly one of configuration_id and configuration' });
    if (hasId && !UUID.test(body.configuration_id as string)) problems.push({ path: 'configuration_id', message: 'must be a UUID' });
    const version = body.configuration_version ?? undefined;
    if (version !== undefined && !hasId) problems.push({ path: 'configuration_version', message: 'needs configuration_id' });
    const formats = [...new Set(body.output_formats ?? ['json'])];
    problems.push(...formatProblems(formats));
    const password = body.encryption_password ?? undefined;
    if (body.use_encryption && (password === undefined || password.length < MIN_PASSWORD)) {
      problems.push({ path: 'encryption_password', message: `encryption_password of at least ${MIN_PASSWORD} characters is required when use_encryption is true` });
    }
    if (body.use_encryption && !jobs.runsJobs) {
      problems.push({
        path: 'use_encryption',
        message: 'this server does not run jobs (API only) and the encryption password is kept in the memory of the process that accepted it, never stored, so no worker could encrypt the files; '
          + 'send encrypted jobs to a server that runs jobs (`medgen serve` without --no-workers), or generate unencrypted and encrypt the download',
      });
    }
    if (problems.length > 0) throw errors.validation(problems);

    let scenario: Record<string, unknown>;
    let configurationId: string | null = null;
    if (hasId) {
      const row = await configurations.resolve(body.configuration_id as string, principal, version);
      if (!row) throw errors.notFound(version === undefined ? `configuration "${body.configuration_id}"` : `version ${version} of configuration "${body.configuration_id}"`);
      scenario = configurationScenario(row);
      configurationId = row.id; // the job records the exact version it generated
    } else {
      scenario = { ...(body.configuration as Record<string, unknown>) };
    }
    if (body.total_patients !== undefined && body.total_patients !== null) {
      delete scenario.count; // its alias would clash with the override
      scenario.total_patients = body.total_patients;
    }
    let prepared: PreparedJob;
    try {
      prepared = jobs.prepare({
        owner: principal, scenario, configurationId,
        formats: formats as JobFormat[], compress: body.use_compression === true,
        password: body.use_encryption ? password : undefined, priority: body.priority ?? 'normal',
      });
    } catch (err) {
      if (err instanceof ScenarioError) {
        // Inline problems point into `configuration`; a saved one's are its own field paths.
        const pathOf = (path: string): string => {
          if (path === 'total_patients' && body.total_patients != null) return 'total_patients';
          if (hasId) return path || 'configuration_id';
          return path ? `configuration.${path}` : 'configuration';
        };
        throw errors.validation(err.problems.map((p) => ({ path: pathOf(p.path), message: p.message })));
      }
      throw err;
    }
    await enforcePatients(request, reply, prepared.total);
    const { row, estimatedSeconds } = await jobs.submit(prepared);
    reply.code(201);
    return { job_id: row.id, status: 'queued' as const, message: `Job queued: ${row.total_patients} patients as ${formats.join(', ')}`, estimated_duration: estimatedSeconds };
  });
}

/** Every route of the jobs module: submit, list/read/cancel/delete, events, results, downloads. */
export function registerJobModule(app: App, deps: AppDeps, jobs: JobService): void {
  registerGenerationRoutes(app, deps, jobs);
  registerJobRoutes(app, jobs);
  registerJobEventRoutes(app, jobs);
  registerJobResultRoutes(app, jobs);
  registerDownloadRoutes(app, jobs);
}
