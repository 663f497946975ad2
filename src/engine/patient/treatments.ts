/**
 * Treatments and vitals per facility visit (§4.4). Procedures follow the role and the injury;
 * vitals follow the patient's state: triage at POI and R1, improving one level at R2/R3 and two
 * at R4 (the patient is alive there). T1 is clearly abnormal, T3 near normal, T4 worst.
 */
import type { Rng } from '../rng.js';
import type { Coded, Facility, Observation, TreatmentRecord } from '../types.js';
import { OBSERVATION_CODES, PROCEDURE_CODES as P, SUBSTANCE_CODES as S, UCUM_UNITS, type ConditionKey } from './codes.js';
import type { BodyPart } from './conditions.js';
import type { FlowResult } from './flow.js';
import { BT, type InjuryIndex, type TriageIndex } from './sample.js';

/** Vital ranges by state level 0 (critical, T4) … 3 (near normal, T3): [min, max]. */
const HR = [[130, 165], [115, 140], [95, 118], [62, 92]];
const SBP = [[55, 80], [75, 95], [95, 115], [110, 135]];
const RR = [[28, 40], [24, 32], [19, 24], [12, 18]];
const SPO2 = [[75, 86], [85, 92], [92, 95], [96, 99]];
const GCS = [[3, 8], [9, 13], [13, 14], [15, 15]];
const TEMP_TRAUMA = [[34.5, 35.8], [35.2, 36.4], [36.0, 37.0], [36.3, 37.2]];
const TEMP_FEVER = [[38.8, 40.2], [38.4, 39.6], [38.0, 39.0], [37.2, 38.2]];
const TEMP_COLD = [[33.0, 34.5], [34.0, 35.2], [35.0, 36.2], [36.0, 36.8]];

const FEBRILE = new Set<ConditionKey>([
  'respiratory_infection', 'gastroenteritis', 'streptococcal_pharyngitis', 'urinary_tract_infection', 'fever', 'skin_infection', 'heat_exhaustion',
]);

/** State level at POI/R1 by triage T1, T2, T3, T4. */
const LEVEL = [1, 2, 3, 0];
const IMPROVEMENT = [0, 0, 1, 1, 2];

function int(rng: Rng, range: number[]): number {
  const lo = range[0] as number;
  return lo + Math.floor(rng.float() * ((range[1] as number) - lo + 1));
}

function obs(code: Coded, value: number, unit: string): Observation {
  return { code: code.code, display: code.display, value, unit };
}

function vitals(rng: Rng, level: number, temperature: readonly number[][], headInjury: boolean): Observation[] {
  const tempRange = temperature[level] as number[];
  const temp = Math.round(((tempRange[0] as number) + rng.float() * ((tempRange[1] as number) - (tempRange[0] as number))) * 10) / 10;
  const gcsRange = headInjury && level < 3 ? (GCS[Math.max(0, level - 1)] as number[]) : (GCS[level] as number[]);
  return [
    obs(OBSERVATION_CODES.heart_rate, int(rng, HR[level] as number[]), UCUM_UNITS.heart_rate),
    obs(OBSERVATION_CODES.systolic_bp, int(rng, SBP[level] as number[]), UCUM_UNITS.systolic_bp),
    obs(OBSERVATION_CODES.respiratory_rate, int(rng, RR[level] as number[]), UCUM_UNITS.respiratory_rate),
    obs(OBSERVATION_CODES.body_temperature, temp, UCUM_UNITS.body_temperature),
    obs(OBSERVATION_CODES.spo2, int(rng, SPO2[level] as number[]), UCUM_UNITS.spo2),
    obs(OBSERVATION_CODES.gcs, int(rng, gcsRange), UCUM_UNITS.gcs),
  ];
}

/** Conditions treated with an antibiotic. */
const BACTERIAL = new Set<ConditionKey>(['streptococcal_pharyngitis', 'urinary_tract_infection', 'skin_infection']);
const BLEEDING = new Set<ConditionKey>(['gunshot_wound', 'traumatic_amputation', 'fragment_wound', 'penetrating_injury', 'blast_injury', 'open_fracture']);
const WOUNDS = new Set<ConditionKey>([...BLEEDING, 'burn_of_skin', 'crush_injury', 'burn', 'laceration', 'fracture']);
const FLUIDS = new Set<ConditionKey>(['hemorrhagic_shock', 'dehydration', 'gastroenteritis', 'diarrhea', 'heat_exhaustion', 'burn_of_skin']);

