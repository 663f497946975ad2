/**
 * Conditions (§4.2): a primary condition from the injury type's pool of ten, weighted by triage;
 * polytrauma for severe battle trauma; related conditions that follow the primary; a body part
 * that fits the condition; environmental shifts of non-battle injuries. Condition objects are
 * precomputed and frozen, one per (condition, severity).
 */
import type { Rng } from '../rng.js';
import { ENVIRONMENT_EFFECTS } from '../tables.js';
import { ENVIRONMENTAL_CONDITIONS, type Condition, type Scenario } from '../types.js';
import { CONDITION_CODES, SEVERITY_CODES, type ConditionKey, type SeverityKey } from './codes.js';
import { BT, cumulate, pickCumulative, type InjuryIndex, type TriageIndex } from './sample.js';

export const BODY_PARTS = ['head', 'torso', 'left arm', 'right arm', 'left leg', 'right leg'] as const;
export type BodyPart = (typeof BODY_PARTS)[number];

const HEAD: BodyPart[] = ['head'];
const TORSO: BodyPart[] = ['torso'];
const ARMS: BodyPart[] = ['left arm', 'right arm'];
const LEGS: BodyPart[] = ['left leg', 'right leg'];
const LIMBS = [...ARMS, ...LEGS];
const ANY = [...HEAD, ...TORSO, ...TORSO, ...LIMBS];

interface PoolEntry {
  key: ConditionKey;
  /** Relative weight when triage is T1, T2, T3 (T4 uses T1). */
  weights: [number, number, number];
  parts: readonly BodyPart[];
}

const e = (key: ConditionKey, weights: [number, number, number], parts: readonly BodyPart[]): PoolEntry => ({ key, weights, parts });

/** Pools in INJURY_TYPES order: battle trauma, non-battle injury, disease. */
export const POOLS: readonly (readonly PoolEntry[])[] = [
  [
    e('gunshot_wound', [3, 3, 2], ANY),
    e('blast_injury', [3, 2, 1], ANY),
    e('fragment_wound', [1.5, 3, 4], ANY),
    e('traumatic_brain_injury', [1.5, 1, 0.5], HEAD),
    e('traumatic_amputation', [1.5, 0.5, 0.05], [...LEGS, ...LEGS, ...ARMS]),
    e('penetrating_injury', [1.5, 1.5, 0.5], [...TORSO, ...TORSO, ...LIMBS]),
    e('burn_of_skin', [1, 1.5, 1.5], ANY),
    e('hemorrhagic_shock', [1.5, 0.3, 0.05], [...TORSO, ...TORSO, ...LEGS]),
    e('open_fracture', [1, 2, 0.5], [...LEGS, ...LEGS, ...ARMS]),
    e('crush_injury', [0.8, 1, 1], [...TORSO, ...LIMBS]),
  ],
  [
    e('fracture', [2, 3, 1.5], LIMBS),
    e('ankle_sprain', [0.05, 1, 4], LEGS),
    e('heat_exhaustion', [0.1, 0.2, 0.2], TORSO), // common only when extreme heat shifts NBI to it
    e('cold_injury', [0.05, 0.2, 0.2], LIMBS), // common only when extreme cold shifts NBI to it
    e('vehicle_accident', [3, 2, 1], ANY),
    e('crush_injury', [1.5, 1.5, 0.5], [...TORSO, ...LIMBS]),
    e('burn', [1, 1.5, 1], ANY),
    e('laceration', [0.3, 1.5, 3], [...HEAD, ...LIMBS]),
    e('back_pain', [0.05, 1, 3], TORSO),
    e('fall', [1.5, 2, 2], ANY),
  ],
  [
    e('respiratory_infection', [1, 3, 4], TORSO),
    e('gastroenteritis', [1, 3, 3], TORSO),
    e('streptococcal_pharyngitis', [0.3, 1.5, 2], HEAD),
    e('urinary_tract_infection', [0.2, 1, 1.5], TORSO),
    e('diarrhea', [0.5, 2, 3], TORSO),
    e('fever', [0.7, 1.5, 1.5], TORSO),
    e('conjunctivitis', [0.05, 0.5, 2], HEAD),
    e('skin_infection', [0.3, 1, 2], [...TORSO, ...LIMBS]),
    e('acute_stress_reaction', [0.5, 1.5, 1.5], HEAD),
    e('dehydration', [1.5, 1.5, 1], TORSO),
  ],
];

