/**
 * Treatment by protocol and role capability (domain spec §4.3; docs/clinical-model.md,
 * "Treatment"). Each function gives what its role gives, at times from the arrival, and
 * changes the physiology from that time: a tourniquet stops limb bleeding, a haemostatic
 * dressing slows a junctional bleed, surgery stops truncal bleeding, blood and resuscitation
 * restore volume, decompression relieves a tension pneumothorax, antibiotics in time prevent
 * wound infection.
 *  - Point of injury: TCCC / MARCH (massive haemorrhage, airway, respiration, circulation,
 *    hypothermia), analgesia.
 *  - Role 1: resuscitation (blood carried), definitive airway, splints, antibiotics.
 *  - Role 2: damage-control resuscitation and surgery, chest drains.
 *  - Role 3: CT, neurosurgery, definitive surgery, intensive care.
 *  - Role 4: reconstruction and rehabilitation.
 * Disease and non-battle illness get their own care (rehydration, antipyretics, antibiotics,
 * eye drops, physiotherapy, combat-stress care close to the front).
 */
import type { Rng } from '../rng.js';
import type { Coded } from '../types.js';
import type { Casualty } from './casualty.js';
import { CLINICAL_PROCEDURES as P, CLINICAL_SUBSTANCES as S } from './clinical-codes.js';
import type { Course } from './course.js';
import type { InjuryDraw } from './injury.js';
import { HOUR, MIN } from './physiology.js';

const has = (c: Casualty, f: (i: InjuryDraw) => boolean) => c.injuries.some(f);
const OPEN: ReadonlySet<InjuryDraw['nature']> = new Set(['gunshot', 'fragment', 'laceration', 'penetrating', 'open_fracture', 'amputation']);

/** A medication, or its alternative when the casualty is allergic to it. */
function medicate(course: Course, drug: Coded, alternative: Coded | null, t: number): boolean {
  const chosen = course.allergicTo(drug) ? alternative : drug;
  if (chosen === null || course.allergicTo(chosen)) return false;
  course.give(chosen, t, 'medication');
  return true;
}

const mins = (rng: Rng, lo: number, hi: number) => (lo + (hi - lo) * rng.float()) * MIN;

/** Pain relief: ketamine in shock (it keeps the blood pressure), fentanyl otherwise; paracetamol for minor pain. */
function analgesia(c: Casualty, course: Course, t: number): void {
  const s = c.phys;
  if (s.analgesiaAt !== Infinity || s.pain === 0) return;
  const shocked = s.lossAt(t) >= 0.2;
  const given = s.pain >= 2
    ? medicate(course, shocked ? S.ketamine : S.fentanyl, shocked ? S.fentanyl : S.ketamine, t)
    : medicate(course, S.paracetamol, S.ibuprofen, t);
  if (given) s.analgesiaAt = t;
}

