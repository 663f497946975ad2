import { describe, expect, it } from 'vitest';
import { CONDITION_CODES, OBSERVATION_CODES, PROCEDURE_CODES, SEVERITY_CODES, SUBSTANCE_CODES, UCUM_UNITS } from './codes.js';
import { buildArrivals, testScenario, withEnvironment } from './fixtures.js';
import { createPatientContext, generatePatient } from './index.js';

/** Every code the generator emits, pinned to its display. A change here must be deliberate (§1.7). */
const PINNED: Record<string, string> = {
  // conditions
  '283545005': 'Gunshot wound', '262519004': 'Multiple injuries', '125643001': 'Open wound', '127295002': 'Traumatic brain injury',
  '262595009': 'Traumatic amputation', '262560006': 'Penetrating wound', '284196006': 'Burn of skin', '355001': 'Hemorrhagic shock',
  '397181002': 'Open fracture', '125665001': 'Crushing injury', '110030002': 'Concussion injury of brain', '1386000': 'Intracranial hemorrhage',
  '131148009': 'Bleeding', '125605004': 'Fracture of bone', '44465007': 'Sprain of ankle', '237886009': 'Heat exhaustion',
  '370977006': 'Frostbite', '274215009': 'Transport accident', '125666000': 'Burn', '312608009': 'Laceration - injury',
  '279039007': 'Low back pain', '1912002': 'Fall', '54150009': 'Upper respiratory infection', '25374005': 'Gastroenteritis',
  '43878008': 'Streptococcal sore throat', '68566005': 'Urinary tract infectious disease', '62315008': 'Diarrhea', '386661006': 'Fever',
  '9826008': 'Conjunctivitis', '128045006': 'Cellulitis', '67195008': 'Acute stress disorder', '34095006': 'Dehydration',
  // severities
  '24484000': 'Severe', '371924009': 'Moderate to severe', '6736007': 'Moderate', '371923003': 'Mild to moderate', '255604002': 'Mild',
  // procedures
  '386308007': 'First aid', '20655006': 'Application of tourniquet', '225358003': 'Wound care', '426153007': 'Insertion of artificial airway',
  '281800008': 'Intravenous fluid replacement', '387713003': 'Surgical procedure', '74770008': 'Exploratory laparotomy',
  '305351004': 'Admission to intensive care unit', '52052004': 'Rehabilitation therapy', '18629005': 'Administration of drug or medicament',
  // substances
  '764146007': 'Penicillin', '372687004': 'Amoxicillin', '387207008': 'Ibuprofen', '387458008': 'Aspirin', '387517004': 'Paracetamol',
  '373529000': 'Morphine', '387494007': 'Codeine', '111088007': 'Latex', '288328004': 'Bee venom', '102263004': 'Eggs (edible)',
  '3718001': "Cow's milk",
  // LOINC
  '8867-4': 'Heart rate', '8480-6': 'Systolic blood pressure', '9279-1': 'Respiratory rate', '8310-5': 'Body temperature',
  '59408-5': 'Oxygen saturation in Arterial blood by Pulse oximetry', '9269-2': 'Glasgow coma score total',
};

const all = [CONDITION_CODES, SEVERITY_CODES, PROCEDURE_CODES, SUBSTANCE_CODES, OBSERVATION_CODES].flatMap((t) => Object.values(t));

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

  it('uses SNOMED CT identifiers with a valid Verhoeff check digit and LOINC codes with a valid mod-10 check', () => {
    for (const c of all) {
      if (c.code.includes('-')) expect(loincValid(c.code), c.code).toBe(true);
      else expect(verhoeffValid(c.code), c.code).toBe(true);
    }
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
          check(c.severity_code, c.severity);
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
    expect(seen.size).toBeGreaterThan(50);
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
