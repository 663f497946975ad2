import { Type, type Static } from '@sinclair/typebox';
import { CARD_LAYOUTS } from '../../formats/index.js';
import { JOB_FORMATS, type JobFormat } from '../../jobs/index.js';
import type { App, JobDeps } from '../app-type.js';
import { errors, type FieldProblem } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { enforcePatients } from '../plugins/limits.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_PASSWORD = 8;

/** The v1 generation request (spec service §2.1). Formats are checked by hand for the v1 message. */
const GenerationBody = Type.Object({
  configuration_id: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'a saved configuration: its id (the latest version) or a version_id (that version)' })),
  configuration_version: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()], { description: 'with configuration_id: generate this version number instead of the latest' })),
  configuration: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'a scenario (domain spec §2)' })),
  output_formats: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: JOB_FORMATS.join(', '), default: ['json'] })),
  use_compression: Type.Optional(Type.Boolean({ default: false, description: 'gzip each output file' })),
  card_layout: Type.Optional(Type.Union(CARD_LAYOUTS.map((l) => Type.Literal(l)), { description: 'page layout of cards.pdf (cards-pdf): a4 (default), a4-2up, a4-4up, a5, a6' })),
  use_encryption: Type.Optional(Type.Boolean({ default: false, description: 'AES-256-GCM each output file; refused (422) by an API-only server, which cannot hand the password to a worker' })),
  encryption_password: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()], { description: `at least ${MIN_PASSWORD} characters; kept in memory only, never stored` })),
  priority: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high')], { default: 'normal' })),
  total_patients: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "overrides the configuration's count" })),
}, { additionalProperties: false });

function formatProblems(formats: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (formats.length === 0) problems.push({ path: 'output_formats', message: `Invalid output format list: give at least one of ${JOB_FORMATS.join(', ')}` });
  formats.forEach((f, i) => {
    if (!(JOB_FORMATS as readonly string[]).includes(f)) problems.push({ path: `output_formats[${i}]`, message: `Invalid output format "${f}"; allowed: ${JOB_FORMATS.join(', ')}` });
  });
  return problems;
}

/**
 * The request's own problems (which source, formats, encryption), all listed in one 422 before
 * any scenario is read.
 */
function requestProblems(body: Static<typeof GenerationBody>, formats: string[], password: string | undefined, runsJobs: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const hasId = body.configuration_id !== undefined && body.configuration_id !== null;
  const hasConfig = body.configuration !== undefined && body.configuration !== null;
  if (hasId === hasConfig) problems.push({ path: hasId ? 'configuration' : 'configuration_id', message: 'give exactly one of configuration_id and configuration' });
  if (hasId && !UUID.test(body.configuration_id as string)) problems.push({ path: 'configuration_id', message: 'must be a UUID' });
  if (body.configuration_version != null && !hasId) problems.push({ path: 'configuration_version', message: 'needs configuration_id' });
  problems.push(...formatProblems(formats));
  if (body.use_encryption && (password === undefined || password.length < MIN_PASSWORD)) {
    problems.push({ path: 'encryption_password', message: `encryption_password of at least ${MIN_PASSWORD} characters is required when use_encryption is true` });
  }
  if (body.use_encryption && !runsJobs) {
    problems.push({
      path: 'use_encryption',
      message: 'this server does not run jobs (API only) and the encryption password is kept in the memory of the process that accepted it, never stored, so no worker could encrypt the files; '
        + 'send encrypted jobs to a server that runs jobs (`medgen serve` without --no-workers), or generate unencrypted and encrypt the download',
    });
  }
  return problems;
}

/** POST /api/v1/generation/: validates everything at submit, then queues a durable job. */
export function registerGenerationRoutes(app: App, deps: JobDeps): void {
  const { jobs, scenarios } = deps.services;
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
    const body = request.body;
    const formats = [...new Set(body.output_formats ?? ['json'])];
    const password = body.encryption_password ?? undefined;
    const problems = requestProblems(body, formats, password, jobs.runsJobs);
    if (problems.length > 0) throw errors.validation(problems);

    const resolved = await scenarios.resolve({
      configurationId: body.configuration_id ?? undefined,
      configurationVersion: body.configuration_version ?? undefined,
      inline: body.configuration ? { scenario: body.configuration, field: 'configuration' } : undefined,
      count: body.total_patients != null ? { value: body.total_patients, field: 'total_patients' } : undefined,
    }, principal);
    const prepared = jobs.prepare({
      owner: principal, scenario: resolved.input, configurationId: resolved.configurationId,
      formats: formats as JobFormat[], compress: body.use_compression === true, cardLayout: body.card_layout,
      password: body.use_encryption ? password : undefined, priority: body.priority ?? 'normal',
    });
    await enforcePatients(request, reply, prepared.total);
    const { row, estimatedSeconds } = await jobs.submit(prepared);
    reply.code(201);
    return { job_id: row.id, status: 'queued' as const, message: `Job queued: ${row.total_patients} patients as ${formats.join(', ')}`, estimated_duration: estimatedSeconds };
  });
}