/** Point of injury, TCCC / MARCH. An expectant casualty gets comfort care only. */
export function poiCare(c: Casualty, course: Course, t0: number, rng: Rng, expectant: boolean): void {
  const s = c.phys;
  if (c.illness !== null) {
    illnessFirstAid(c, course, t0, rng);
    return;
  }
  if (expectant) {
    course.give(P.palliative_care, t0 + mins(rng, 2, 5));
    analgesia(c, course, t0 + mins(rng, 5, 10));
    return;
  }
  // M: massive haemorrhage.
  if (s.bleeding(['compressible'], t0)) {
    const t = t0 + mins(rng, 1, 3);
    course.give(P.tourniquet, t);
    // About one limb tourniquet in ten does not fully occlude (assumption, docs/clinical-model.md); Role 1 converts it.
    if (rng.float() < 0.9) s.stop(['compressible'], t);
    else s.slow(['compressible'], t, 0.3);
  }
  if (s.bleeding(['junctional'], t0)) {
    const t = t0 + mins(rng, 2, 5);
    course.give(P.hemostatic_dressing, t);
    s.slow(['junctional'], t, 0.25);
  }
  if (s.bleeding(['minor'], t0)) {
    const t = t0 + mins(rng, 3, 8);
    course.give(P.pressure_dressing, t);
    s.stop(['minor'], t);
  }
  // A: airway. A facial wound that will obstruct gets a surgical airway; a low GCS an adjunct.
  if (s.asphyxiaAt !== Infinity) {
    const t = t0 + mins(rng, 3, 6);
    course.give(P.surgical_airway, t);
    s.airwaySecuredAt = t;
  } else if (s.airwayRisk || s.brainGcs(t0) <= 8) {
    const t = t0 + mins(rng, 3, 6);
    course.give(P.nasopharyngeal_airway, t);
    s.airwayAdjunctAt = t;
  }
  // R: respiration. Open chest wounds are sealed; a tension pneumothorax is decompressed when it shows.
  if (has(c, (i) => i.region === 'chest' && OPEN.has(i.nature))) course.give(P.chest_seal, t0 + mins(rng, 4, 8));
  if (s.tension) {
    const t = Math.max(t0, s.tensionAt) + mins(rng, 3, 10);
    course.give(P.needle_decompression, t);
    s.decompressedAt = t;
  }
  // C: circulation. TXA for significant haemorrhage within three hours (CRASH-2; MATTERs).
  if (has(c, (i) => i.ais >= 3 && i.haemorrhage !== 'none' && i.haemorrhage !== 'minor') || s.lossAt(t0) >= 0.15) {
    const t = t0 + mins(rng, 8, 15);
    if (t < 3 * HOUR && medicate(course, S.tranexamic_acid, null, t)) s.slow(['non_compressible', 'junctional'], t, 0.8);
  }
  // H: hypothermia prevention for the seriously injured.
  if (s.coolingRate > 0) {
    const t = t0 + mins(rng, 10, 20);
    course.give(P.hypothermia_prevention, t);
    s.warmedAt = t;
  }
  if (has(c, (i) => i.nature === 'burn')) course.give(P.burn_dressing, t0 + mins(rng, 8, 15));
  else if (has(c, (i) => OPEN.has(i.nature) && i.haemorrhage === 'none')) course.give(P.wound_care, t0 + mins(rng, 6, 12));
  if (c.kind === 1 && course.records.length === 1 && has(c, (i) => i.ais <= 2)) course.give(P.first_aid, t0 + mins(rng, 1, 4));
  analgesia(c, course, t0 + mins(rng, 10, 20));
}

/** Role 1: resuscitation, airway, splints, antibiotics; an expectant casualty comfort care only. */
export function role1Care(c: Casualty, course: Course, a: number, rng: Rng, gcs: number, spo2: number, expectant: boolean): void {
  const s = c.phys;
  if (c.illness !== null) {
    illnessCare(c, course, a, rng);
    return;
  }
  if (expectant) {
    course.give(P.palliative_care, a + mins(rng, 5, 15));
    analgesia(c, course, a + mins(rng, 5, 15));
    return;
  }
  if (s.bleeding(['compressible'], a)) {
    const t = a + mins(rng, 3, 8);
    course.give(P.tourniquet, t);
    s.stop(['compressible'], t);
  }
  if (s.bleeding(['junctional'], a)) {
    const t = a + mins(rng, 5, 10);
    course.give(P.hemostatic_dressing, t);
    s.slow(['junctional'], t, 0.15);
  }
  if (s.bleeding(['minor'], a)) {
    const t = a + mins(rng, 5, 10);
    course.give(P.pressure_dressing, t);
    s.stop(['minor'], t);
  }
  if (gcs <= 8 && s.airwaySecuredAt > a) {
    const t = a + mins(rng, 10, 25);
    course.give(P.endotracheal_intubation, t);
    s.airwaySecuredAt = t;
  }
  if (spo2 < 94 || s.tension) {
    const t = a + mins(rng, 3, 8);
    course.give(P.oxygen_therapy, t);
    s.oxygenAt = t;
  }
  if (s.tension && s.decompressedAt > a) {
    const t = a + mins(rng, 3, 8);
    course.give(P.needle_decompression, t);
    s.decompressedAt = t;
  }
  resuscitate(c, course, a + mins(rng, 10, 25), 0.3, 0.25);
  if (s.bleeding(['burn'], a)) {
    const t = a + mins(rng, 15, 30);
    course.give(P.iv_fluids, t);
    s.slow(['burn'], t, 0.3);
  }
  if (has(c, (i) => i.nature === 'fracture' || i.nature === 'open_fracture')) course.give(P.splinting, a + mins(rng, 20, 40));
  antibiotics(c, course, a + mins(rng, 15, 35));
  if (has(c, (i) => i.nature === 'laceration' || i.nature === 'gunshot' || i.nature === 'fragment')) course.give(P.wound_care, a + mins(rng, 20, 45));
  analgesia(c, course, a + mins(rng, 5, 15));
}

