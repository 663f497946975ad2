/**
 * Disease and the non-battle conditions that are not wounds (heat, cold, back pain): which one,
 * how severe, what it does to the state, and where it is cared for (docs/clinical-model.md,
 * "Disease and non-battle illness"). Most are minor: treated and held at Role 1 or Role 2 and
 * returned to duty.
 */
import type { Rng } from '../rng.js';
import type { ConditionKey } from './codes.js';
import { cumulate, pickCumulative } from './sample.js';

export type Severity = 0 | 1 | 2; // mild, moderate, severe

/** The v1 record's `body_part` values. */
export type BodyPart = 'head' | 'torso' | 'left arm' | 'right arm' | 'left leg' | 'right leg';

export interface IllnessProfile {
  key: ConditionKey;
  /** Share of disease casualties (disease pool) or of the non-battle mechanism it belongs to. */
  weight: number;
  /** Mild, moderate, severe shares. */
  severity: readonly [number, number, number];
  /** Fever in °C above baseline, by severity. */
  fever: readonly [number, number, number];
  /** Volume deficit from fluid loss, by severity. */
  dehydration: readonly [number, number, number];
  /** Extra breaths per minute, by severity. */
  breathing: readonly [number, number, number];
  /** GCS points lost (heat illness), by severity. */
  confusion: readonly [number, number, number];
  stress: boolean;
  /** Death probability of a severe case with care (e.g. heat stroke, sepsis). */
  severeDeath: number;
  /** Part of the body (the v1 `body_part`). */
  bodyPart: BodyPart;
}

const p = (
  key: ConditionKey, weight: number, severity: [number, number, number], o: Partial<Omit<IllnessProfile, 'key' | 'weight' | 'severity'>> = {},
): IllnessProfile => ({
  key, weight, severity,
  fever: o.fever ?? [0, 0, 0], dehydration: o.dehydration ?? [0, 0, 0], breathing: o.breathing ?? [0, 0, 0],
  confusion: o.confusion ?? [0, 0, 0], stress: o.stress ?? false, severeDeath: o.severeDeath ?? 0, bodyPart: o.bodyPart ?? 'torso',
});

/**
 * The disease pool. Weights follow the DNBI categories of deployed forces (respiratory, diarrhoeal,
 * skin, combat stress …): Sanders et al. 2005 (Iraq/Afghanistan survey), Hauret et al. 2010.
 */
export const DISEASES: readonly IllnessProfile[] = [
  p('respiratory_infection', 22, [0.75, 0.21, 0.04], { fever: [0.8, 1.5, 2.3], breathing: [2, 4, 10], severeDeath: 0.02 }),
  p('gastroenteritis', 14, [0.65, 0.28, 0.07], { fever: [0.5, 1, 1.6], dehydration: [0.03, 0.07, 0.12], severeDeath: 0.005 }),
  p('diarrhea', 14, [0.75, 0.21, 0.04], { dehydration: [0.02, 0.05, 0.1] }),
  p('streptococcal_pharyngitis', 7, [0.7, 0.28, 0.02], { fever: [1, 1.6, 2.2], bodyPart: 'head' }),
  p('urinary_tract_infection', 5, [0.8, 0.17, 0.03], { fever: [0.3, 1.2, 2.2], severeDeath: 0.01 }),
  p('fever', 6, [0.6, 0.33, 0.07], { fever: [1.2, 1.8, 2.6], dehydration: [0, 0.02, 0.05], severeDeath: 0.02 }),
  p('conjunctivitis', 5, [0.9, 0.1, 0], { bodyPart: 'head' }),
  p('skin_infection', 9, [0.7, 0.25, 0.05], { fever: [0, 0.8, 2], severeDeath: 0.01, bodyPart: 'left leg' }),
  p('acute_stress_reaction', 10, [0.6, 0.32, 0.08], { stress: true, bodyPart: 'head' }),
  p('dehydration', 8, [0.6, 0.32, 0.08], { dehydration: [0.04, 0.08, 0.13] }),
];

/** Non-battle conditions that are not wounds, by the mechanism that brings them. */
export const HEAT = p('heat_exhaustion', 1, [0.55, 0.35, 0.1], { fever: [0.8, 1.4, 2.8], dehydration: [0.05, 0.08, 0.12], confusion: [0, 1, 4], severeDeath: 0.05 });
export const COLD = p('cold_injury', 1, [0.6, 0.3, 0.1], { bodyPart: 'left leg' });
export const BACK_PAIN = p('back_pain', 1, [0.75, 0.22, 0.03]);

const DISEASE_C = cumulate(DISEASES.map((d) => d.weight));

export function drawDisease(rng: Rng): IllnessProfile {
  return DISEASES[pickCumulative(DISEASE_C, rng.float())] as IllnessProfile;
}

export function drawSeverity(rng: Rng, profile: IllnessProfile, shift: boolean): Severity {
  const u = rng.float();
  const [mild, moderate] = profile.severity;
  let s: Severity = u < mild ? 0 : u < mild + moderate ? 1 : 2;
  if (shift && s < 2) s = (s + 1) as Severity;
  return s;
}
