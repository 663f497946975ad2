/**
 * Reference numbers of domain spec §3.3 and §3.5 shared by the schedule and patient modules.
 */
import type { EnvironmentalCondition, InjuryType, Intensity, WarfareType } from './types.js';

export type HourlyPattern =
  | 'sustained_combat' | 'surge' | 'phased_assault' | 'sporadic' | 'precision_strike' | 'wave_assault' | 'contamination' | 'low_intensity';

export interface WarfareProfile {
  /** Relative share of a day's casualties among the enabled types. */
  weight: number;
  pattern: HourlyPattern;
  massCasualtyProbability: number;
  clusterSize: [number, number];
  /** Multiplies the scenario's base injury mix, then renormalised. */
  injuryModifier: Record<InjuryType, number>;
}

const mod = (bi: number, dis: number, nbi: number): Record<InjuryType, number> => ({ BATTLE_TRAUMA: bi, DISEASE: dis, NON_BATTLE: nbi });

export const WARFARE_PROFILES: Record<WarfareType, WarfareProfile> = {
  conventional: { weight: 1.0, pattern: 'sustained_combat', massCasualtyProbability: 0.3, clusterSize: [10, 30], injuryModifier: mod(1.5, 0.8, 0.9) },
  artillery: { weight: 1.2, pattern: 'surge', massCasualtyProbability: 0.8, clusterSize: [15, 50], injuryModifier: mod(2.5, 0.3, 0.6) },
  urban: { weight: 1.1, pattern: 'phased_assault', massCasualtyProbability: 0.4, clusterSize: [5, 20], injuryModifier: mod(1.3, 1.2, 1.4) },
  guerrilla: { weight: 0.8, pattern: 'sporadic', massCasualtyProbability: 0.15, clusterSize: [2, 8], injuryModifier: mod(1.0, 1.5, 1.3) },
  drone: { weight: 0.6, pattern: 'precision_strike', massCasualtyProbability: 0.1, clusterSize: [1, 5], injuryModifier: mod(2.0, 0.2, 0.5) },
  naval: { weight: 0.9, pattern: 'wave_assault', massCasualtyProbability: 0.4, clusterSize: [10, 25], injuryModifier: mod(1.4, 0.7, 1.1) },
  cbrn: { weight: 2.0, pattern: 'contamination', massCasualtyProbability: 0.95, clusterSize: [50, 200], injuryModifier: mod(0.1, 5.0, 0.3) },
  peacekeeping: { weight: 0.4, pattern: 'low_intensity', massCasualtyProbability: 0.05, clusterSize: [1, 5], injuryModifier: mod(0.3, 2.0, 1.8) },
};

export const INTENSITY_FACTOR: Record<Intensity, number> = { low: 0.5, medium: 1.0, high: 1.2, extreme: 1.5 };

export interface EnvironmentEffect {
  visibility: number;
  evacDelayMinutes: number;
  diseaseMultiplier: number;
  /** Share of NBI casualties turned into a specific injury, by condition key of the NBI pool. */
  nbiShift?: { share: number; condition: 'heat_exhaustion' | 'cold_injury' | 'fall' | 'crush_injury' };
}

export const ENVIRONMENT_EFFECTS: Record<EnvironmentalCondition, EnvironmentEffect> = {
  rain: { visibility: 0.8, evacDelayMinutes: 15, diseaseMultiplier: 1.2 },
  fog: { visibility: 0.5, evacDelayMinutes: 30, diseaseMultiplier: 1.0 },
  storm: { visibility: 0.3, evacDelayMinutes: 90, diseaseMultiplier: 1.1 },
  extreme_heat: { visibility: 1.0, evacDelayMinutes: 0, diseaseMultiplier: 1.4, nbiShift: { share: 0.15, condition: 'heat_exhaustion' } },
  extreme_cold: { visibility: 0.9, evacDelayMinutes: 10, diseaseMultiplier: 1.3, nbiShift: { share: 0.1, condition: 'cold_injury' } },
  dust_storm: { visibility: 0.4, evacDelayMinutes: 45, diseaseMultiplier: 1.2 },
  night_operations: { visibility: 0.6, evacDelayMinutes: 20, diseaseMultiplier: 1.0 },
  mountainous_terrain: { visibility: 0.9, evacDelayMinutes: 60, diseaseMultiplier: 1.1, nbiShift: { share: 0.2, condition: 'fall' } },
  urban_debris: { visibility: 0.8, evacDelayMinutes: 40, diseaseMultiplier: 1.3, nbiShift: { share: 0.1, condition: 'crush_injury' } },
};

/** Severity shift probability of special-event casualties (before the intensity factor). */
export const SPECIAL_EVENT_SEVERITY_SHIFT = { major_offensive: 0.2, ambush: 0.15, mass_casualty: 0.3 } as const;
