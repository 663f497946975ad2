/**
 * The condition an injury is: its SNOMED CT concept, its WHO ICD-10 code for the body site,
 * the SNOMED body structure, and a severity qualifier from the AIS. Built once per (nature,
 * site, severity) and frozen, so a patient's conditions are shared constants.
 */
import { HAEMORRHAGE_TYPES, type AisRegion, type Coded, type Condition, type HaemorrhageType, type Injury } from '../types.js';
import { BODY_STRUCTURES as B, ICD10 as I } from './clinical-codes.js';
import { CONDITION_CODES as K, SEVERITY_CODES, type ConditionKey } from './codes.js';

/** Body sites inside a region; extremities have a side and a limb. */
export type Site = 'head' | 'neck' | 'face' | 'chest' | 'abdomen' | 'left arm' | 'right arm' | 'left leg' | 'right leg' | 'skin';

/**
 * What an injury is, which decides its condition: an open wound from a bullet or fragment, a
 * penetrating wound into a body cavity, a closed head injury, a fracture, an amputation, a
 * burn, a crush, a sprain.
 */
export type Nature =
  | 'gunshot' | 'fragment' | 'penetrating' | 'tbi' | 'concussion' | 'fracture' | 'open_fracture' | 'amputation'
  | 'burn' | 'crush' | 'laceration' | 'sprain' | 'rib_fracture';

export interface InjuryCondition {
  readonly key: ConditionKey;
  readonly snomed: Coded;
  readonly icd10: Coded;
  readonly bodySite: Coded;
  readonly region: AisRegion;
  /** The Condition record by AIS (index 1–6). */
  readonly records: readonly Condition[];
  /** Injury records made so far, by AIS × haemorrhage type: shared, frozen, built once. */
  readonly injuries: (Injury | undefined)[];
}

export const BODY_SITE: Record<Site, Coded> = {
  head: B.head, neck: B.neck, face: B.face, chest: B.thorax, abdomen: B.abdomen,
  'left arm': B.left_upper_limb, 'right arm': B.right_upper_limb, 'left leg': B.left_lower_limb, 'right leg': B.right_lower_limb,
  skin: B.skin,
};

const ARM = (s: Site) => s === 'left arm' || s === 'right arm';
const LEG = (s: Site) => s === 'left leg' || s === 'right leg';

/** ICD-10 open-wound codes by site (S01.9 head, S01.8 face, S21.9 thorax, S31.1 abdominal wall, T11.1/T13.1 limbs). */
function openWound(site: Site): Coded {
  if (site === 'face') return I.S01_8;
  if (site === 'head' || site === 'neck') return I.S01_9;
  if (site === 'chest') return I.S21_9;
  if (site === 'abdomen') return I.S31_1;
  if (ARM(site)) return I.T11_1;
  if (LEG(site)) return I.T13_1;
  return I.T14_1;
}

function crush(site: Site): Coded {
  if (site === 'head' || site === 'face' || site === 'neck') return I.S07_9;
  if (site === 'chest') return I.S28_0;
  if (site === 'abdomen') return I.S38_1;
  return I.T14_7;
}

/** T31.x: burns classified by the extent of body surface involved, one code per tenth. */
const BURN_EXTENT: readonly Coded[] = [I.T31_0, I.T31_1, I.T31_2, I.T31_3, I.T31_4, I.T31_5, I.T31_6, I.T31_7, I.T31_8, I.T31_9];