/** Blood for class III–IV haemorrhage, fluids for class II: the deficit falls by `by`, to no less than 0.1. */
function resuscitate(c: Casualty, course: Course, t: number, bloodFrom: number, by: number): void {
  const s = c.phys;
  const loss = s.lossAt(t);
  if (loss >= bloodFrom) {
    course.give(P.blood_transfusion, t);
    s.restore(t, Math.max(0.1, loss - by));
  } else if (loss >= 0.15) {
    course.give(P.iv_fluids, t);
    s.restore(t, loss - 0.05);
  }
}

/** Antibiotics for open wounds (JTS guideline: within three hours); in time, infection is mostly prevented. */
function antibiotics(c: Casualty, course: Course, t: number): void {
  const s = c.phys;
  if (!has(c, (i) => OPEN.has(i.nature) || i.nature === 'burn') || s.antibioticsAt !== Infinity) return;
  const oral = s.brainGcs(t) >= 15 && !has(c, (i) => i.region === 'abdomen' && i.ais >= 2);
  const given = oral ? medicate(course, S.moxifloxacin, S.ertapenem, t) : medicate(course, S.cefazolin, S.ertapenem, t);
  if (!given) return;
  s.antibioticsAt = t;
  if (t <= 6 * HOUR && s.lateDeathDraw < 0.85) s.infectionOnset = Infinity;
}

/** Role 2: damage-control resuscitation and surgery; `urgent` (T1) goes to theatre first. */
export function role2Care(c: Casualty, course: Course, a: number, rng: Rng, urgent: boolean): void {
  const s = c.phys;
  if (c.illness !== null) {
    illnessCare(c, course, a, rng);
    return;
  }
  resuscitate(c, course, a + mins(rng, 10, 20), 0.3, 0.3);
  if (s.tension || has(c, (i) => i.region === 'chest' && i.ais >= 3)) {
    const t = a + mins(rng, 15, 40);
    course.give(P.chest_drain, t);
    s.drainAt = t;
    if (s.decompressedAt > t) s.decompressedAt = t;
  }
  if (c.surgery) {
    const t = a + (urgent ? mins(rng, 30, 75) : mins(rng, 120, 300));
    if (has(c, (i) => i.region === 'abdomen' && i.ais >= 3)) course.give(P.exploratory_laparotomy, t);
    if (has(c, (i) => i.region === 'chest' && i.haemorrhage === 'non_compressible' && i.ais >= 4)) course.give(P.thoracotomy, t);
    if (has(c, (i) => i.region === 'extremities' && i.ais >= 3)) course.give(P.debridement, t);
    if (has(c, (i) => i.nature === 'amputation')) course.give(P.limb_amputation, t);
    if (has(c, (i) => i.region === 'extremities' && i.ais >= 4 && i.nature !== 'amputation')) course.give(P.vascular_repair, t);
    if (has(c, (i) => i.nature === 'open_fracture')) course.give(P.fracture_fixation, t);
    if (has(c, (i) => i.nature === 'burn' && i.tbsa >= 20)) course.give(P.debridement, t);
    const done = t + mins(rng, 45, 120);
    s.stop(['non_compressible', 'compressible', 'junctional', 'minor'], done);
    s.restore(done, 0.1);
  }
  if (s.bleeding(['burn'], a)) {
    const t = a + mins(rng, 10, 30);
    course.give(P.iv_fluids, t);
    s.stop(['burn'], t);
  }
  if (has(c, (i) => i.nature === 'burn')) course.give(P.burn_dressing, a + mins(rng, 30, 90));
  if (has(c, (i) => i.ais === 2 && (i.nature === 'gunshot' || i.nature === 'fragment'))) course.give(P.debridement, a + mins(rng, 90, 360));
  antibiotics(c, course, a + mins(rng, 10, 30));
  analgesia(c, course, a + mins(rng, 5, 15));
  if (s.warmedAt > a && s.coolingRate > 0) s.warmedAt = a + mins(rng, 5, 15);
}

