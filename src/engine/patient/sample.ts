/**
 * The patient's one sample (§1.6): injury type, triage, gender and nationality, drawn once and
 * then used by conditions, timeline and treatments. The injury type is the schedule's (battle
 * casualties in combat events, DNBI in the background stream, schedule/mix.ts); the rest is
 * sampled from the per-type tables, or, with exact quotas, allocated by largest remainder
 * through keyed permutations (quota.ts).
 */
import { largestRemainder } from '../allocate.js';
import { QuotaAssigner } from '../quota.js';
import { Rng, Stream } from '../rng.js';
import { enabledTypes, expectedInjuryWeights, injuryCounts, injuryMix, type InjuryIndex } from '../schedule/mix.js';
import { INTENSITY_FACTOR, SPECIAL_EVENT_SEVERITY_SHIFT, WARFARE_PROFILES } from '../tables.js';
import {
  INJURY_TYPES, TRIAGE_CATEGORIES, WARFARE_TYPES,
  type Arrival, type InjuryType, type NationCode, type Scenario, type Triage, type WarfareType,
} from '../types.js';

export { injuryMix, type InjuryIndex };
/** Index into TRIAGE_CATEGORIES: 0 T1, 1 T2, 2 T3, 3 T4. */
export type TriageIndex = 0 | 1 | 2 | 3;

export const BT: InjuryIndex = 0;

/** Sub-keys of Stream.exactQuota used by this module (0x70a1 was the injury-type permutation, now the schedule's). */
const QUOTA_KEY = { triage: 0x70a2, nationality: 0x70a3 } as const;

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

export function t4Share(scenario: Scenario): number {
  return scenario.intensity === 'high' || scenario.intensity === 'extreme' ? 0.05 : 0.02;
}

export class Sampler {
  private readonly triageByType: Record<WarfareType, Float64Array[]>;
  /**
   * Triage of background DNBI per injury type (index 1, 2): the warfare types' tables averaged
   * as expectedMix does. A DNBI arrival carries the dominant type only as its setting; the
   * dominant type's own DNBI table (cbrn: disease 70 % T1) would stand for every type.
   */
  private readonly backgroundTriage: Float64Array[];
  private readonly t4: number;
  private readonly shift: Record<string, number>;
  private readonly femaleRatio: number;
  private readonly nations: { codes: NationCode[]; cumulative: Float64Array; percentages: number[] }[];
  private readonly exact: boolean;
  private readonly triageQuota: QuotaAssigner[] = [];
  private readonly nationQuota = new Map<number, { count: number; assigner: QuotaAssigner }>();

  constructor(scenario: Scenario, private readonly key: number) {
    this.triageByType = {} as Record<WarfareType, Float64Array[]>;
    for (const w of WARFARE_TYPES) {
      this.triageByType[w] = INJURY_TYPES.map((t) => {
        const tri = WARFARE_PROFILES[w].triage[t];
        return cumulate([tri.T1, tri.T2, tri.T3]);
      });
    }
    const expected = expectedMix(scenario);
    this.backgroundTriage = expected.triage.map((row) => cumulate(row.slice(0, 3)));
    this.t4 = t4Share(scenario);
    const factor = INTENSITY_FACTOR[scenario.intensity];
    this.shift = {};
    for (const [event, p] of Object.entries(SPECIAL_EVENT_SEVERITY_SHIFT)) this.shift[event] = Math.min(1, p * factor);
    this.femaleRatio = scenario.female_ratio;
    this.nations = scenario.front_configs.map((f) => ({
      codes: f.nationality_distribution.map((n) => n.nationality_code),
      percentages: f.nationality_distribution.map((n) => n.percentage),
      cumulative: cumulate(f.nationality_distribution.map((n) => n.percentage)),
    }));
    this.exact = scenario.exact_quotas;
    if (scenario.exact_quotas) {
      const quotaKey = (a: number, b: number) => Rng.derive(key, Stream.exactQuota, a, b).u32();
      // The schedule's counts (the same largest remainder over the same weights).
      const counts = injuryCounts(scenario);
      this.triageQuota = INJURY_TYPES.map((_, k) =>
        new QuotaAssigner(largestRemainder(counts[k] as number, expected.triage[k] as number[]), quotaKey(QUOTA_KEY.triage, k)));
    }
  }

  /**
   * Injury type, as the schedule placed it, and the patient's index among its injury type (time
   * order; the exact-quota triage allocation deals categories out by it). Draws nothing.
   */
  injury(_rng: Rng, arrival: Arrival): [InjuryIndex, number] {
    return [arrival.injury, arrival.injuryLocal];
  }

  triage(rng: Rng, arrival: Arrival, injury: InjuryIndex, local: number): TriageIndex {
    if (this.exact) return (this.triageQuota[injury] as QuotaAssigner).categoryOf(local) as TriageIndex;
    // Both loads run for every patient: a load first run by the first casualty of a kind, often
    // late in a run, would deoptimise generatePatient, which inlines this.
    const byType = this.triageByType[arrival.modifierType][injury] as Float64Array;
    const background = this.backgroundTriage[injury] as Float64Array;
    let t = pickCumulative(injury === BT ? byType : background, rng.float());
    if (arrival.specialEvent !== undefined && t > 0 && rng.chance(this.shift[arrival.specialEvent] as number)) t -= 1;
    if (injury === BT && t === 0 && rng.chance(this.t4)) t = 3;
    return t as TriageIndex;
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

/**
 * Expected overall mix: the schedule splits N over the injury types by `injury`
 * (schedule/mix.ts: each enabled warfare type contributes its §3.3 weight × its own mix; the
 * special events take their battle casualties out of the battle count). Triage per injury type
 * is the weighted mean of the types' tables, with T4 carved out of battle-trauma T1; exact
 * quotas allocate by it, and background DNBI is sampled from it. The special-event severity
 * shift is not applied in quota mode.
 */
export function expectedMix(scenario: Scenario): { injury: number[]; triage: number[][] } {
  const injury = expectedInjuryWeights(scenario);
  const triage = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (const w of enabledTypes(scenario)) {
    const share = WARFARE_PROFILES[w].weight;
    const mix = injuryMix(scenario, w);
    INJURY_TYPES.forEach((t: InjuryType, k) => {
      const part = share * (mix[k] as number);
      const tri = WARFARE_PROFILES[w].triage[t];
      const row = triage[k] as number[];
      row[0] = (row[0] as number) + part * tri.T1;
      row[1] = (row[1] as number) + part * tri.T2;
      row[2] = (row[2] as number) + part * tri.T3;
    });
  }
  const t4 = t4Share(scenario);
  const triageWithT4 = triage.map((row, k) => {
    const [t1, t2, t3] = row as [number, number, number];
    return k === BT ? [t1 * (1 - t4), t2, t3, t1 * t4] : [t1, t2, t3, 0];
  });
  return { injury, triage: triageWithT4 };
}

export const triageName = (t: TriageIndex): Triage => TRIAGE_CATEGORIES[t];
export const injuryName = (k: InjuryIndex): InjuryType => INJURY_TYPES[k];