const SEVERITY_ORDER: readonly SeverityKey[] = ['severe', 'moderate_to_severe', 'moderate', 'mild_to_moderate', 'mild'];

function makeCondition(key: ConditionKey, severity: SeverityKey): Condition {
  const c = CONDITION_CODES[key];
  const s = SEVERITY_CODES[severity];
  return Object.freeze({ code: c.code, display: c.display, severity: s.display, severity_code: s.code });
}

/** Frozen Condition per (condition, severity rank 0 severe … 4 mild). */
const CONDITIONS = new Map<ConditionKey, Condition[]>(
  (Object.keys(CONDITION_CODES) as ConditionKey[]).map((k) => [k, SEVERITY_ORDER.map((s) => makeCondition(k, s))]),
);

const conditionOf = (key: ConditionKey, rank: number): Condition => (CONDITIONS.get(key) as Condition[])[Math.min(4, rank)] as Condition;

export interface Conditions {
  primary: Condition;
  primaryKey: ConditionKey;
  primaries: Condition[];
  additional: Condition[];
  bodyPart: BodyPart;
}

export class ConditionSampler {
  /** Cumulative weights per injury type per timed triage (T1, T2, T3). */
  private readonly cumulative: Float64Array[][];
  private readonly nbiShifts: { share: number; key: ConditionKey; parts: readonly BodyPart[] }[] = [];

  constructor(scenario: Scenario) {
    this.cumulative = POOLS.map((pool) => [0, 1, 2].map((t) => cumulate(pool.map((p) => p.weights[t] as number))));
    for (const c of ENVIRONMENTAL_CONDITIONS) {
      const shift = ENVIRONMENT_EFFECTS[c].nbiShift;
      if (!scenario.environmental_conditions[c] || shift === undefined) continue;
      const entry = (POOLS[1] as PoolEntry[]).find((p) => p.key === shift.condition) as PoolEntry;
      this.nbiShifts.push({ share: shift.share, key: shift.condition, parts: entry.parts });
    }
  }

  sample(rng: Rng, injury: InjuryIndex, triage: TriageIndex): Conditions {
    const timed = triage === 3 ? 0 : triage;
    const pool = POOLS[injury] as PoolEntry[];
    const cumulative = (this.cumulative[injury] as Float64Array[])[timed] as Float64Array;
    let entry = pool[pickCumulative(cumulative, rng.float())] as PoolEntry;
    let key = entry.key;
    let parts = entry.parts;
    if (injury === 1) {
      for (const s of this.nbiShifts) {
        if (rng.float() < s.share) {
          key = s.key;
          parts = s.parts;
          break;
        }
      }
    }
    // Severity rank: T1/T4 severe, T2 moderate or moderate-to-severe, T3 mild-to-moderate.
    const rank = timed === 0 ? 0 : timed === 1 ? (rng.float() < 0.5 ? 1 : 2) : 3;
    const primary = conditionOf(key, rank);
    const primaries = [primary];
    const keys: ConditionKey[] = [key];
    if (injury === BT) {
      const p = timed === 0 ? 0.6 : timed === 1 ? 0.3 : 0;
      if (p > 0 && rng.float() < p) {
        const extra = rng.float() < 0.5 ? 1 : 2;
        for (let guard = 0; keys.length < extra + 1 && guard < 20; guard++) {
          entry = pool[pickCumulative(cumulative, rng.float())] as PoolEntry;
          if (keys.includes(entry.key)) continue;
          keys.push(entry.key);
          primaries.push(conditionOf(entry.key, rank));
        }
      }
    }
    const additional: Condition[] = [];
    const related: ConditionKey[] = [];
    for (const k of keys) {
      if (k === 'traumatic_brain_injury') related.push(timed === 0 ? 'intracranial_hemorrhage' : 'concussion');
      else if (k === 'gunshot_wound' || k === 'traumatic_amputation') related.push('bleeding');
      else if (k === 'blast_injury' && rng.float() < 0.3) related.push('concussion');
    }
    for (let i = 0; i < related.length; i++) {
      const k = related[i] as ConditionKey;
      if (!keys.includes(k) && related.indexOf(k) === i) additional.push(conditionOf(k, rank + 1));
    }
    const bodyPart = parts[Math.floor(rng.float() * parts.length)] as BodyPart;
    return { primary, primaryKey: key, primaries, additional, bodyPart };
  }
}
