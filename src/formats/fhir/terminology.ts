/**
 * The code systems, codes and naming systems the FHIR writer adds on top of the engine's
 * codes (src/engine/patient/codes.ts). terminology.test.ts pins every pair.
 */
import { BODY_PART_STRUCTURE, type Facility, type NationCode, type Triage } from '../../engine/index.js';

export const SYSTEM = {
  snomed: 'http://snomed.info/sct',
  /** WHO ICD-10 (the international edition, not a national modification). */
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  iso3166: 'urn:iso:std:iso:3166',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actPriority: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  /** Local code systems for what no public one codes (see LOCAL_CODES). */
  medgen: 'https://medgen.example/fhir/CodeSystem/medgen',
  triageCategory: 'https://medgen.example/fhir/CodeSystem/triage-category',
  ais: 'https://medgen.example/fhir/CodeSystem/ais-severity',
} as const;

export const NATIONALITY_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/patient-nationality';

/** Identifier systems for synthetic identifiers that have no public naming system. */
const LOCAL_SYSTEM_BASE = 'https://medgen.example/fhir/sid';

/**
 * National person-identifier naming systems as published by the national FHIR / HL7 bodies;
 * nations without one found get a per-nation system under LOCAL_SYSTEM_BASE.
 */
const NATIONAL_ID_SYSTEMS: Partial<Record<NationCode, string>> = {
  BEL: 'https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin',
  DNK: 'urn:oid:1.2.208.176.1.2',
  EST: 'https://fhir.ee/sid/pid/est/ni',
  FIN: 'urn:oid:1.2.246.21',
  FRA: 'urn:oid:1.2.250.1.213.1.4.8',
  ITA: 'http://hl7.it/sid/codiceFiscale',
  NLD: 'http://fhir.nl/fhir/NamingSystem/bsn',
  NOR: 'urn:oid:2.16.578.1.12.4.1.4.1',
  POL: 'urn:oid:2.16.840.1.113883.3.4424.1.1.616',
  SWE: 'http://electronichealth.se/identifier/personnummer',
  USA: 'http://hl7.org/fhir/sid/us-ssn',
};

export function nationalIdSystem(nation: NationCode): string {
  return NATIONAL_ID_SYSTEMS[nation] ?? `${LOCAL_SYSTEM_BASE}/national-id/${nation.toLowerCase()}`;
}

export function serviceNumberSystem(nation: NationCode): string {
  return `${LOCAL_SYSTEM_BASE}/service-number/${nation.toLowerCase()}`;
}

export interface Code {
  readonly code: string;
  readonly display: string;
}

export const IDENTIFIER_TYPES = {
  national: { code: 'NI', display: 'National unique individual identifier' },
  military: { code: 'MI', display: 'Military ID number' },
} as const satisfies Record<string, Code>;

/**
 * SNOMED CT body structures for the engine's v1 `body_part` values: the body site of a
 * non-disease condition that is not one of the patient's injuries (heat or cold injury, a
 * training complaint). An injury's Condition takes the injury's own `body_site`.
 */
export const BODY_SITES: Readonly<Record<string, Code>> = BODY_PART_STRUCTURE;

/** Encounter class (v3 ActCode) by role: the field at POI, emergency care at R1, inpatient beyond. */
export const ENCOUNTER_CLASS: Record<Facility, Code> = {
  POI: { code: 'FLD', display: 'field' },
  R1: { code: 'EMER', display: 'emergency' },
  R2: { code: 'ACUTE', display: 'inpatient acute' },
  R3: { code: 'ACUTE', display: 'inpatient acute' },
  R4: { code: 'IMP', display: 'inpatient encounter' },
};

/** Encounter priority (v3 ActPriority) by triage category. */
export const TRIAGE_PRIORITY: Record<Triage, Code & { text: string }> = {
  T1: { code: 'EM', display: 'emergency', text: 'T1 Immediate' },
  T2: { code: 'UR', display: 'urgent', text: 'T2 Delayed' },
  T3: { code: 'R', display: 'routine', text: 'T3 Minimal' },
  T4: { code: 'EM', display: 'emergency', text: 'T4 Expectant' },
};

/**
 * NATO triage categories as the value of a triage Observation (code system triageCategory), with
 * the text the Encounter priority carries.
 */
export const TRIAGE_CATEGORY: Record<Triage, Code & { text: string }> = {
  T1: { code: 'T1', display: 'Immediate', text: 'T1 Immediate' },
  T2: { code: 'T2', display: 'Delayed', text: 'T2 Delayed' },
  T3: { code: 'T3', display: 'Minimal', text: 'T3 Minimal' },
  T4: { code: 'T4', display: 'Expectant', text: 'T4 Expectant' },
};

