/**
 * SNOMED CT and WHO ICD-10 pairs for the clinical model: procedures, substances, findings, body
 * structures and ICD-10 (WHO 2019) categories. Each display is the concept's preferred term (the
 * fully specified name without its semantic tag, or the preferred term given by the source where
 * the FSN was not seen). Sources, verification level and close-concept notes for every pair are
 * in docs/codes.md. Keys marked "substitute" carry the closest verified concept, not the named one;
 * "unverified" marks a pair no source confirmed.
 */
import type { Coded } from '../types.js';

const coded = (code: string, display: string): Coded => Object.freeze({ code, display });

/** Procedures and regimes (SNOMED CT). */
export const CLINICAL_PROCEDURES = {
  tourniquet: coded('20655006', 'Application of tourniquet'), // Application of tourniquet (procedure)
  // substitute: no haemostatic-dressing / wound-packing concept verified
  hemostatic_dressing: coded('51241000', 'Control of hemorrhage'), // Control of hemorrhage (procedure) — single source
  pressure_dressing: coded('26906007', 'Application of dressing, pressure'), // Application of dressing, pressure (procedure)
  nasopharyngeal_airway: coded('182692007', 'Nasopharyngeal airway insertion'), // preferred term; FSN not seen
  endotracheal_intubation: coded('112798008', 'Insertion of endotracheal tube'), // Insertion of endotracheal tube (procedure)
  // substitute: no cricothyrotomy concept verified
  surgical_airway: coded('426153007', 'Insertion of artificial airway'), // Insertion of artificial airway (procedure)
  // substitute: no occlusive-chest-dressing concept verified
  chest_seal: coded('3895009', 'Application of dressing'), // Application of dressing (procedure)
  needle_decompression: coded('1290622004', 'Needle chest decompression for tension pneumothorax'), // ... (procedure)
  chest_drain: coded('264957007', 'Insertion of pleural tube drain'), // Insertion of pleural tube drain (procedure)
  oxygen_therapy: coded('57485005', 'Oxygen therapy'), // Oxygen therapy (procedure)
  // substitute: no hypothermia-prevention / warming concept verified
  hypothermia_prevention: coded('386308007', 'First aid'), // First aid (procedure)
  iv_fluids: coded('281800008', 'Intravenous fluid replacement'), // Intravenous fluid replacement (procedure)
  blood_transfusion: coded('116859006', 'Transfusion of blood product'), // Transfusion of blood product (procedure)
  splinting: coded('79321009', 'Application of splint'), // Application of splint (procedure) — single source
  debridement: coded('36777000', 'Debridement'), // Debridement (procedure)
  exploratory_laparotomy: coded('74770008', 'Exploratory laparotomy'), // Exploratory laparotomy (procedure)
  thoracotomy: coded('177765008', 'Opening of chest'), // Opening of chest (procedure)
  limb_amputation: coded('81723002', 'Amputation'), // Amputation (procedure)
  vascular_repair: coded('88309008', 'Repair of blood vessel'), // Repair of blood vessel (procedure) — single source
  craniotomy: coded('25353009', 'Craniotomy'), // Craniotomy (procedure)
  ct_scan: coded('77477000', 'Computerized axial tomography'), // Computerized axial tomography (procedure)
  icu_admission: coded('305351004', 'Admission to intensive care unit'), // Admission to intensive care unit (procedure)
  fracture_fixation: coded('20701002', 'Open reduction of fracture with internal fixation'), // single source
  skin_graft: coded('304040003', 'Grafting to skin'), // preferred term — single source
  // substitute: no burn-dressing concept verified
  burn_dressing: coded('3895009', 'Application of dressing'), // Application of dressing (procedure)
  rehabilitation: coded('52052004', 'Rehabilitation therapy'), // Rehabilitation therapy (regime/therapy)
  physiotherapy: coded('91251008', 'Physical therapy procedure'), // Physical therapy procedure (regime/therapy)
  // substitute: no oral-rehydration-therapy concept verified
  oral_rehydration: coded('18629005', 'Administration of drug or medicament'), // ... (procedure)
  palliative_care: coded('103735009', 'Palliative care'), // Palliative care (regime/therapy)
  // substitute: no psychological-first-aid / crisis-intervention / combat-stress concept verified
  combat_stress_care: coded('409063005', 'Counseling'), // Counseling (procedure)
  psychological_first_aid: coded('409063005', 'Counseling'), // Counseling (procedure)
  medical_assessment: coded('225886003', 'Medical assessment'), // Medical assessment (procedure)
  eye_examination: coded('36228007', 'Ophthalmic examination and evaluation'), // ... (procedure)
  eye_irrigation_or_examination: coded('36228007', 'Ophthalmic examination and evaluation'), // ... (procedure)
  wound_care: coded('225358003', 'Wound care'), // Wound care (regime/therapy)
  first_aid: coded('386308007', 'First aid'), // First aid (procedure)
  medication_administration: coded('18629005', 'Administration of drug or medicament'), // ... (procedure)
  surgery: coded('387713003', 'Surgical procedure'), // Surgical procedure (procedure)
  // substitute: no suture-of-wound / closure-of-wound concept verified
  wound_closure: coded('442460002', 'Procedure on wound'), // preferred term — single source
} as const;

