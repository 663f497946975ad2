/**
 * Allergies (§4.1): 10 % of casualties have one or two, penicillin weighted as the most common.
 * Drawn before care, so that no casualty is given what it is allergic to.
 */
import type { Rng } from '../rng.js';
import type { Coded } from '../types.js';
import { SUBSTANCE_CODES as S } from './codes.js';

const ALLERGENS: readonly Coded[] = [
  S.penicillin, S.penicillin, S.penicillin, S.amoxicillin, S.ibuprofen, S.aspirin, S.morphine, S.codeine, S.latex, S.bee_venom, S.eggs, S.cow_milk,
];

export function allergies(rng: Rng): Coded[] {
  if (rng.float() >= 0.1) return [];
  const first = ALLERGENS[Math.floor(rng.float() * ALLERGENS.length)] as Coded;
  if (rng.float() < 0.7) return [first];
  let second = first;
  while (second === first) second = ALLERGENS[Math.floor(rng.float() * ALLERGENS.length)] as Coded;
  return [first, second];
}

/** Whether a drug is ruled out by the allergies: the allergen itself, or amoxicillin with a penicillin allergy. */
export function ruledOut(drug: Coded, allergy: readonly Coded[]): boolean {
  for (const a of allergy) {
    if (a.code === drug.code) return true;
    if (a.code === S.penicillin.code && drug.code === S.amoxicillin.code) return true;
  }
  return false;
}
