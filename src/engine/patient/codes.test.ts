import { describe, expect, it } from 'vitest';
import {
  BODY_STRUCTURES, CLINICAL_FINDINGS, CLINICAL_SUBSTANCES, CONDITION_CODES, ICD10, OBSERVATION_CODES, PROCEDURE_CODES, SEVERITY_CODES,
  SUBSTANCE_CODES, UCUM_UNITS,
} from './codes.js';
import { buildArrivals, testScenario, withEnvironment } from './fixtures.js';
import { createPatientContext, generatePatient } from './index.js';

/** Every code the generator emits, pinned to its display. A change here must be deliberate (§1.7). */
const PINNED: Record<string, string> = {
  // conditions
  '283545005': 'Gunshot wound', '125643001': 'Open wound', '127295002': 'Traumatic brain injury',
  '262595009': 'Traumatic amputation', '262560006': 'Penetrating wound', '284196006': 'Burn of skin',
  '355001': 'Hemorrhagic shock', '397181002': 'Open fracture', '125665001': 'Crushing injury',
  '110030002': 'Concussion injury of brain', '125605004': 'Fracture of bone', '44465007': 'Sprain of ankle',
  '237886009': 'Heat exhaustion', '370977006': 'Frostbite', '312608009': 'Laceration - injury', '279039007': 'Low back pain',
  '54150009': 'Upper respiratory infection', '25374005': 'Gastroenteritis', '43878008': 'Streptococcal sore throat',
  '68566005': 'Urinary tract infectious disease', '62315008': 'Diarrhea', '386661006': 'Fever', '9826008': 'Conjunctivitis',
  '128045006': 'Cellulitis', '67195008': 'Acute stress disorder', '34095006': 'Dehydration', '33737001': 'Fracture of rib',
  // findings
  '233645004': 'Tension pneumothorax', '31892009': 'Hemothorax', '128069005': 'Injury of abdomen',
  '39419009': 'Hypovolemic shock', '76844004': 'Local infection of wound', '386689009': 'Hypothermia', '91302008': 'Sepsis',
  '233604007': 'Pneumonia', '125593007': 'Injury of face', '282752000': 'Injury of eye region',
  // severities
  '24484000': 'Severe', '371924009': 'Moderate to severe', '6736007': 'Moderate', '371923003': 'Mild to moderate',
  '255604002': 'Mild',
  // procedures
  '20655006': 'Application of tourniquet', '51241000': 'Control of hemorrhage', '26906007': 'Application of dressing, pressure',
  '182692007': 'Nasopharyngeal airway insertion', '112798008': 'Insertion of endotracheal tube',
  '426153007': 'Insertion of artificial airway', '3895009': 'Application of dressing',
  '1290622004': 'Needle chest decompression for tension pneumothorax', '264957007': 'Insertion of pleural tube drain',
  '57485005': 'Oxygen therapy', '386308007': 'First aid', '281800008': 'Intravenous fluid replacement',
  '116859006': 'Transfusion of blood product', '79321009': 'Application of splint', '36777000': 'Debridement',
  '74770008': 'Exploratory laparotomy', '177765008': 'Opening of chest', '81723002': 'Amputation',
  '88309008': 'Repair of blood vessel', '25353009': 'Craniotomy', '77477000': 'Computerized axial tomography',
  '305351004': 'Admission to intensive care unit', '20701002': 'Open reduction of fracture with internal fixation',
  '304040003': 'Grafting to skin', '52052004': 'Rehabilitation therapy', '91251008': 'Physical therapy procedure',
  '18629005': 'Administration of drug or medicament', '103735009': 'Palliative care', '409063005': 'Counseling',
  '225886003': 'Medical assessment', '36228007': 'Ophthalmic examination and evaluation', '225358003': 'Wound care',
  '387713003': 'Surgical procedure', '442460002': 'Procedure on wound',
  // substances
  '764146007': 'Penicillin', '372687004': 'Amoxicillin', '387207008': 'Ibuprofen', '387458008': 'Aspirin',
  '387517004': 'Paracetamol', '373529000': 'Morphine', '387494007': 'Codeine', '111088007': 'Latex', '288328004': 'Bee venom',
  '102263004': 'Eggs (edible)', '3718001': "Cow's milk", '386960009': 'Tranexamic acid', '373464007': 'Ketamine',
  '373492002': 'Fentanyl', '412439003': 'Moxifloxacin', '387470007': 'Cefazolin', '372777009': 'Chloramphenicol',
  '372487007': 'Ondansetron', '387390002': 'Sodium chloride', '420135007': 'Whole blood',
  // body structures
  '69536005': 'Head structure', '45048000': 'Neck structure', '89545001': 'Face structure', '51185008': 'Thoracic structure',
  '113345001': 'Abdominal structure', '80768000': 'Structure of left upper limb', '6921000': 'Structure of right upper limb',
  '32153003': 'Structure of left lower limb', '62175007': 'Structure of right lower limb', '39937001': 'Skin structure',
  '22943007': 'Trunk structure',
  // LOINC
  '8867-4': 'Heart rate', '8480-6': 'Systolic blood pressure', '9279-1': 'Respiratory rate', '8310-5': 'Body temperature',
  '59408-5': 'Oxygen saturation in Arterial blood by Pulse oximetry', '9269-2': 'Glasgow coma score total',
  // WHO ICD-10
  'S01.8': 'Open wound of other parts of head', 'S01.9': 'Open wound of head, part unspecified',
  'S02.9': 'Fracture of skull and facial bones, part unspecified', 'S06.0': 'Concussion',
  'S06.9': 'Intracranial injury, unspecified', 'S07.9': 'Crushing injury of head, part unspecified',
  'S09.9': 'Unspecified injury of head', 'S21.9': 'Open wound of thorax, part unspecified', 'S22.3': 'Fracture of rib',
  'S27.0': 'Traumatic pneumothorax', 'S27.1': 'Traumatic haemothorax', 'S27.9': 'Injury of unspecified intrathoracic organ',
  'S28.0': 'Crushed chest', 'S31.1': 'Open wound of abdominal wall', 'S36.9': 'Injury of unspecified intra-abdominal organ',
  'S38.1': 'Crushing injury of other and unspecified parts of abdomen, lower back and pelvis',
  'S93.4': 'Sprain and strain of ankle', 'T07': 'Unspecified multiple injuries',
  'T10': 'Fracture of upper limb, level unspecified', 'T11.1': 'Open wound of upper limb, level unspecified',
  'T11.6': 'Traumatic amputation of upper limb, level unspecified', 'T12': 'Fracture of lower limb, level unspecified',
  'T13.1': 'Open wound of lower limb, level unspecified', 'T13.6': 'Traumatic amputation of lower limb, level unspecified',
  'T14.1': 'Open wound of unspecified body region',
  'T14.7': 'Crushing injury and traumatic amputation of unspecified body region',
  'T31.0': 'Burns involving less than 10% of body surface', 'T31.1': 'Burns involving 10-19% of body surface',
  'T31.2': 'Burns involving 20-29% of body surface', 'T31.3': 'Burns involving 30-39% of body surface',
  'T31.4': 'Burns involving 40-49% of body surface', 'T31.5': 'Burns involving 50-59% of body surface',
  'T31.6': 'Burns involving 60-69% of body surface', 'T31.7': 'Burns involving 70-79% of body surface',
  'T31.8': 'Burns involving 80-89% of body surface', 'T31.9': 'Burns involving 90% or more of body surface',
  'T35.7': 'Unspecified frostbite of unspecified site', 'T67.5': 'Heat exhaustion, unspecified',
  'T79.3': 'Post-traumatic wound infection, not elsewhere classified', 'T79.4': 'Traumatic shock',
  'A09.9': 'Gastroenteritis and colitis of unspecified origin', 'E86': 'Volume depletion', 'F43.0': 'Acute stress reaction',
  'H10.9': 'Conjunctivitis, unspecified', 'J02.0': 'Streptococcal pharyngitis',
  'J06.9': 'Acute upper respiratory infection, unspecified', 'L03.9': 'Cellulitis, unspecified', 'M54.5': 'Low back pain',
  'N39.0': 'Urinary tract infection, site not specified', 'R50.9': 'Fever, unspecified',
};

