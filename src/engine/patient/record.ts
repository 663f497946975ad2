/**
 * The clinical part of the patient record: the injuries as written out, the conditions (SNOMED
 * CT with WHO ICD-10) and the v1 `body_part`. Conditions follow from the injuries and from the
 * course: haemorrhagic shock when the deficit reached ATLS class III, a tension pneumothorax or
 * haemothorax when the chest had one, a wound infection when it set in.
 */
import type { Coded, Condition, Injury } from '../types.js';
import type { Casualty } from './casualty.js';
import { BODY_STRUCTURES as B, CLINICAL_FINDINGS as F, ICD10 as I } from './clinical-codes.js';
import { CONDITION_CODES as K, SEVERITY_CODES as SEV, type ConditionKey } from './codes.js';
import type { Course } from './course.js';
import { conditionRecord, injuryConditionRecord, injuryRecord } from './injury-codes.js';
import type { BodyPart } from './illness.js';
import type { Site } from './injury.js';

/** WHO ICD-10 of the conditions that are not wounds. */
const ILLNESS_ICD: Partial<Record<ConditionKey, Coded>> = {
  respiratory_infection: I.J06_9, gastroenteritis: I.A09_9, diarrhea: I.A09_9, streptococcal_pharyngitis: I.J02_0,
  urinary_tract_infection: I.N39_0, fever: I.R50_9, conjunctivitis: I.H10_9, skin_infection: I.L03_9,
  acute_stress_reaction: I.F43_0, dehydration: I.E86, heat_exhaustion: I.T67_5, cold_injury: I.T35_7, back_pain: I.M54_5,
};

const ILLNESS_SEVERITY = [SEV.mild, SEV.moderate, SEV.severe];

const V1_BODY_PART: Record<Site, BodyPart> = {
  head: 'head', neck: 'head', face: 'head', chest: 'torso', abdomen: 'torso', skin: 'torso',
  'left arm': 'left arm', 'right arm': 'right arm', 'left leg': 'left leg', 'right leg': 'right leg',
};

/** The SNOMED CT body structure of each v1 `body_part` (a body site for conditions that are not injuries). */
export const BODY_PART_STRUCTURE: Readonly<Record<BodyPart, Coded>> = {
  head: B.head, torso: B.trunk,
  'left arm': B.left_upper_limb, 'right arm': B.right_upper_limb, 'left leg': B.left_lower_limb, 'right leg': B.right_lower_limb,
};

export interface ClinicalRecord {
  primary: Condition;
  primaries: Condition[];
  additional: Condition[];
  bodyPart: string;
  injuries: Injury[];
}

export function describeCasualty(c: Casualty, course: Course): ClinicalRecord {
  const s = c.phys;
  const end = course.last;
  if (c.illness !== null) {
    const key = c.illness.profile.key;
    const primary = conditionRecord(K[key], ILLNESS_ICD[key] as Coded, ILLNESS_SEVERITY[c.illness.severity] as Coded);
    const additional: Condition[] = [];
    if (key !== 'dehydration' && s.dehydration >= 0.05) additional.push(conditionRecord(K.dehydration, I.E86, SEV.moderate));
    return { primary, primaries: [primary], additional, bodyPart: c.illness.profile.bodyPart, injuries: [] };
  }
  const injuries = c.injuries.map((i) => injuryRecord(i.condition, i.ais, i.haemorrhage));
  const primaries: Condition[] = [];
  for (const i of c.injuries) {
    const rec = injuryConditionRecord(i.condition, i.ais);
    if (!primaries.includes(rec)) primaries.push(rec);
  }
  const additional: Condition[] = [];
  if (s.maxLossUntil(end) >= 0.3) additional.push(conditionRecord(K.hemorrhagic_shock, I.T79_4, SEV.severe));
  if (s.tension && s.tensionAt <= end) additional.push(conditionRecord(F.tension_pneumothorax, I.S27_0, SEV.severe));
  if (c.injuries.some((i) => i.region === 'chest' && i.haemorrhage === 'non_compressible')) additional.push(conditionRecord(F.hemothorax, I.S27_1, SEV.moderate));
  if (s.infectionOnset <= end) additional.push(conditionRecord(F.wound_infection, I.T79_3, SEV.moderate));
  const first = c.injuries[0];
  return {
    primary: primaries[0] as Condition,
    primaries,
    additional,
    bodyPart: first === undefined ? 'torso' : V1_BODY_PART[first.site],
    injuries,
  };
}
