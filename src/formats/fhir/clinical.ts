import type { Coded, Observation, TimedCoded, TriageAssessment } from '../../engine/index.js';
import type { BuildContext, FhirEntry } from './context.js';
import { concept, coding, flatAscii, FragmentCache, q } from './json-text.js';
import { ALLERGY_CATEGORY, LOCAL_CODES, SYSTEM, TRIAGE_CATEGORY, VITAL_SIGN_CODES, type Code } from './terminology.js';

const CLINICAL_ACTIVE = flatAscii(concept(SYSTEM.conditionClinical, 'active', 'Active'));
const CLINICAL_RESOLVED = flatAscii(concept(SYSTEM.conditionClinical, 'resolved', 'Resolved'));
const CONFIRMED = flatAscii(concept(SYSTEM.conditionVerification, 'confirmed', 'Confirmed'));
const ENCOUNTER_DIAGNOSIS = flatAscii(concept(SYSTEM.conditionCategory, 'encounter-diagnosis', 'Encounter Diagnosis'));
const VITAL_SIGNS = flatAscii(concept(SYSTEM.observationCategory, 'vital-signs', 'Vital Signs'));
const SURVEY = flatAscii(concept(SYSTEM.observationCategory, 'survey', 'Survey'));
const ALLERGY_ACTIVE = flatAscii(concept(SYSTEM.allergyClinical, 'active', 'Active'));
const ALLERGY_CONFIRMED = flatAscii(concept(SYSTEM.allergyVerification, 'confirmed', 'Confirmed'));

const snomed = new FragmentCache((code, display) => concept(SYSTEM.snomed, code, display));
/** `"bodySite":[…],` of a SNOMED CT body structure. */
const bodySites = new FragmentCache((code, display) => `"bodySite":[${concept(SYSTEM.snomed, code, display)}],`);
/** Everything of an Observation between its id and its subject, per LOINC code. */
const observationHead = new FragmentCache((code, display) =>
  `","status":"final","category":[${VITAL_SIGN_CODES.has(code) ? VITAL_SIGNS : SURVEY}],` +
  `"code":{"coding":[${coding(SYSTEM.loinc, code, display)}]},"subject":`);
/** A valueQuantity's tail after the value, per UCUM unit. */
const quantityTail = new FragmentCache((unit) => `,"unit":${q(unit)},"system":"${SYSTEM.ucum}","code":${q(unit)}}`);

/** A Condition's code: the SNOMED CT concept and its WHO ICD-10 code, as two codings of one concept. */
const conditionCodes = new Map<string, string>();

function conditionCode(sct: Coded, icd: Coded): string {
  const key = `${sct.code}|${sct.display}|${icd.code}|${icd.display}`;
  let json = conditionCodes.get(key);
  if (json === undefined) {
    json = flatAscii(`{"coding":[${coding(SYSTEM.snomed, sct.code, sct.display)},${coding(SYSTEM.icd10, icd.code, icd.display)}]}`);
    if (conditionCodes.size < 10_000) conditionCodes.set(key, json);
  }
  return json;
}

export interface ConditionInput {
  /** SNOMED CT. */
  code: Coded;
  /** WHO ICD-10. */
  icd10: Coded;
  /** SNOMED CT severity qualifier. */
  severity: Coded;
  /** SNOMED CT body structure: an injury's site (a disease has none). */
  bodySite?: Coded;
  /** An injury's AIS severity, written as the Condition's stage. */
  ais?: { level: Code; text: string };
  /** An injury's mechanism, written as a note (FHIR R4 has no element for it). */
  mechanism?: string;
  /** `{"reference":…}` to the encounter where it was diagnosed. */
  encounter?: string;
  /** Set when the patient returned to duty: the condition is resolved then. */
  abatement?: string;
}

const AIS_TYPE = flatAscii(concept(SYSTEM.medgen, LOCAL_CODES.ais.code, LOCAL_CODES.ais.display));
const stageFragments = new Map<string, { level: Code; json: string }>();