export type ClinicalProcedureKey = keyof typeof CLINICAL_PROCEDURES;

/** Substances (SNOMED CT). */
export const CLINICAL_SUBSTANCES = {
  tranexamic_acid: coded('386960009', 'Tranexamic acid'), // Tranexamic acid (substance)
  ketamine: coded('373464007', 'Ketamine'), // preferred term; FSN not seen
  fentanyl: coded('373492002', 'Fentanyl'), // Fentanyl (substance)
  morphine: coded('373529000', 'Morphine'), // Morphine (substance)
  paracetamol: coded('387517004', 'Paracetamol'), // Paracetamol (substance)
  ibuprofen: coded('387207008', 'Ibuprofen'), // Ibuprofen (substance)
  // substitute: no meloxicam concept verified; closest verified NSAID
  meloxicam: coded('387207008', 'Ibuprofen'), // Ibuprofen (substance)
  moxifloxacin: coded('412439003', 'Moxifloxacin'), // preferred term; FSN not seen
  // substitute: no ertapenem concept verified; the TCCC alternative antibiotic
  ertapenem: coded('412439003', 'Moxifloxacin'), // preferred term; FSN not seen
  cefazolin: coded('387470007', 'Cefazolin'), // Cefazolin (substance)
  amoxicillin: coded('372687004', 'Amoxicillin'), // Amoxicillin (substance)
  chloramphenicol: coded('372777009', 'Chloramphenicol'), // Chloramphenicol (substance)
  ondansetron: coded('372487007', 'Ondansetron'), // Ondansetron (substance)
  // substitute: no oral-rehydration-salts concept verified
  oral_rehydration_salts: coded('387390002', 'Sodium chloride'), // Sodium chloride (substance)
  whole_blood: coded('420135007', 'Whole blood'), // Whole blood (substance)
  sodium_chloride: coded('387390002', 'Sodium chloride'), // Sodium chloride (substance)
} as const;

export type ClinicalSubstanceKey = keyof typeof CLINICAL_SUBSTANCES;

/** Disorders and findings (SNOMED CT). */
export const CLINICAL_FINDINGS = {
  tension_pneumothorax: coded('233645004', 'Tension pneumothorax'), // Tension pneumothorax (disorder)
  hemothorax: coded('31892009', 'Hemothorax'), // Hemothorax (disorder)
  rib_fracture: coded('33737001', 'Fracture of rib'), // Fracture of rib (disorder)
  injury_of_abdomen: coded('128069005', 'Injury of abdomen'), // Injury of abdomen (disorder)
  hemorrhagic_shock: coded('355001', 'Hemorrhagic shock'), // Hemorrhagic shock (disorder)
  hypovolemic_shock: coded('39419009', 'Hypovolemic shock'), // preferred term — single source
  wound_infection: coded('76844004', 'Local infection of wound'), // Local infection of wound (disorder)
  hypothermia: coded('386689009', 'Hypothermia'), // Hypothermia (finding)
  sepsis: coded('91302008', 'Sepsis'), // Sepsis (disorder)
  pneumonia: coded('233604007', 'Pneumonia'), // Pneumonia (disorder)
  // unverified: no heat-stroke concept verified (candidates found were wrong); the project's
  // existing heat exhaustion pair is used and is itself marked "review" in docs/nations.md
  heat_stroke: coded('237886009', 'Heat exhaustion'), // Heat exhaustion (disorder)
  facial_injury: coded('125593007', 'Injury of face'), // Injury of face (disorder)
  eye_injury: coded('282752000', 'Injury of eye region'), // Injury of eye region (disorder)
} as const;

export type ClinicalFindingKey = keyof typeof CLINICAL_FINDINGS;

/** Body structures (SNOMED CT). */
export const BODY_STRUCTURES = {
  head: coded('69536005', 'Head structure'), // Head structure (body structure)
  neck: coded('45048000', 'Neck structure'), // Neck structure (body structure)
  face: coded('89545001', 'Face structure'), // Face structure (body structure)
  thorax: coded('51185008', 'Thoracic structure'), // Thoracic structure (body structure)
  abdomen: coded('113345001', 'Abdominal structure'), // Abdominal structure (body structure)
  left_upper_limb: coded('80768000', 'Structure of left upper limb'), // ... (body structure)
  right_upper_limb: coded('6921000', 'Structure of right upper limb'), // ... (body structure)
  left_lower_limb: coded('32153003', 'Structure of left lower limb'), // ... (body structure)
  right_lower_limb: coded('62175007', 'Structure of right lower limb'), // ... (body structure)
  skin: coded('39937001', 'Skin structure'), // Skin structure (body structure)
  trunk: coded('22943007', 'Trunk structure'), // Trunk structure (body structure)
} as const;

