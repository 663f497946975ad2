/**
 * Fronts: each patient's front is drawn by the fronts' casualty_rate weights from its own
 * stream Rng.derive(key, Stream.front, i), so it depends on (seed, i) alone. With exact
 * quotas, the counts are largestRemainder(N, rates) and a QuotaAssigner keyed from the seed
 * (Rng.derive(key, Stream.front, 0, 1), a stream no patient uses) deals them out.
 */
import { largestRemainder } from '../allocate.js';
import { QuotaAssigner } from '../quota.js';
import { Rng, Stream } from '../rng.js';
import type { Scenario } from '../types.js';

export interface FrontDraw {
  frontIndex: number;
  frontQuota?: { local: number; count: number };
}

export class FrontPicker {
  readonly counts?: number[];
  private readonly rates: number[];
  private readonly quota?: QuotaAssigner;

  constructor(scenario: Scenario, private readonly key: number) {
    this.rates = scenario.front_configs.map((f) => f.casualty_rate);
    if (this.rates.length === 0) throw new RangeError('front_configs must hold at least one front');
    if (!this.rates.some((r) => r > 0) || this.rates.some((r) => !(r >= 0) || !Number.isFinite(r))) {
      throw new RangeError('front casualty_rate values must be finite, ≥ 0 and not all zero');
    }
    if (scenario.exact_quotas) {
      this.counts = largestRemainder(scenario.total_patients, this.rates);
      if (scenario.total_patients > 0) this.quota = new QuotaAssigner(this.counts, Rng.derive(key, Stream.front, 0, 1).u32());
    }
  }

  draw(i: number): FrontDraw {
    if (this.quota && this.counts) {
      const [frontIndex, local] = this.quota.assign(i);
      return { frontIndex, frontQuota: { local, count: this.counts[frontIndex] as number } };
    }
    if (this.rates.length === 1) return { frontIndex: 0, frontQuota: undefined };
    return { frontIndex: Rng.derive(this.key, Stream.front, i).weighted(this.rates), frontQuota: undefined };
  }
}
