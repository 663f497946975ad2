import type { Coded, Condition, Observation } from '../../engine/index.js';
import type { BuildContext, FhirEntry } from './context.js';
import { concept, coding, flatAscii, FragmentCache, q } from './json-text.js';
import { ALLERGY_CATEGORY, BODY_SITES, SYSTEM, VITAL_SIGN_CODES } from './terminology.js';

const CLINICAL_ACTIVE = flatAscii(concept(SYSTEM.conditionClinical, 'active', 'Active'));
const CLINICAL_RESOLVED = flatAscii(concept(SYSTEM.conditionClinical, 'resolved', 'Resolved'));
const CONFIRMED = flatAscii(concept(SYSTEM.conditionVerification, 'confirmed', 'Confirmed'));
const ENCOUNTER_DIAGNOSIS = flatAscii(concept(SYSTEM.conditionCategory, 'encounter-diagnosis', 'Encounter Diagnosis'));
const VITAL_SIGNS = flatAscii(concept(SYSTEM.observationCategory, 'vital-signs', 'Vital Signs'));
const SURVEY = flatAscii(concept(SYSTEM.observationCategory, 'survey', 'Survey'));
const ALLERGY_ACTIVE = flatAscii(concept(SYSTEM.allergyClinical, 'active', 'Active'));
const ALLERGY_CONFIRMED = flatAscii(concept(SYSTEM.allergyVerification, 'confirmed', 'Confirmed'));

const snomed = new FragmentCache((code, display) => concept(SYSTEM.snomed, code, display));
const bodySites = new FragmentCache((part) => {
  const site = BODY_SITES[part];
  return site ? `"bodySite":[${concept(SYSTEM.snomed, site.code, site.display, part)}],` : '';
});
/** Everything of an Observation between its id and its subject, per LOINC code. */
const observationHead = new FragmentCache((code, display) =>
  `","status":"final","category":[${VITAL_SIGN_CODES.has(code) ? VITAL_SIGNS : SURVEY}],` +
  `"code":{"coding":[${coding(SYSTEM.loinc, code, display)}]},"subject":`);
/** An Observation's valueQuantity tail after the value, per UCUM unit. */
const quantityTail = new FragmentCache((unit) => `,"unit":${q(unit)},"system":"${SYSTEM.ucum}","code":${q(unit)}}}`);

export interface ConditionInput {
  condition: Condition;
  /** Injuries carry the body site; diseases do not. */
  bodySite: boolean;
  /** `{"reference":…}` to the encounter where it was diagnosed. */
  encounter?: string;
  /** Set when the patient returned to duty: the condition is resolved then. */
  abatement?: string;
}

/** Condition: SNOMED CT code and severity, onset at the injury time, body site for injuries. */
export function conditionResource(ctx: BuildContext, id: string, input: ConditionInput): FhirEntry {
  const p = ctx.patient;
  const c = input.condition;
  const json =
    `{"resourceType":"Condition","id":"${id}",` +
    `"clinicalStatus":${input.abatement === undefined ? CLINICAL_ACTIVE : CLINICAL_RESOLVED},"verificationStatus":${CONFIRMED},` +
    `"category":[${ENCOUNTER_DIAGNOSIS}],` +
    `"severity":${snomed.get(c.severity_code, c.severity)},` +
    `"code":${snomed.get(c.code, c.display)},` +
    (input.bodySite ? bodySites.get(p.body_part, '') : '') +
    `"subject":${ctx.subject}` +
    (input.encounter === undefined ? '' : `,"encounter":${input.encounter}`) +
    `,"onsetDateTime":"${p.injury_timestamp}"` +
    (input.abatement === undefined ? '' : `,"abatementDateTime":"${input.abatement}"`) +
    `,"recordedDate":"${p.injury_timestamp}"}`;
  return { type: 'Condition', id, json };
}

/** AllergyIntolerance: a confirmed, active allergy to a SNOMED CT substance. */
export function allergyResource(ctx: BuildContext, id: string, allergen: Coded): FhirEntry {
  const category = ALLERGY_CATEGORY[allergen.code] ?? 'medication';
  const json =
    `{"resourceType":"AllergyIntolerance","id":"${id}","clinicalStatus":${ALLERGY_ACTIVE},"verificationStatus":${ALLERGY_CONFIRMED},` +
    `"type":"allergy","category":["${category}"],"code":${snomed.get(allergen.code, allergen.display)},` +
    `"patient":${ctx.subject}}`;
  return { type: 'AllergyIntolerance', id, json };
}

/** Procedure: a completed SNOMED CT procedure performed during a facility visit. */
export function procedureResource(ctx: BuildContext, id: string, procedure: Coded, encounter: string, at: string): FhirEntry {
  const json =
    `{"resourceType":"Procedure","id":"${id}","status":"completed","code":${snomed.get(procedure.code, procedure.display)},` +
    `"subject":${ctx.subject},"encounter":${encounter},"performedDateTime":"${at}"}`;
  return { type: 'Procedure', id, json };
}

/** Observation: a LOINC-coded measurement with a UCUM valueQuantity. */
export function observationResource(ctx: BuildContext, id: string, o: Observation, encounter: string, at: string): FhirEntry {
  const json =
    `{"resourceType":"Observation","id":"${id}${observationHead.get(o.code, o.display)}${ctx.subject},` +
    `"encounter":${encounter},"effectiveDateTime":"${at}","valueQuantity":{"value":${o.value}${quantityTail.get(o.unit, '')}`;
  return { type: 'Observation', id, json };
}
