/**
 * Every SNOMED CT, LOINC and UCUM code the patient generator emits, with its display (§1.7).
 * Displays are the concept's preferred term (the fully specified name without its semantic
 * tag); the FSN is noted beside each code. codes.test.ts pins every pair, so a change here is
 * deliberate. See docs/nations.md ("Medical codes") for how each pair was checked and which are
 * close concepts rather than exact ones.
 *
 * The objects are frozen and shared by every patient: no allocation per patient, and any
 * attempt to mutate a patient's code in place fails loudly.
 */
import type { Coded } from '../types.js';

const coded = (code: string, display: string): Coded => Object.freeze({ code, display });

/** Clinical findings and disorders used as conditions (SNOMED CT). */
export const CONDITION_CODES = {
  // ---- wounds (the injury model: injury.ts, injury-codes.ts) ----
  gunshot_wound: coded('283545005', 'Gunshot wound'), // Gunshot wound (disorder)
  fragment_wound: coded('125643001', 'Open wound'), // Open wound (disorder)
  traumatic_brain_injury: coded('127295002', 'Traumatic brain injury'), // Traumatic brain injury (disorder)
  traumatic_amputation: coded('262595009', 'Traumatic amputation'), // Traumatic amputation (disorder)
  penetrating_injury: coded('262560006', 'Penetrating wound'), // Penetrating wound (disorder)
  burn_of_skin: coded('284196006', 'Burn of skin'), // Burn of skin (disorder)
  hemorrhagic_shock: coded('355001', 'Hemorrhagic shock'), // Hemorrhagic shock (disorder)
  open_fracture: coded('397181002', 'Open fracture'), // Open fracture (disorder)
  crush_injury: coded('125665001', 'Crushing injury'), // Crushing injury (disorder)
  concussion: coded('110030002', 'Concussion injury of brain'), // Concussion injury of brain (disorder)
  // ---- non-battle injuries and illnesses ----
  fracture: coded('125605004', 'Fracture of bone'), // Fracture of bone (disorder)
  ankle_sprain: coded('44465007', 'Sprain of ankle'), // Sprain of ankle (disorder)
  heat_exhaustion: coded('237886009', 'Heat exhaustion'), // Heat exhaustion (disorder) — single source, review
  cold_injury: coded('370977006', 'Frostbite'), // Frostbite (disorder)
  laceration: coded('312608009', 'Laceration - injury'), // Laceration - injury (disorder)
  back_pain: coded('279039007', 'Low back pain'), // Low back pain (finding)
  // ---- disease (illness.ts) ----
  respiratory_infection: coded('54150009', 'Upper respiratory infection'), // Upper respiratory infection (disorder)
  gastroenteritis: coded('25374005', 'Gastroenteritis'), // Gastroenteritis (disorder)
  streptococcal_pharyngitis: coded('43878008', 'Streptococcal sore throat'), // Streptococcal sore throat (disorder)
  urinary_tract_infection: coded('68566005', 'Urinary tract infectious disease'), // Urinary tract infectious disease (disorder)
  diarrhea: coded('62315008', 'Diarrhea'), // Diarrhea (finding)
  fever: coded('386661006', 'Fever'), // Fever (finding)
  conjunctivitis: coded('9826008', 'Conjunctivitis'), // Conjunctivitis (disorder)
  skin_infection: coded('128045006', 'Cellulitis'), // Cellulitis (disorder)
  // ICD-10 F43.0 "Acute stress reaction" corresponds to this disorder concept (see docs/nations.md).
  acute_stress_reaction: coded('67195008', 'Acute stress disorder'), // Acute stress disorder (disorder)
  dehydration: coded('34095006', 'Dehydration'), // Dehydration (disorder)
  rib_fracture: coded('33737001', 'Fracture of rib'), // Fracture of rib (disorder)
} as const;

export type ConditionKey = keyof typeof CONDITION_CODES;

/** Severity qualifiers (SNOMED CT qualifier values). */
export const SEVERITY_CODES = {
  severe: coded('24484000', 'Severe'), // Severe (severity modifier) (qualifier value)
  moderate_to_severe: coded('371924009', 'Moderate to severe'), // Moderate to severe (qualifier value)
  moderate: coded('6736007', 'Moderate'), // Moderate (severity modifier) (qualifier value)
  mild_to_moderate: coded('371923003', 'Mild to moderate'), // Mild to moderate (qualifier value)
  mild: coded('255604002', 'Mild'), // Mild (qualifier value)
} as const;

export type SeverityKey = keyof typeof SEVERITY_CODES;

/**
 * Procedures, medications, findings, body structures and WHO ICD-10 of the clinical model live in
 * clinical-codes.ts (with their sources in docs/codes.md); they are part of this module's tables.
 */
export {
  BODY_STRUCTURES, CLINICAL_FINDINGS, CLINICAL_PROCEDURES as PROCEDURE_CODES, CLINICAL_SUBSTANCES, ICD10,
} from './clinical-codes.js';

/** Substances: allergens and administered medications (SNOMED CT). */
export const SUBSTANCE_CODES = {
  penicillin: coded('764146007', 'Penicillin'), // Penicillin (substance)
  amoxicillin: coded('372687004', 'Amoxicillin'), // Amoxicillin (substance)
  ibuprofen: coded('387207008', 'Ibuprofen'), // Ibuprofen (substance)
  aspirin: coded('387458008', 'Aspirin'), // Aspirin (substance)
  paracetamol: coded('387517004', 'Paracetamol'), // Paracetamol (substance)
  morphine: coded('373529000', 'Morphine'), // Morphine (substance)
  codeine: coded('387494007', 'Codeine'), // Codeine (substance)
  latex: coded('111088007', 'Latex'), // Latex (substance)
  bee_venom: coded('288328004', 'Bee venom'), // Bee venom (substance)
  eggs: coded('102263004', 'Eggs (edible)'), // Eggs (edible) (substance)
  cow_milk: coded('3718001', "Cow's milk"), // Cow's milk (substance)
} as const;

/** Vital-sign observations (LOINC long common names). */
export const OBSERVATION_CODES = {
  heart_rate: coded('8867-4', 'Heart rate'),
  systolic_bp: coded('8480-6', 'Systolic blood pressure'),
  respiratory_rate: coded('9279-1', 'Respiratory rate'),
  body_temperature: coded('8310-5', 'Body temperature'),
  spo2: coded('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
  gcs: coded('9269-2', 'Glasgow coma score total'),
} as const;

/** UCUM units of the observations. */
export const UCUM_UNITS = {
  heart_rate: '/min',
  systolic_bp: 'mm[Hg]',
  respiratory_rate: '/min',
  body_temperature: 'Cel',
  spo2: '%',
  gcs: '{score}',
} as const satisfies Record<keyof typeof OBSERVATION_CODES, string>;
