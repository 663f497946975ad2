import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { createRun, parseScenario, patientAt } from '../../engine/index.js';
import type { App } from '../app-type.js';
import type { AppDeps, JobLookup } from '../context.js';
import { errors } from '../errors.js';
import { principalOf } from '../plugins/auth.js';

const BASE = '/api/v1/visualizations';
const tags = ['visualizations'];

const Count = Type.Integer({ minimum: 0 });
// Open objects: outcomes or aggregates the engine adds are passed on, not dropped by the serializer.
const open = { additionalProperties: true } as const;
const Outcomes = Type.Object({ KIA: Count, DOW: Count, RTD: Count, Remains_Role4: Count, Died_DNBI: Count }, open);
const Keyed = Type.Array(Type.Object({ key: Type.String(), count: Count, KIA: Count, DOW: Count, RTD: Count, Remains_Role4: Count, Died_DNBI: Count }, open));
const FacilityStats = Type.Object({ arrivals: Count, kia: Count, dow: Count, died_dnbi: Count, rtd: Count, remains: Count }, open);

/** engine DashboardData, with the job id first. */
const DashboardResponse = Type.Object({
  job_id: Type.String(),
  summary: Type.Object({ total_patients: Count, kia: Count, dow: Count, rtd: Count, remains_role4: Count, died_dnbi: Count, by_final_status: Outcomes }, open),
  patient_flow: Type.Object({
    nodes: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    links: Type.Array(Type.Object({ source: Type.String(), target: Type.String(), value: Count }), { description: 'Sankey links between node ids' }),
  }),
  facility_stats: Type.Record(Type.String(), FacilityStats, { description: 'per facility id POI…R4; outcomes are counted where they happened (or in the transit leaving it)' }),
  casualties_by_day: Type.Array(Type.Object({ day: Type.Integer({ minimum: 1 }), count: Count })),
  casualties_by_hour: Type.Array(Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), count: Count })),
  by_front: Keyed,
  by_nationality: Keyed,
  by_injury_type: Keyed,
  by_triage: Keyed,
  outcome_by_triage: Type.Record(Type.String(), Outcomes),
  outcome_by_injury_type: Type.Record(Type.String(), Outcomes),
  statistics: Type.Optional(Type.Object({}, { ...open, description: 'combat-casualty statistics (Holcomb 2006): CFR, %KIA, %DOW, mechanisms, body regions, ISS, time to Role 1 and to surgery (engine CasualtyStatistics)' })),
  bands: Type.Optional(Type.Array(Type.Object({}, open), { description: 'each statistic against its published band, with the source (engine BandCheck)' })),
}, open);

const JobQuery = Type.Object({ job_id: Type.String({ minLength: 1, maxLength: 100 }) });

/** Aggregates and single patients of a completed job, for the dashboard and timeline pages. */
export function registerVisualizationRoutes(app: App, deps: AppDeps): void {
  async function completedJob(request: FastifyRequest): Promise<JobLookup> {
    const { job_id: jobId } = request.query as { job_id: string };
    if (!deps.findJob) throw errors.unavailable('jobs are not enabled on this server');
    const job = await deps.findJob(jobId, principalOf(request));
    if (!job) throw errors.notFound(`job ${jobId}`);
    if (job.status !== 'completed') throw errors.badRequest(`job ${jobId} is ${job.status}; its data is available once it has completed`);
    return job;
  }

  app.get(`${BASE}/dashboard-data`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: 'Aggregates of a completed job: totals, Sankey flow, facility outcomes, per day and hour, by front, nationality, injury type and triage',
      querystring: JobQuery,
      response: { 200: DashboardResponse },
    },
  }, async (request) => {
    const job = await completedJob(request);
    const dashboard = job.summary?.dashboard;
    if (typeof dashboard !== 'object' || dashboard === null) throw errors.badRequest(`job ${job.id} has no dashboard data`);
    // Written by the engine's DashboardAccumulator when the job completed; the schema documents that shape.
    return { job_id: job.id, ...dashboard } as Static<typeof DashboardResponse>;
  });

  app.get(`${BASE}/patient-detail/:patient_id`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: "One patient of a completed job, by its numeric id (0-based index), regenerated from the job's scenario and seed",
      params: Type.Object({ patient_id: Type.String({ maxLength: 20 }) }),
      querystring: JobQuery,
      response: { 200: Type.Object({}, { additionalProperties: true, description: 'the patient record (domain spec §6)' }) },
    },
  }, async (request, reply) => {
    const { patient_id: patientId } = request.params as { patient_id: string };
    if (!/^\d{1,12}$/.test(patientId)) throw errors.validation([{ path: 'patient_id', message: "must be the patient's numeric id (0-based index)" }]);
    const job = await completedJob(request);
    const index = Number(patientId);
    if (index >= job.total_patients) throw errors.notFound(`patient ${patientId} in job ${job.id}`);
    const parsed = parseScenario(job.scenario);
    if (!parsed.ok) throw new Error(`job ${job.id} has an unreadable scenario`);
    // Only the schedule and this one patient are built, whatever the job's size.
    const patient = patientAt(createRun(parsed.scenario), index);
    // Serialised as generated: the same bytes as the patient's line in the job's files.
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(patient));
  });
}