export type BodyStructureKey = keyof typeof BODY_STRUCTURES;

/** WHO ICD-10 (2019 edition) categories and subcategories with their WHO titles. */
export const ICD10 = {
  S01_8: coded('S01.8', 'Open wound of other parts of head'),
  S01_9: coded('S01.9', 'Open wound of head, part unspecified'),
  S02_9: coded('S02.9', 'Fracture of skull and facial bones, part unspecified'),
  S06_0: coded('S06.0', 'Concussion'),
  S06_9: coded('S06.9', 'Intracranial injury, unspecified'),
  S07_9: coded('S07.9', 'Crushing injury of head, part unspecified'),
  S09_9: coded('S09.9', 'Unspecified injury of head'),
  S21_9: coded('S21.9', 'Open wound of thorax, part unspecified'),
  S22_3: coded('S22.3', 'Fracture of rib'),
  S27_0: coded('S27.0', 'Traumatic pneumothorax'),
  S27_1: coded('S27.1', 'Traumatic haemothorax'),
  S27_9: coded('S27.9', 'Injury of unspecified intrathoracic organ'),
  S28_0: coded('S28.0', 'Crushed chest'),
  S31_1: coded('S31.1', 'Open wound of abdominal wall'),
  S36_9: coded('S36.9', 'Injury of unspecified intra-abdominal organ'),
  S38_1: coded('S38.1', 'Crushing injury of other and unspecified parts of abdomen, lower back and pelvis'),
  S93_4: coded('S93.4', 'Sprain and strain of ankle'),
  T07: coded('T07', 'Unspecified multiple injuries'),
  T10: coded('T10', 'Fracture of upper limb, level unspecified'),
  T11_1: coded('T11.1', 'Open wound of upper limb, level unspecified'),
  T11_6: coded('T11.6', 'Traumatic amputation of upper limb, level unspecified'),
  T12: coded('T12', 'Fracture of lower limb, level unspecified'),
  T13_1: coded('T13.1', 'Open wound of lower limb, level unspecified'),
  T13_6: coded('T13.6', 'Traumatic amputation of lower limb, level unspecified'),
  T14_1: coded('T14.1', 'Open wound of unspecified body region'),
  T14_7: coded('T14.7', 'Crushing injury and traumatic amputation of unspecified body region'),
  T31_0: coded('T31.0', 'Burns involving less than 10% of body surface'),
  T31_1: coded('T31.1', 'Burns involving 10-19% of body surface'),
  T31_2: coded('T31.2', 'Burns involving 20-29% of body surface'),
  T31_3: coded('T31.3', 'Burns involving 30-39% of body surface'),
  T31_4: coded('T31.4', 'Burns involving 40-49% of body surface'),
  T31_5: coded('T31.5', 'Burns involving 50-59% of body surface'),
  T31_6: coded('T31.6', 'Burns involving 60-69% of body surface'),
  T31_7: coded('T31.7', 'Burns involving 70-79% of body surface'),
  T31_8: coded('T31.8', 'Burns involving 80-89% of body surface'),
  T31_9: coded('T31.9', 'Burns involving 90% or more of body surface'),
  T35_7: coded('T35.7', 'Unspecified frostbite of unspecified site'),
  T67_5: coded('T67.5', 'Heat exhaustion, unspecified'),
  T79_3: coded('T79.3', 'Post-traumatic wound infection, not elsewhere classified'),
  T79_4: coded('T79.4', 'Traumatic shock'),
  A09_9: coded('A09.9', 'Gastroenteritis and colitis of unspecified origin'),
  E86: coded('E86', 'Volume depletion'),
  F43_0: coded('F43.0', 'Acute stress reaction'),
  H10_9: coded('H10.9', 'Conjunctivitis, unspecified'),
  J02_0: coded('J02.0', 'Streptococcal pharyngitis'),
  J06_9: coded('J06.9', 'Acute upper respiratory infection, unspecified'),
  L03_9: coded('L03.9', 'Cellulitis, unspecified'),
  M54_5: coded('M54.5', 'Low back pain'),
  N39_0: coded('N39.0', 'Urinary tract infection, site not specified'),
  R50_9: coded('R50.9', 'Fever, unspecified'),
} as const;

export type Icd10Key = keyof typeof ICD10;