/**
 * The local codes (code system `medgen`) of the triage Observation, its method and its
 * components that no LOINC code covers, and of the injury-severity Observation. The recorded
 * vital signs in a triage Observation keep their LOINC codes.
 */
export const LOCAL_CODES = {
  triage: { code: 'triage-category', display: 'Triage category' },
  sieve: { code: 'triage-sieve', display: 'Triage sieve (MITT)' },
  sort: { code: 'triage-sort', display: 'Triage sort (revised trauma score)' },
  catastrophicHaemorrhage: { code: 'catastrophic-haemorrhage', display: 'Catastrophic haemorrhage' },
  ambulatory: { code: 'ambulatory', display: 'Walking' },
  breathing: { code: 'breathing', display: 'Breathing' },
  respondsToVoice: { code: 'responds-to-voice', display: 'Responds to voice' },
  rts: { code: 'revised-trauma-score', display: 'Revised trauma score (triage)' },
  expectant: { code: 'expectant', display: 'Expectant decision' },
  iss: { code: 'injury-severity-score', display: 'Injury Severity Score' },
  niss: { code: 'new-injury-severity-score', display: 'New Injury Severity Score' },
  ais: { code: 'ais', display: 'Abbreviated Injury Scale severity' },
} as const satisfies Record<string, Code>;

const SEVERE: Code = { code: '24484000', display: 'Severe' };

/**
 * AIS severity by level: the level as the AIS names it (code system `ais-severity`), and the
 * Condition.severity (SNOMED CT severity qualifier) of an injury of that level, the same pairs
 * the engine gives the injury's condition in `primary_conditions` (fhir.test.ts checks they agree).
 */
export const AIS: Readonly<Record<number, { level: Code; severity: Code }>> = {
  1: { level: { code: '1', display: 'Minor' }, severity: { code: '255604002', display: 'Mild' } },
  2: { level: { code: '2', display: 'Moderate' }, severity: { code: '6736007', display: 'Moderate' } },
  3: { level: { code: '3', display: 'Serious' }, severity: { code: '371924009', display: 'Moderate to severe' } },
  4: { level: { code: '4', display: 'Severe' }, severity: SEVERE },
  5: { level: { code: '5', display: 'Critical' }, severity: SEVERE },
  6: { level: { code: '6', display: 'Maximal' }, severity: SEVERE },
};

/** How a facility visit ended (discharge-disposition code system). */
export const DISCHARGE = {
  transfer: { code: 'other-hcf', display: 'Other healthcare facility', text: 'Evacuated to the next role' },
  death: { code: 'exp', display: 'Expired', text: 'Died' },
  rtd: { code: 'oth', display: 'Other', text: 'Returned to duty' },
} as const;

/** The medical treatment facility roles, one Location each (shared by every patient). */
export const LOCATIONS: Record<Facility, { id: string; name: string }> = {
  POI: { id: 'db46d65d-9ed4-47db-b493-88913a10bbbd', name: 'Point of injury' },
  R1: { id: '180abe8a-241e-4819-8a9e-d0e817c80857', name: 'Role 1 medical treatment facility' },
  R2: { id: 'febeaa89-da08-4497-8bdf-eca97f4a9be7', name: 'Role 2 medical treatment facility' },
  R3: { id: 'd735d627-430d-435b-b516-49f7841c72ec', name: 'Role 3 medical treatment facility' },
  R4: { id: '5365bc02-aad8-4a02-bab1-8df5c1535e9d', name: 'Role 4 definitive care' },
};

/** AllergyIntolerance.category by the engine's allergen (SNOMED CT substance code). */
export const ALLERGY_CATEGORY: Record<string, 'medication' | 'food' | 'environment' | 'biologic'> = {
  '764146007': 'medication', // Penicillin
  '372687004': 'medication', // Amoxicillin
  '387207008': 'medication', // Ibuprofen
  '387458008': 'medication', // Aspirin
  '387517004': 'medication', // Paracetamol
  '373529000': 'medication', // Morphine
  '387494007': 'medication', // Codeine
  '111088007': 'environment', // Latex
  '288328004': 'environment', // Bee venom
  '102263004': 'food', // Eggs (edible)
  '3718001': 'food', // Cow's milk
};

/** LOINC codes of the vital signs (observation category vital-signs); the rest are surveys (GCS). */
export const VITAL_SIGN_CODES = new Set(['8867-4', '8480-6', '9279-1', '8310-5', '59408-5']);
