/**
 * The injury mix (domain spec §3.3, §3.5) as the schedule uses it: the schedule, not the patient,
 * decides whether a casualty is a battle casualty, a non-battle injury or a disease, so battle
 * casualties can be placed in the combat events and disease and non-battle injuries (DNBI) in a
 * background stream. The patient sampler reads the same tables (exact quotas, DNBI triage).
 */
import { largestRemainder } from '../allocate.js';
import { ENVIRONMENT_EFFECTS, WARFARE_PROFILES } from '../tables.js';
import { ENVIRONMENTAL_CONDITIONS, INJURY_TYPES, WARFARE_TYPES, type Scenario, type WarfareType } from '../types.js';

/** Index into INJURY_TYPES: 0 battle trauma, 1 non-battle injury, 2 disease. */
export type InjuryIndex = 0 | 1 | 2;
export const BATTLE: InjuryIndex = 0;
export const NON_BATTLE: InjuryIndex = 1;
export const DISEASE: InjuryIndex = 2;

/** Product of the disease multipliers of the active environmental conditions. */
function diseaseFactor(scenario: Scenario): number {
  let disease = 1;
  for (const c of ENVIRONMENTAL_CONDITIONS) if (scenario.environmental_conditions[c]) disease *= ENVIRONMENT_EFFECTS[c].diseaseMultiplier;
  return disease;
}

/** The scenario's injury mix × a warfare type's modifier × environmental disease multipliers, normalised. */
export function injuryMix(scenario: Scenario, type: WarfareType | null): number[] {
  const disease = diseaseFactor(scenario);
  const raw = INJURY_TYPES.map((t, i) => {
    const mod = type === null ? 1 : WARFARE_PROFILES[type].injuryModifier[t];
    return scenario.injury_mix[t] * mod * (i === DISEASE ? disease : 1);
  });
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

/** Enabled warfare types in WARFARE_TYPES order (conventional when none is, which validation rejects). */
export function enabledTypes(scenario: Scenario): WarfareType[] {
  const enabled = WARFARE_TYPES.filter((w) => scenario.warfare_types[w]);
  return enabled.length > 0 ? enabled : ['conventional'];
}

/**
 * Expected overall mix, unnormalised: each enabled warfare type contributes its §3.3 weight ×
 * its own mix. The weight of type t's battle casualties is weight(t) × mix(t)[battle], which is
 * also how the schedule splits the battle casualties over the types.
 */
export function expectedInjuryWeights(scenario: Scenario): number[] {
  const injury = [0, 0, 0];
  for (const w of enabledTypes(scenario)) {
    const share = WARFARE_PROFILES[w].weight;
    const mix = injuryMix(scenario, w);
    for (let k = 0; k < 3; k++) injury[k] = (injury[k] as number) + share * (mix[k] as number);
  }
  return injury;
}

/** Patients of each injury type [battle, non-battle, disease]: largest remainder of N over the expected mix. */
export function injuryCounts(scenario: Scenario): number[] {
  return largestRemainder(scenario.total_patients, expectedInjuryWeights(scenario));
}
