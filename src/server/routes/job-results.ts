import { Type } from '@sinclair/typebox';
import type { App, JobDeps } from '../app-type.js';
import { errors } from '../errors.js';
import { JobIdParams, JOBS, jobTags, loadJob } from './jobs.js';

/** GET /jobs/{id}/results: a page of a completed job's patients, regenerated from its seed. */
export function registerJobResultRoutes(app: App, deps: JobDeps): void {
  const { jobs } = deps.services;
  app.get(`${JOBS}/:id/results`, {
    config: { auth: 'key' },
    schema: {
      tags: jobTags, summary: "A page of a completed job's patients (400 unless completed)", params: JobIdParams,
      querystring: Type.Object({
        page: Type.Integer({ minimum: 1, default: 1 }),
        per_page: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
      }),
      response: {
        200: Type.Object({
          job_id: Type.String(), total: Type.Integer(), page: Type.Integer(), per_page: Type.Integer(), total_pages: Type.Integer(),
          patients: Type.Array(Type.Object({}, { additionalProperties: true })),
        }),
      },
    },
  }, async (request) => {
    const row = await loadJob(jobs, request);
    if (row.status !== 'completed') throw errors.badRequest(`job ${row.id} is ${row.status}; results are available once it has completed`);
    const { page, per_page: perPage } = request.query as { page: number; per_page: number };
    const total = Number((row.summary as { total_patients?: number } | null)?.total_patients ?? row.total_patients);
    const start = (page - 1) * perPage;
    return {
      job_id: row.id, total, page, per_page: perPage, total_pages: Math.ceil(total / perPage),
      patients: start < total ? jobs.patients(row, start, Math.min(total, start + perPage)) : [],
    };
  });
}
