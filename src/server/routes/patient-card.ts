import { Type } from '@sinclair/typebox';
import { parseScenario } from '../../engine/index.js';
import { CARD_LAYOUTS, casualtyCardsPdf, type CardLayout, type CardsDocInfo } from '../../formats/index.js';
import type { App, JobDeps } from '../app-type.js';
import { errors } from '../errors.js';
import { JOBS, jobTags, loadJob } from './jobs.js';

/**
 * GET /jobs/{id}/patients/{patient_id}/card.pdf: one casualty's role-player and controller cards
 * (docs/exercise-pack.md). The patient is regenerated from the job's stored scenario and seed
 * (random access by index, as the results pages do), so a card is there whether or not the job
 * asked for cards-pdf and costs one patient, not a read of the job's files; the pages are the
 * same as that casualty's pages in the job's cards.pdf.
 */
export function registerPatientCardRoutes(app: App, deps: JobDeps): void {
  const { jobs } = deps.services;
  app.get(`${JOBS}/:id/patients/:patient_id/card.pdf`, {
    config: { auth: 'key' },
    schema: {
      tags: jobTags,
      summary: "One casualty's role-player and controller cards as a PDF (404 for another key's job or an unknown patient)",
      params: Type.Object({
        id: Type.String({ maxLength: 100 }),
        patient_id: Type.String({ pattern: '^[0-9]{1,9}$', description: 'the patient_id (0-based index in the run, the card number)' }),
      }),
      querystring: Type.Object({
        layout: Type.Union(CARD_LAYOUTS.map((l) => Type.Literal(l)), { default: 'a4', description: 'page layout, as --card-layout' }),
      }),
      produces: ['application/pdf'],
      response: { 200: Type.Unsafe<Buffer>(Type.String({ format: 'binary' })) },
    },
  }, async (request, reply) => {
    const row = await loadJob(jobs, request);
    if (row.status !== 'completed') throw errors.badRequest(`job ${row.id} is ${row.status}; its patients are available once it has completed`);
    const index = Number((request.params as { patient_id: string }).patient_id);
    const total = Number((row.summary as { total_patients?: number } | null)?.total_patients ?? row.total_patients);
    const patient = index < total ? jobs.patients(row, index, index + 1)[0] : undefined;
    if (!patient) throw errors.notFound(`patient ${index} of job "${row.id}"`);
    const parsed = parseScenario(row.scenario);
    const scenario = parsed.ok ? parsed.scenario : undefined;
    const info: CardsDocInfo = {
      // As the job's cards.pdf: the scenario's base date, never the clock, so the same request gives the same bytes.
      created: `${scenario?.base_date ?? '1980-01-01'}T00:00:00Z`,
      title: `${scenario?.name ?? 'medgen'} — casualty ${patient.id}`,
      subject: `job ${row.id}, seed ${String(scenario?.seed ?? '')}`,
      creator: 'medgen',
    };
    const pdf = await casualtyCardsPdf(patient, info, (request.query as { layout: CardLayout }).layout);
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="casualty-${patient.id}_${row.id}.pdf"`)
      .send(pdf);
  });
}