function codeFor(nature: Nature, site: Site, tbsa: number): { key: ConditionKey; icd: Coded } {
  switch (nature) {
    case 'gunshot': return { key: 'gunshot_wound', icd: openWound(site) };
    case 'fragment': return { key: 'fragment_wound', icd: openWound(site) };
    case 'laceration': return { key: 'laceration', icd: openWound(site) };
    case 'penetrating': return { key: 'penetrating_injury', icd: site === 'chest' ? I.S27_9 : I.S36_9 };
    case 'tbi': return { key: 'traumatic_brain_injury', icd: I.S06_9 };
    case 'concussion': return { key: 'concussion', icd: I.S06_0 };
    case 'fracture': return { key: 'fracture', icd: ARM(site) ? I.T10 : I.T12 };
    case 'open_fracture': return { key: 'open_fracture', icd: ARM(site) ? I.T10 : I.T12 };
    case 'amputation': return { key: 'traumatic_amputation', icd: ARM(site) ? I.T11_6 : I.T13_6 };
    case 'burn': return { key: 'burn_of_skin', icd: BURN_EXTENT[Math.min(9, Math.floor(tbsa / 10))] as Coded };
    case 'crush': return { key: 'crush_injury', icd: crush(site) };
    case 'sprain': return { key: 'ankle_sprain', icd: I.S93_4 };
    case 'rib_fracture': return { key: 'rib_fracture', icd: I.S22_3 };
  }
}

const CACHE = new Map<string, InjuryCondition>();

export function conditionFor(nature: Nature, site: Site, tbsa: number): InjuryCondition {
  const id = `${nature}|${site}|${nature === 'burn' ? Math.min(9, Math.floor(tbsa / 10)) : 0}`;
  let c = CACHE.get(id);
  if (c === undefined) {
    const { key, icd } = codeFor(nature, site, tbsa);
    const records = AIS_SEVERITY.map((severity) => conditionRecord(K[key], icd, severity));
    c = { key, snomed: K[key], icd10: icd, bodySite: BODY_SITE[site], region: SITE_REGION[site], records, injuries: [] };
    CACHE.set(id, c);
  }
  return c;
}

const SITE_REGION: Record<Site, AisRegion> = {
  head: 'head_neck', neck: 'head_neck', face: 'face', chest: 'chest', abdomen: 'abdomen', skin: 'external',
  'left arm': 'extremities', 'right arm': 'extremities', 'left leg': 'extremities', 'right leg': 'extremities',
};

/** The written injury of a condition at an AIS and haemorrhage type, built once and shared. */
export function injuryRecord(c: InjuryCondition, ais: number, haemorrhage: HaemorrhageType): Injury {
  const slot = ais * HAEMORRHAGE_TYPES.length + HAEMORRHAGE_TYPES.indexOf(haemorrhage);
  let r = c.injuries[slot];
  if (r === undefined) {
    r = Object.freeze({ region: c.region, body_site: c.bodySite, ais, condition: c.snomed, icd10: c.icd10, haemorrhage });
    c.injuries[slot] = r;
  }
  return r;
}

/** AIS 1 mild, 2 moderate, 3 moderate to severe, 4–6 severe. */
const AIS_SEVERITY = [SEVERITY_CODES.mild, SEVERITY_CODES.mild, SEVERITY_CODES.moderate, SEVERITY_CODES.moderate_to_severe,
  SEVERITY_CODES.severe, SEVERITY_CODES.severe, SEVERITY_CODES.severe];

const CONDITION_CACHE = new Map<Coded, Map<Coded, Map<Coded, Condition>>>();

/** A frozen Condition record: SNOMED code and display, ICD-10, severity qualifier; one per triple of code objects. */
export function conditionRecord(snomed: Coded, icd10: Coded, severity: Coded): Condition {
  let byIcd = CONDITION_CACHE.get(snomed);
  if (byIcd === undefined) CONDITION_CACHE.set(snomed, (byIcd = new Map()));
  let bySeverity = byIcd.get(icd10);
  if (bySeverity === undefined) byIcd.set(icd10, (bySeverity = new Map()));
  let c = bySeverity.get(severity);
  if (c === undefined) {
    c = Object.freeze({ code: snomed.code, display: snomed.display, icd10: icd10.code, icd10_display: icd10.display, severity: severity.display, severity_code: severity.code });
    bySeverity.set(severity, c);
  }
  return c;
}

export function injuryConditionRecord(c: InjuryCondition, ais: number): Condition {
  return c.records[ais] as Condition;
}