function procedures(
  rng: Rng, facility: number, injury: InjuryIndex, triage: TriageIndex, key: ConditionKey, bodyPart: BodyPart,
): Coded[] {
  const critical = triage === 0 || triage === 3;
  const out: Coded[] = [];
  const dnbiMeds = injury !== BT;
  switch (facility) {
    case 0:
      out.push(P.first_aid);
      if (injury === BT && BLEEDING.has(key) && bodyPart !== 'head' && bodyPart !== 'torso' && (critical || rng.float() < 0.3)) out.push(P.tourniquet);
      if (WOUNDS.has(key) && rng.float() < 0.8) out.push(P.wound_care);
      break;
    case 1:
      if (critical || key === 'traumatic_brain_injury') out.push(P.airway);
      if (triage !== 2 || FLUIDS.has(key)) out.push(P.iv_fluids);
      break;
    case 2:
      if (injury === BT && rng.float() < 0.5) out.push(bodyPart === 'torso' ? P.exploratory_laparotomy : P.surgery);
      break;
    case 3:
      if (injury === BT && rng.float() < 0.7) out.push(P.surgery);
      if (critical || (triage === 1 && rng.float() < 0.3)) out.push(P.icu_admission);
      break;
    default:
      if (injury === BT) out.push(P.surgery);
      if (critical) out.push(P.icu_admission);
      out.push(P.rehabilitation);
  }
  if (dnbiMeds || out.length === 0) out.push(dnbiMeds ? P.medication_administration : P.wound_care);
  return out;
}

/** One record per facility reached, dated at its arrival (the timeline's own timestamp string). */
export function treatmentHistory(
  rng: Rng, flow: Pick<FlowResult, 'facilities' | 'arrivalStamps'>,
  injury: InjuryIndex, triage: TriageIndex, key: ConditionKey, bodyPart: BodyPart,
): TreatmentRecord[] {
  const head = bodyPart === 'head' && (key === 'traumatic_brain_injury' || key === 'gunshot_wound' || key === 'blast_injury');
  const temperature = FEBRILE.has(key) ? TEMP_FEVER : key === 'cold_injury' ? TEMP_COLD : TEMP_TRAUMA;
  const { facilities, arrivalStamps } = flow;
  const records: TreatmentRecord[] = [];
  for (let i = 0; i < facilities.length; i++) {
    const level = Math.min(3, (LEVEL[triage] as number) + (IMPROVEMENT[i] as number));
    records.push({
      facility: facilities[i] as Facility,
      date: arrivalStamps[i] as string,
      treatments: procedures(rng, i, injury, triage, key, bodyPart),
      observations: vitals(rng, level, temperature, head),
    });
  }
  return records;
}

const ALLERGENS: readonly Coded[] = [
  S.penicillin, S.penicillin, S.penicillin, S.amoxicillin, S.ibuprofen, S.aspirin, S.morphine, S.codeine, S.latex, S.bee_venom, S.eggs, S.cow_milk,
];

/** 10 % have one or two allergies (penicillin weighted as the most common). */
export function allergies(rng: Rng): Coded[] {
  if (rng.float() >= 0.1) return [];
  const first = ALLERGENS[Math.floor(rng.float() * ALLERGENS.length)] as Coded;
  if (rng.float() < 0.7) return [first];
  let second = first;
  while (second === first) second = ALLERGENS[Math.floor(rng.float() * ALLERGENS.length)] as Coded;
  return [first, second];
}

/** Medications given, avoiding the patient's allergens (penicillin allergy excludes amoxicillin). */
export function medications(injury: InjuryIndex, triage: TriageIndex, key: ConditionKey, allergy: readonly Coded[]): Coded[] {
  const avoid = (c: Coded) => allergy.includes(c) || (c === S.amoxicillin && allergy.includes(S.penicillin));
  const wanted: Coded[] = [];
  if (injury === BT) wanted.push(triage === 2 ? S.paracetamol : S.morphine, S.paracetamol);
  else if (BACTERIAL.has(key)) wanted.push(S.paracetamol, S.amoxicillin);
  else wanted.push(injury === 1 ? S.ibuprofen : S.paracetamol);
  const out: Coded[] = [];
  for (const c of wanted) if (!avoid(c) && !out.includes(c)) out.push(c);
  return out;
}