const snomedAndLoinc = [CONDITION_CODES, CLINICAL_FINDINGS, SEVERITY_CODES, PROCEDURE_CODES, SUBSTANCE_CODES, CLINICAL_SUBSTANCES, BODY_STRUCTURES, OBSERVATION_CODES]
  .flatMap((t) => Object.values(t));
const all = [...snomedAndLoinc, ...Object.values(ICD10)];

describe('code tables', () => {
  it('pins every code to its display, and every pinned code is in use', () => {
    const seen = new Map<string, string>();
    for (const c of all) {
      expect(PINNED[c.code], `unpinned code ${c.code}`).toBe(c.display);
      const prior = seen.get(c.code);
      if (prior !== undefined) expect(prior).toBe(c.display);
      seen.set(c.code, c.display);
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(PINNED).sort());
  });

  it('uses SNOMED CT identifiers with a valid Verhoeff check digit, LOINC codes with a valid mod-10 check, and ICD-10 codes of WHO form', () => {
    for (const c of snomedAndLoinc) {
      if (c.code.includes('-')) expect(loincValid(c.code), c.code).toBe(true);
      else expect(verhoeffValid(c.code), c.code).toBe(true);
    }
    // WHO ICD-10: a letter, two digits, and a subdivision digit where the category has one.
    for (const c of Object.values(ICD10)) expect(c.code).toMatch(/^[A-Z]\d\d(\.\d)?$/);
  });

  it('gives UCUM units for every observation', () => {
    expect(UCUM_UNITS).toEqual({ heart_rate: '/min', systolic_bp: 'mm[Hg]', respiratory_rate: '/min', body_temperature: 'Cel', spo2: '%', gcs: '{score}' });
  });

  it('emits no code outside the module: every code, display and unit in generated patients is pinned', () => {
    const units = new Set<string>(Object.values(UCUM_UNITS));
    const seen = new Set<string>();
    const check = (code: string, display: string) => {
      expect(PINNED[code], `emitted code ${code} ${display}`).toBe(display);
      seen.add(code);
    };
    for (const env of [[], ['extreme_heat'], ['extreme_cold']] as const) {
      const scenario = withEnvironment(testScenario({ total_patients: 4000 }), env);
      const ctx = createPatientContext(scenario, 77);
      for (const a of buildArrivals(scenario, 77)) {
        const p = generatePatient(ctx, a);
        for (const c of [...p.primary_conditions, ...p.additional_conditions]) {
          check(c.code, c.display);
          check(c.icd10, c.icd10_display);
          check(c.severity_code, c.severity);
        }
        for (const i of p.injuries) {
          check(i.condition.code, i.condition.display);
          check(i.icd10.code, i.icd10.display);
          check(i.body_site.code, i.body_site.display);
        }
        for (const c of [...p.allergies, ...p.medications]) check(c.code, c.display);
        for (const t of p.treatment_history) {
          for (const c of t.treatments) check(c.code, c.display);
          for (const o of t.observations) {
            check(o.code, o.display);
            expect(units.has(o.unit), o.unit).toBe(true);
          }
        }
      }
    }
    expect(seen.size).toBeGreaterThan(120);
  });

  it('freezes shared code objects', () => {
    expect(Object.isFrozen(CONDITION_CODES.gunshot_wound)).toBe(true);
  });
});

// SNOMED CT SCTIDs end in a Verhoeff check digit; LOINC codes in a mod-10 (Luhn-style) digit.
const D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]];
const P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]];
function verhoeffValid(id: string): boolean {
  let c = 0;
  const digits = id.split('').reverse().map(Number);
  digits.forEach((d, i) => { c = D[c]![P[i % 8]![d]!]!; });
  return c === 0 && /^\d{6,18}$/.test(id) && id.slice(-3, -1) === '00';
}
function loincValid(code: string): boolean {
  const [body, check] = code.split('-') as [string, string];
  let sum = 0;
  body.split('').reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  });
  return (10 - (sum % 10)) % 10 === Number(check);
}
