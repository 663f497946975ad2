import type { Facility, Patient } from '../../engine/index.js';
import { allergyResource, conditionResource, observationResource, procedureResource } from './clinical.js';
import { BuildContext, type FhirEntry } from './context.js';
import { reference } from './json-text.js';
import { diagnosisList, encounterResource } from './encounter.js';
import type { RefStyle } from './ids.js';
import { locationResource, patientResource } from './patient-resource.js';
import { rtdTime, visitsOf } from './visits.js';

/**
 * Every FHIR resource of one patient, in bundle order: Patient, the Locations visited,
 * Encounters, Conditions, AllergyIntolerances, Procedures, Observations. Ids are allocated in
 * a fixed order, so they depend on the patient alone.
 */
export function patientEntries(p: Patient, style: RefStyle): FhirEntry[] {
  const ctx = new BuildContext(p, style);
  const visits = visitsOf(p);
  const encounterIds = visits.map(() => ctx.id());
  const conditions = [...p.primary_conditions, ...p.additional_conditions];
  const conditionIds = conditions.map(() => ctx.id());
  const diagnosis = diagnosisList(ctx, conditionIds);
  const firstEncounter = encounterIds[0] === undefined ? undefined : reference(ctx.ref('Encounter', encounterIds[0]));
  const injury = p.injury_type !== 'DISEASE';
  const resolvedAt = rtdTime(p);

  const out: FhirEntry[] = [patientResource(ctx)];
  const seen = new Set<Facility>();
  for (const v of visits) {
    if (!seen.has(v.facility)) out.push(locationResource(v.facility));
    seen.add(v.facility);
  }
  visits.forEach((v, i) => out.push(encounterResource(ctx, v, encounterIds[i] as string, diagnosis)));
  conditions.forEach((c, i) => out.push(conditionResource(ctx, conditionIds[i] as string, {
    condition: c, bodySite: injury, encounter: firstEncounter, abatement: resolvedAt,
  })));
  for (const a of p.allergies) out.push(allergyResource(ctx, ctx.id(), a));
  const procedures: FhirEntry[] = [];
  const observations: FhirEntry[] = [];
  visits.forEach((v, i) => {
    const t = v.treatment;
    if (!t) return;
    const enc = reference(ctx.ref('Encounter', encounterIds[i] as string));
    for (const proc of t.treatments) procedures.push(procedureResource(ctx, ctx.id(), proc, enc, t.date));
    for (const o of t.observations) observations.push(observationResource(ctx, ctx.id(), o, enc, t.date));
  });
  return out.concat(procedures, observations);
}

/**
 * The pipeline hands the same batch array to every requested format in turn, so the bulk
 * per-type formats share one build per batch. Only the latest batch is kept (a WeakMap keyed
 * by the short-lived batches made V8's scavenges walk an ever larger ephemeron table, 5×
 * slower); the identity check also compares length and first id, so a reused array is rebuilt.
 */
const last: { batch: readonly Patient[] | undefined; entries: FhirEntry[][] } = { batch: undefined, entries: [] };

/** Every patient's resources for the bulk export (references `Type/id`), built once per batch. */
export function bulkBatchEntries(batch: readonly Patient[]): FhirEntry[][] {
  if (last.batch !== batch || last.entries.length !== batch.length || last.entries[0]?.[0]?.id !== batch[0]?.uuid) {
    last.batch = batch;
    last.entries = batch.map((p) => patientEntries(p, 'bulk'));
  }
  return last.entries;
}
