/**
 * The patient's one sample (§1.6): injury type, gender and nationality, drawn once and then used
 * by everything else. The injury type is the schedule's (battle casualties in combat events,
 * DNBI in the background stream, schedule/mix.ts); nationality is sampled from the front's
 * distribution, or, with exact quotas, allocated by largest remainder through keyed
 * permutations (quota.ts). Triage is not sampled: the clinical model computes it from the
 * casualty's vital signs (triage.ts).
 */
import { largestRemainder } from '../allocate.js';
import { QuotaAssigner } from '../quota.js';
import { Rng, Stream } from '../rng.js';
import { expectedInjuryWeights, injuryMix, type InjuryIndex } from '../schedule/mix.js';
import { INJURY_TYPES, type Arrival, type InjuryType, type NationCode, type Scenario } from '../types.js';

export { injuryMix, type InjuryIndex };

/** Sub-key of Stream.exactQuota used by this module (0x70a1 and 0x70a2 were the injury-type and triage permutations). */
const QUOTA_KEY = { nationality: 0x70a3 } as const;

/** Cumulative distribution → index of the first bucket above u (u in [0, 1)). */
export function pickCumulative(cumulative: ArrayLike<number>, u: number): number {
  const n = cumulative.length;
  const x = u * (cumulative[n - 1] as number);
  for (let i = 0; i < n - 1; i++) if (x < (cumulative[i] as number)) return i;
  return n - 1;
}

export function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

export class Sampler {
  private readonly femaleRatio: number;
  private readonly nations: { codes: NationCode[]; cumulative: Float64Array; percentages: number[] }[];
  private readonly exact: boolean;
  private readonly nationQuota = new Map<number, { count: number; assigner: QuotaAssigner }>();

  constructor(scenario: Scenario, private readonly key: number) {
    this.femaleRatio = scenario.female_ratio;
    this.nations = scenario.front_configs.map((f) => ({
      codes: f.nationality_distribution.map((n) => n.nationality_code),
      percentages: f.nationality_distribution.map((n) => n.percentage),
      cumulative: cumulate(f.nationality_distribution.map((n) => n.percentage)),
    }));
    this.exact = scenario.exact_quotas;
  }

  /** Injury type, as the schedule placed it, and the patient's index among its injury type. Draws nothing. */
  injury(_rng: Rng, arrival: Arrival): [InjuryIndex, number] {
    return [arrival.injury, arrival.injuryLocal];
  }

  female(rng: Rng): boolean {
    return rng.float() < this.femaleRatio;
  }

  nationality(rng: Rng, arrival: Arrival): NationCode {
    const front = this.nations[arrival.frontIndex];
    if (front === undefined) throw new RangeError(`arrival ${arrival.index} names front ${arrival.frontIndex}, which does not exist`);
    const q = arrival.frontQuota;
    if (this.exact && q !== undefined) {
      let entry = this.nationQuota.get(arrival.frontIndex);
      if (entry === undefined || entry.count !== q.count) {
        const seed = Rng.derive(this.key, Stream.exactQuota, QUOTA_KEY.nationality, arrival.frontIndex).u32();
        entry = { count: q.count, assigner: new QuotaAssigner(largestRemainder(q.count, front.percentages), seed) };
        this.nationQuota.set(arrival.frontIndex, entry);
      }
      return front.codes[entry.assigner.categoryOf(q.local)] as NationCode;
    }
    return front.codes[pickCumulative(front.cumulative, rng.float())] as NationCode;
  }
}

/** Expected overall injury mix: the schedule splits N over the injury types by it (schedule/mix.ts). */
export function expectedMix(scenario: Scenario): { injury: number[] } {
  return { injury: expectedInjuryWeights(scenario) };
}

export const injuryName = (k: InjuryIndex): InjuryType => INJURY_TYPES[k];
