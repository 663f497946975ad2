import { Type } from '@sinclair/typebox';
import { MAX_OFFSET } from '../pagination.js';
import type { FastifyRequest } from 'fastify';
import type { JobRow, JobStatus } from '../../db/index.js';
import { jobView, type JobService } from '../../jobs/index.js';
import type { App, JobDeps } from '../app-type.js';
import { errors } from '../errors.js';
import { principalOf } from '../plugins/auth.js';

export const JOBS = '/api/v1/jobs';
export const jobTags = ['jobs'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES: JobStatus[] = ['pending', 'queued', 'running', 'completed', 'failed', 'cancelled'];

export const JobIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

const OutputFile = Type.Object({ name: Type.String(), format: Type.String(), bytes: Type.Integer(), sha256: Type.String() });

/** A job (spec service §2.2). */
export const JobSchema = Type.Object({
  job_id: Type.String({ format: 'uuid' }),
  status: Type.Union(STATUSES.map((s) => Type.Literal(s))),
  priority: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Type.Optional(Type.String({ format: 'date-time' })),
  completed_at: Type.Optional(Type.String({ format: 'date-time' })),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  progress_details: Type.Object({
    patients_generated: Type.Integer(),
    total_patients: Type.Integer(),
    current_step: Type.Union([Type.String(), Type.Null()]),
    estimated_remaining_time: Type.Union([Type.Number(), Type.Null()], { description: 'seconds' }),
  }),
  config: Type.Object({}, { additionalProperties: true, description: 'the resolved scenario, seed included; never a password' }),
  output_formats: Type.Array(Type.String()),
  output_files: Type.Optional(Type.Array(OutputFile)),
  summary: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  error: Type.Optional(Type.String()),
});

/** The job named in the path if the caller may see it; a malformed id is just an unknown job. */
export async function loadJob(jobs: JobService, request: FastifyRequest): Promise<JobRow> {
  const { id } = request.params as { id: string };
  const row = UUID.test(id) ? await jobs.find(id, principalOf(request)) : undefined;
  if (!row) throw errors.notFound(`job "${id}"`);
  return row;
}

/** Lists, reads, cancels and deletes jobs; each key sees only its own (admin keys see all). */
export function registerJobRoutes(app: App, deps: JobDeps): void {
  const { jobs } = deps.services;
  app.get(`${JOBS}/`, {
    config: { auth: 'key' },
    schema: {
      tags: jobTags, summary: "The caller's jobs, newest first (JSON array; total in X-Total-Count)",
      querystring: Type.Object({
        skip: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_OFFSET })),
        per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
      }),
      response: { 200: Type.Array(JobSchema) },
    },
  }, async (request, reply) => {
    const q = request.query as { skip?: number; limit?: number; page?: number; per_page?: number; status?: JobStatus };
    const paged = q.page !== undefined || q.per_page !== undefined;
    const limit = (paged ? q.per_page : q.limit) ?? 50;
    const offset = paged ? ((q.page ?? 1) - 1) * limit : (q.skip ?? 0);
    const { rows, total } = await jobs.list(principalOf(request), { status: q.status, offset, limit });
    reply.header('X-Total-Count', String(total));
    // Completed jobs list their files, so a jobs page needs no read per job.
    const outputs = await jobs.outputsOf(rows.filter((r) => r.status === 'completed').map((r) => r.id));
    return rows.map((r) => jobView(r, outputs.get(r.id)));
  });

  app.get(`${JOBS}/:id`, {
    config: { auth: 'key' },
    schema: { tags: jobTags, summary: 'Status, progress, output files and summary of a job', params: JobIdParams, response: { 200: JobSchema } },
  }, async (request) => {
    const row = await loadJob(jobs, request);
    return jobView(row, await jobs.outputs(row.id));
  });

  app.post(`${JOBS}/:id/cancel`, {
    config: { auth: 'key' },
    schema: {
      tags: jobTags, summary: 'Stop a job at once and remove its partial files (400 when already finished)', params: JobIdParams,
      response: { 200: Type.Composite([JobSchema, Type.Object({ message: Type.String() })]) },
    },
  }, async (request) => {
    const row = await loadJob(jobs, request);
    // A job already finished: JobStateError, answered 400 by its catalogue code.
    const cancelled = await jobs.cancel(row);
    return { ...jobView(cancelled, []), message: `job ${row.id} cancelled` };
  });

  app.delete(`${JOBS}/:id`, {
    config: { auth: 'key' },
    schema: {
      tags: jobTags, summary: 'Delete a job and its files (a running job is cancelled first)', params: JobIdParams,
      response: { 200: Type.Object({ job_id: Type.String(), deleted: Type.Boolean(), message: Type.String() }) },
    },
  }, async (request) => {
    const row = await loadJob(jobs, request);
    await jobs.delete(row);
    return { job_id: row.id, deleted: true, message: `job ${row.id} and its files deleted` };
  });
}