/**
 * Late death (organ failure, sepsis) among the severely injured at the first surgical role: likelier
 * after deep shock, after a long wait for surgery, and with an infection antibiotics did not
 * prevent (docs/clinical-model.md, "Late deaths").
 */
export function lateDeathRisk(iss: number, maxLoss: number, hoursToSurgery: number, infected: boolean): number {
  const base = iss >= 50 ? 0.12 : iss >= 25 ? 0.015 : iss >= 16 ? 0.004 : 0;
  const severe = iss >= 16 ? 2 : iss >= 9 ? 1 : 0;
  const delay = 0.003 * severe * Math.max(0, hoursToSurgery - 4);
  return Math.min(0.9, base + 0.4 * Math.max(0, maxLoss - 0.25) + delay + (infected && iss >= 9 ? 0.02 : 0));
}

/** Role 3: CT, neurosurgery, definitive surgery, intensive care. */
export function role3Care(c: Casualty, course: Course, a: number, rng: Rng, gcs: number): void {
  const s = c.phys;
  if (c.illness !== null) {
    illnessCare(c, course, a, rng);
    if (c.illness.severity === 2 && (c.illness.profile.breathing[2] > 4 || c.illness.profile.confusion[2] > 0)) {
      course.give(P.icu_admission, a + mins(rng, 30, 90));
    }
    return;
  }
  if (c.neuro || c.iss >= 9 || has(c, (i) => (i.region === 'chest' || i.region === 'abdomen') && i.ais >= 2)) course.give(P.ct_scan, a + mins(rng, 20, 60));
  if (has(c, (i) => i.nature === 'tbi' && i.ais >= 4)) {
    const t = a + mins(rng, 60, 150);
    course.give(P.craniotomy, t);
    s.brainStopAt = Math.min(s.brainStopAt, t);
  }
  if (c.surgery || has(c, (i) => i.nature === 'fracture')) {
    const t = a + mins(rng, 180, 600);
    if (has(c, (i) => i.nature === 'fracture' || i.nature === 'open_fracture')) course.give(P.fracture_fixation, t);
    else course.give(P.surgery, t);
    if (has(c, (i) => i.nature === 'burn' && i.tbsa >= 10)) course.give(P.skin_graft, t);
  }
  if (c.iss >= 16 || gcs <= 8 || has(c, (i) => i.nature === 'burn' && i.tbsa >= 20)) course.give(P.icu_admission, a + mins(rng, 30, 120));
  s.restore(a + mins(rng, 30, 90), 0.05);
  antibiotics(c, course, a + mins(rng, 10, 30));
  if (s.warmedAt > a) s.warmedAt = a;
}