/** `,"stage":[…]` of an injury's AIS level and text, memoised by text (a text that ever names another level is rebuilt). */
function stage(ais: { level: Code; text: string }): string {
  const hit = stageFragments.get(ais.text);
  if (hit !== undefined && hit.level.code === ais.level.code && hit.level.display === ais.level.display) return hit.json;
  const json = flatAscii(`,"stage":[{"summary":${concept(SYSTEM.ais, ais.level.code, ais.level.display, ais.text)},"type":${AIS_TYPE}}]`);
  if (stageFragments.size < 10_000) stageFragments.set(ais.text, { level: ais.level, json });
  return json;
}
/** `,"note":[…]` naming the mechanism, per mechanism. */
const notes = new FragmentCache((mechanism) => `,"note":[{"text":${q(`Mechanism: ${mechanism}`)}}]`);

/**
 * Condition: SNOMED CT and WHO ICD-10 codings, severity, the body site, AIS stage and mechanism
 * of an injury, onset at the injury time, resolved at the return to duty.
 */
export function conditionResource(ctx: BuildContext, id: string, input: ConditionInput): FhirEntry {
  const p = ctx.patient;
  const site = input.bodySite;
  const ais = input.ais;
  const json =
    `{"resourceType":"Condition","id":"${id}",` +
    `"clinicalStatus":${input.abatement === undefined ? CLINICAL_ACTIVE : CLINICAL_RESOLVED},"verificationStatus":${CONFIRMED},` +
    `"category":[${ENCOUNTER_DIAGNOSIS}],` +
    `"severity":${snomed.get(input.severity.code, input.severity.display)},` +
    `"code":${conditionCode(input.code, input.icd10)},` +
    (site === undefined ? '' : bodySites.get(site.code, site.display)) +
    `"subject":${ctx.subject}` +
    (input.encounter === undefined ? '' : `,"encounter":${input.encounter}`) +
    `,"onsetDateTime":"${p.injury_timestamp}"` +
    (input.abatement === undefined ? '' : `,"abatementDateTime":"${input.abatement}"`) +
    `,"recordedDate":"${p.injury_timestamp}"` +
    (ais === undefined ? '' : stage(ais)) +
    (input.mechanism === undefined ? '' : notes.get(input.mechanism, '')) +
    '}';
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

/** Procedure: a completed SNOMED CT procedure, performed at its own time during a facility visit. */
export function procedureResource(ctx: BuildContext, id: string, procedure: TimedCoded, encounter: string): FhirEntry {
  const json =
    `{"resourceType":"Procedure","id":"${id}","status":"completed","code":${snomed.get(procedure.code, procedure.display)},` +
    `"subject":${ctx.subject},"encounter":${encounter},"performedDateTime":"${procedure.time}"}`;
  return { type: 'Procedure', id, json };
}

/** MedicationAdministration: a SNOMED CT substance given at its own time during a facility visit. */
export function medicationResource(ctx: BuildContext, id: string, medication: TimedCoded, encounter: string): FhirEntry {
  const json =
    `{"resourceType":"MedicationAdministration","id":"${id}","status":"completed",` +
    `"medicationCodeableConcept":${snomed.get(medication.code, medication.display)},` +
    `"subject":${ctx.subject},"context":${encounter},"effectiveDateTime":"${medication.time}"}`;
  return { type: 'MedicationAdministration', id, json };
}

/** Observation: a LOINC-coded measurement with a UCUM valueQuantity, at the time it was measured. */
export function observationResource(ctx: BuildContext, id: string, o: Observation, encounter: string): FhirEntry {
  const json =
    `{"resourceType":"Observation","id":"${id}${observationHead.get(o.code, o.display)}${ctx.subject},` +
    `"encounter":${encounter},"effectiveDateTime":"${o.time}","valueQuantity":{"value":${o.value}${quantityTail.get(o.unit, '')}}`;
  return { type: 'Observation', id, json };
}

const localConcept = (c: Code): string => flatAscii(`{"coding":[${coding(SYSTEM.medgen, c.code, c.display)}]}`);
const loincConcept = (code: string, display: string): string => flatAscii(`{"coding":[${coding(SYSTEM.loinc, code, display)}]}`);
/** `{"code":…,"valueBoolean":` per flag, then `true}` or `false}`. */
const flag = (c: Code, value: boolean): string => `{"code":${localConcept(c)},"valueBoolean":${value}}`;
const FLAGS = (c: Code): readonly [string, string] => [flatAscii(flag(c, false)), flatAscii(flag(c, true))];
const CATASTROPHIC = FLAGS(LOCAL_CODES.catastrophicHaemorrhage);
const AMBULATORY = FLAGS(LOCAL_CODES.ambulatory);
const BREATHING = FLAGS(LOCAL_CODES.breathing);
const RESPONDS = FLAGS(LOCAL_CODES.respondsToVoice);
const EXPECTANT = FLAGS(LOCAL_CODES.expectant);
/** A vital sign component up to its value, and the UCUM tail after it. */
const vital = (code: string, display: string, unit: string): { head: string; tail: string } => ({
  head: flatAscii(`{"code":${loincConcept(code, display)},"valueQuantity":{"value":`),
  tail: flatAscii(`,"unit":${q(unit)},"system":"${SYSTEM.ucum}","code":${q(unit)}}}`),
});
const RR = vital('9279-1', 'Respiratory rate', '/min');
const HR = vital('8867-4', 'Heart rate', '/min');
const SBP = vital('8480-6', 'Systolic blood pressure', 'mm[Hg]');
const GCS = vital('9269-2', 'Glasgow coma score total', '{score}');
const RTS = flatAscii(`{"code":${localConcept(LOCAL_CODES.rts)},"valueInteger":`);
const TRIAGE_HEAD = flatAscii(`","status":"final","category":[${SURVEY}],"code":${localConcept(LOCAL_CODES.triage)},"method":`);
const METHOD = { sieve: localConcept(LOCAL_CODES.sieve), sort: localConcept(LOCAL_CODES.sort) };
const CATEGORY = Object.fromEntries(Object.entries(TRIAGE_CATEGORY).map(([t, c]) =>
  [t, flatAscii(concept(SYSTEM.triageCategory, c.code, c.display, c.text))])) as Record<TriageAssessment['category'], string>;

/**
 * Observation of a triage assessment: the category (code system triage-category) as the value,
 * the algorithm as the method, and every input the algorithm read as a component (the flags
 * as booleans, the vital signs with their LOINC codes, the revised trauma score of a sort), so
 * that the category can be recomputed from the resource alone.
 */
export function triageResource(ctx: BuildContext, id: string, a: TriageAssessment, encounter: string | undefined): FhirEntry {
  const json =
    `{"resourceType":"Observation","id":"${id}${TRIAGE_HEAD}${METHOD[a.algorithm]},"subject":${ctx.subject}` +
    (encounter === undefined ? '' : `,"encounter":${encounter}`) +
    `,"effectiveDateTime":"${a.time}","valueCodeableConcept":${CATEGORY[a.category]},"component":[` +
    `${CATASTROPHIC[a.catastrophic_haemorrhage ? 1 : 0]},${AMBULATORY[a.ambulatory ? 1 : 0]},${BREATHING[a.breathing ? 1 : 0]},` +
    `${RESPONDS[a.responds_to_voice ? 1 : 0]},${RR.head}${a.respiratory_rate}${RR.tail},${HR.head}${a.heart_rate}${HR.tail},` +
    `${SBP.head}${a.systolic_bp}${SBP.tail},${GCS.head}${a.gcs}${GCS.tail},` +
    (a.rts === null ? '' : `${RTS}${a.rts}},`) +
    `${EXPECTANT[a.expectant ? 1 : 0]}]}`;
  return { type: 'Observation', id, json };
}

const ISS_HEAD = flatAscii(`","status":"final","category":[${SURVEY}],"code":${localConcept(LOCAL_CODES.iss)},"subject":`);
const NISS = flatAscii(`"component":[{"code":${localConcept(LOCAL_CODES.niss)},"valueInteger":`);

/** Observation of the Injury Severity Score (value) and the New ISS (component), scored from the injuries at the injury time. */
export function injurySeverityResource(ctx: BuildContext, id: string): FhirEntry {
  const p = ctx.patient;
  const json =
    `{"resourceType":"Observation","id":"${id}${ISS_HEAD}${ctx.subject},"effectiveDateTime":"${p.injury_timestamp}",` +
    `"valueInteger":${p.iss},${NISS}${p.niss}}]}`;
  return { type: 'Observation', id, json };
}
