/**
 * Test support: the shared test scenario (../fixtures.ts) and a simple arrival builder that spreads N
 * casualties over the days like the schedule would (enabled warfare types by weight, a share of
 * special-event casualties, fronts by casualty rate, exact front quotas). Not the real schedule:
 * it keeps the patient tests independent of it.
 */
import { largestRemainder } from '../allocate.js';
import { QuotaAssigner } from '../quota.js';
import { Rng } from '../rng.js';
import { injuryCounts, injuryMix } from '../schedule/mix.js';
import { WARFARE_PROFILES } from '../tables.js';
import { flags } from '../fixtures.js';
import {
  ENVIRONMENTAL_CONDITIONS, SPECIAL_EVENTS, WARFARE_TYPES,
  type Arrival, type EnvironmentalCondition, type Scenario, type SpecialEvent, type WarfareType,
} from '../types.js';

export { testScenario } from '../fixtures.js';

export function withEnvironment(scenario: Scenario, active: readonly EnvironmentalCondition[]): Scenario {
  return { ...scenario, environmental_conditions: flags(ENVIRONMENTAL_CONDITIONS, active) };
}

/**
 * Arrivals 0…N−1 for a scenario; `specialShare` of them are special-event casualties. Injury
 * types as the schedule gives them: special-event casualties are battle casualties, the others
 * drawn from their type's mix (a stream of their own, so the rest of the arrival does not depend
 * on it); with exact quotas, the largest-remainder counts dealt out by a keyed permutation.
 */
export function buildArrivals(scenario: Scenario, key: number, specialShare = 0.12): Arrival[] {
  const n = scenario.total_patients;
  const rng = Rng.derive(key, 99, 0, 0);
  const injuryRng = Rng.derive(key, 99, 0, 1);
  const quota = scenario.exact_quotas && n > 0 ? new QuotaAssigner(injuryCounts(scenario), key) : undefined;
  const injuriesSeen = [0, 0, 0];
  const types = WARFARE_TYPES.filter((w) => scenario.warfare_types[w]);
  const weights = types.map((w) => WARFARE_PROFILES[w].weight);
  const events = SPECIAL_EVENTS.filter((e) => scenario.special_events[e]);
  const frontCounts = largestRemainder(n, scenario.front_configs.map((f) => f.casualty_rate));
  const frontOf: number[] = [];
  frontCounts.forEach((c, f) => { for (let i = 0; i < c; i++) frontOf.push(f); });
  const seen = frontCounts.map(() => 0);
  const base = Date.UTC(2025, 5, 1) / 1000;
  const out: Arrival[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor((i * scenario.days_of_fighting) / n);
    const special: SpecialEvent | undefined = events.length > 0 && rng.chance(specialShare) ? rng.pick(events) : undefined;
    const type = types[rng.weighted(weights)] as WarfareType;
    const frontIndex = frontOf[(i * 7919) % n] as number;
    const local = seen[frontIndex] as number;
    seen[frontIndex] = local + 1;
    let injury: 0 | 1 | 2;
    let injuryLocal: number;
    if (quota !== undefined) {
      const [category, within] = quota.assign(i);
      injury = category as 0 | 1 | 2;
      injuryLocal = within;
    } else {
      injury = special !== undefined ? 0 : (injuryRng.weighted(injuryMix(scenario, type)) as 0 | 1 | 2);
      injuryLocal = injuriesSeen[injury] as number;
      injuriesSeen[injury] = injuryLocal + 1;
    }
    out.push({
      index: i,
      day,
      injuryEpochSeconds: base + (day - 1) * 86400 + rng.int(0, 86399),
      warfare: special !== undefined ? 'mixed' : type,
      modifierType: type,
      eventId: special !== undefined ? `SE_${special}_d${day}_0600_${rng.hex8()}` : `IND_${type}_d${day}_0000_${rng.hex8()}`,
      isMassCasualty: special !== undefined,
      ...(special !== undefined ? { specialEvent: special } : {}),
      injury,
      injuryLocal,
      discoveryDelayMinutes: 0,
      frontIndex,
      ...(scenario.exact_quotas ? { frontQuota: { local, count: frontCounts[frontIndex] as number } } : {}),
    });
  }
  return out;
}