/** Role 4: reconstruction and rehabilitation. */
export function role4Care(c: Casualty, course: Course, a: number, rng: Rng): void {
  if (c.illness !== null) {
    course.give(c.illness.profile.key === 'back_pain' || c.illness.profile.key === 'cold_injury' ? P.physiotherapy : P.rehabilitation, a + mins(rng, 120, 600));
    return;
  }
  if (has(c, (i) => i.nature === 'amputation' || i.nature === 'open_fracture' || i.nature === 'crush')) course.give(P.surgery, a + mins(rng, 240, 1200));
  if (has(c, (i) => i.nature === 'burn' && i.tbsa >= 10)) course.give(P.skin_graft, a + mins(rng, 240, 1200));
  course.give(P.rehabilitation, a + mins(rng, 600, 1400));
  if (has(c, (i) => i.region === 'extremities' && i.ais >= 2)) course.give(P.physiotherapy, a + mins(rng, 600, 1400));
}

/** The unit's first aid for an illness: a heat casualty is cooled and given fluids by mouth. */
function illnessFirstAid(c: Casualty, course: Course, t0: number, rng: Rng): void {
  const key = c.illness?.profile.key;
  if (key === 'heat_exhaustion') {
    const t = t0 + mins(rng, 2, 10);
    course.give(P.first_aid, t);
    course.give(P.oral_rehydration, t);
    c.phys.rehydratedAt = t;
  } else if (key === 'cold_injury') {
    const t = t0 + mins(rng, 5, 15);
    course.give(P.hypothermia_prevention, t);
  }
}

const BACTERIAL = new Set(['streptococcal_pharyngitis', 'urinary_tract_infection', 'skin_infection']);

/** Disease and non-battle illness care at Roles 1–3 (each given once, at the first role that can). */
function illnessCare(c: Casualty, course: Course, a: number, rng: Rng): void {
  const ill = c.illness;
  if (ill === null) return;
  const s = c.phys;
  const key = ill.profile.key;
  const t = a + mins(rng, 10, 40);
  if (s.fever > 0 && s.feverTreatedAt === Infinity && medicate(course, S.paracetamol, S.ibuprofen, t)) s.feverTreatedAt = t;
  if (s.dehydration > 0 && s.rehydratedAt === Infinity) {
    if (ill.severity === 2 || s.heatIllness > 0) course.give(P.iv_fluids, t);
    else {
      course.give(P.oral_rehydration, t);
      course.give(S.oral_rehydration_salts, t, 'medication');
    }
    s.rehydratedAt = t;
  } else if (s.dehydration > 0 && ill.severity === 2 && course.facilities.length >= 3) course.give(P.iv_fluids, t);
  if (key === 'gastroenteritis' && course.facilities.length <= 2) medicate(course, S.ondansetron, null, t);
  if (BACTERIAL.has(key) && s.antibioticsAt === Infinity) {
    const iv = ill.severity === 2 && key === 'skin_infection';
    if (iv ? medicate(course, S.cefazolin, S.moxifloxacin, t) : medicate(course, S.amoxicillin, S.moxifloxacin, t)) s.antibioticsAt = t;
  }
  if (key === 'respiratory_infection' && ill.severity === 2 && s.oxygenAt === Infinity) {
    course.give(P.oxygen_therapy, t);
    s.oxygenAt = t;
  }
  if (key === 'conjunctivitis' && s.antibioticsAt === Infinity) {
    course.give(P.eye_examination, t);
    if (medicate(course, S.chloramphenicol, null, t)) s.antibioticsAt = t;
  }
  if (key === 'acute_stress_reaction' && course.facilities.length === 2) course.give(P.psychological_first_aid, t);
  if (key === 'back_pain' && course.facilities.length === 2) {
    medicate(course, S.ibuprofen, S.paracetamol, t);
    course.give(P.physiotherapy, t + mins(rng, 60, 240));
  }
  if (key === 'cold_injury' && course.facilities.length === 2) course.give(P.wound_care, t);
  if (key === 'heat_exhaustion' && ill.severity === 2 && course.facilities.length === 2) course.give(P.iv_fluids, t);
}
