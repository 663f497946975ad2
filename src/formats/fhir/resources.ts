import type { AisRegion, Facility, Patient } from '../../engine/index.js';
import {
  allergyResource, conditionResource, injurySeverityResource, medicationResource, observationResource, procedureResource, triageResource,
  type ConditionInput,
} from './clinical.js';
import { BuildContext, type FhirEntry } from './context.js';
import { reference } from './json-text.js';
import { diagnosisList, encounterResource } from './encounter.js';
import type { RefStyle } from './ids.js';
import { locationResource, patientResource } from './patient-resource.js';
import { AIS, BODY_SITES } from './terminology.js';
import { rtdTime, visitsOf } from './visits.js';

const REGION_TEXT: Record<AisRegion, string> = {
  head_neck: 'head or neck', face: 'face', chest: 'chest', abdomen: 'abdomen', extremities: 'extremities', external: 'external',
};

/**
 * The patient's conditions: one per injury (its SNOMED CT condition and ICD-10 code, body site,
 * AIS and the mechanism), or the primary conditions of a patient without injuries (a disease, a heat or cold
 * injury: the v1 body part as the site of the non-disease ones), then the additional conditions
 * (shock, infection, dehydration: no site).
 */
function conditionsOf(p: Patient): ConditionInput[] {
  const out: ConditionInput[] = [];
  for (const i of p.injuries) {
    const { level, severity } = AIS[i.ais] as (typeof AIS)[number];
    out.push({
      code: i.condition, icd10: i.icd10, severity, bodySite: i.body_site,
      ais: { level, text: `AIS ${i.ais} ${level.display} (${REGION_TEXT[i.region]})` }, mechanism: p.mechanism ?? undefined,
    });
  }
  if (p.injuries.length === 0) {
    const site = p.injury_type === 'DISEASE' ? undefined : BODY_SITES[p.body_part];
    for (const c of p.primary_conditions) {
      out.push({ code: c, icd10: { code: c.icd10, display: c.icd10_display }, severity: { code: c.severity_code, display: c.severity }, bodySite: site });
    }
  }
  for (const c of p.additional_conditions) {
    out.push({ code: c, icd10: { code: c.icd10, display: c.icd10_display }, severity: { code: c.severity_code, display: c.severity } });
  }
  return out;
}

/**
 * Every FHIR resource of one patient, in bundle order: Patient, the Locations visited,
 * Encounters, Conditions, AllergyIntolerances, Procedures, MedicationAdministrations,
 * Observations (vital signs, then triage assessments, then the injury severity score). Ids are
 * allocated in a fixed order, so they depend on the patient alone.
 */
export function patientEntries(p: Patient, style: RefStyle): FhirEntry[] {
  const ctx = new BuildContext(p, style);
  const visits = visitsOf(p);
  const encounterIds = visits.map(() => ctx.id());
  const conditions = conditionsOf(p);
  const conditionIds = conditions.map(() => ctx.id());
  const diagnosis = diagnosisList(ctx, conditionIds);
  const encounterRefs = encounterIds.map((id) => reference(ctx.ref('Encounter', id)));
  const resolvedAt = rtdTime(p);

  const out: FhirEntry[] = [patientResource(ctx)];
  const seen = new Set<Facility>();
  for (const v of visits) {
    if (!seen.has(v.facility)) out.push(locationResource(v.facility));
    seen.add(v.facility);
  }
  visits.forEach((v, i) => out.push(encounterResource(ctx, v, encounterIds[i] as string, diagnosis)));
  conditions.forEach((c, i) => {
    c.encounter = encounterRefs[0];
    c.abatement = resolvedAt;
    out.push(conditionResource(ctx, conditionIds[i] as string, c));
  });
  for (const a of p.allergies) out.push(allergyResource(ctx, ctx.id(), a));
  const procedures: FhirEntry[] = [];
  const medications: FhirEntry[] = [];
  const observations: FhirEntry[] = [];
  visits.forEach((v, i) => {
    const t = v.treatment;
    if (!t) return;
    const enc = encounterRefs[i] as string;
    for (const x of t.treatments) {
      if (x.kind === 'medication') medications.push(medicationResource(ctx, ctx.id(), x, enc));
      else procedures.push(procedureResource(ctx, ctx.id(), x, enc));
    }
    for (const o of t.observations) observations.push(observationResource(ctx, ctx.id(), o, enc));
  });
  for (const a of p.triage_assessments) {
    const at = visits.findIndex((v) => v.facility === a.facility);
    observations.push(triageResource(ctx, ctx.id(), a, encounterRefs[at]));
  }
  if (p.injuries.length > 0) observations.push(injurySeverityResource(ctx, ctx.id()));
  return out.concat(procedures, medications, observations);
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
