/**
 * Test support (excluded from the build like every fixtures.ts): the one complete test Scenario,
 * with the defaults of the domain spec (§2, §5) written out, so the engine's tests do not depend
 * on the scenario parser. `warfare`, `events` and `environment` list what is switched on.
 */
import {
  ENVIRONMENTAL_CONDITIONS, SPECIAL_EVENTS, WARFARE_TYPES,
  type EnvironmentalCondition, type HourRange, type Scenario, type SpecialEvent, type WarfareType,
} from './types.js';

const h = (min_hours: number, max_hours: number): HourRange => ({ min_hours, max_hours });
const row = (t1: HourRange, t2: HourRange, t3: HourRange) => ({ T1: t1, T2: t2, T3: t3 });

export function flags<K extends string>(keys: readonly K[], on: readonly string[]): Record<K, boolean> {
  return Object.fromEntries(keys.map((k) => [k, on.includes(k)])) as Record<K, boolean>;
}

/** Any Scenario field, or the lists of what is on; a field given in full wins over its list. */
export interface ScenarioOptions extends Partial<Scenario> {
  warfare?: readonly WarfareType[];
  events?: readonly SpecialEvent[];
  environment?: readonly EnvironmentalCondition[];
}

export function testScenario(options: ScenarioOptions = {}): Scenario {
  const { warfare = ['conventional', 'artillery', 'drone'], events = ['mass_casualty'], environment = ['night_operations'], ...rest } = options;
  return {
    name: 'Untitled scenario',
    description: '',
    total_patients: 1440,
    seed: 1,
    days_of_fighting: 8,
    base_date: '2025-06-01',
    warfare_types: flags(WARFARE_TYPES, warfare),
    intensity: 'high',
    tempo: 'sustained',
    special_events: flags(SPECIAL_EVENTS, events),
    environmental_conditions: flags(ENVIRONMENTAL_CONDITIONS, environment),
    injury_mix: { DISEASE: 0.52, NON_BATTLE: 0.33, BATTLE_TRAUMA: 0.15 },
    front_configs: [
      { id: 'poland', name: 'Poland', casualty_rate: 0.6, nationality_distribution: [
        { nationality_code: 'POL', percentage: 50 }, { nationality_code: 'LTU', percentage: 25 },
        { nationality_code: 'NLD', percentage: 20 }, { nationality_code: 'ESP', percentage: 5 }] },
      { id: 'estonia', name: 'Estonia', casualty_rate: 0.3, nationality_distribution: [
        { nationality_code: 'EST', percentage: 50 }, { nationality_code: 'GBR', percentage: 50 }] },
      { id: 'finland', name: 'Finland', casualty_rate: 0.1, nationality_distribution: [
        { nationality_code: 'FIN', percentage: 50 }, { nationality_code: 'USA', percentage: 50 }] },
    ],
    facility_rates: {
      POI: { kia_rate: 0.15, rtd_rate: 0.2 }, R1: { kia_rate: 0.08, rtd_rate: 0.25 }, R2: { kia_rate: 0.06, rtd_rate: 0.35 },
      R3: { kia_rate: 0.04, rtd_rate: 0.4 }, R4: { kia_rate: 0.02, rtd_rate: 0.5 },
    },
    evacuation_times: {
      POI: row(h(0.5, 1.5), h(2, 5), h(3, 8)), R1: row(h(1, 3), h(4, 8), h(6, 12)), R2: row(h(2, 6), h(5, 12), h(8, 12)),
      R3: row(h(4, 12), h(4, 24), h(12, 24)), R4: row(h(24, 48), h(24, 96), h(48, 96)),
    },
    transit_times: {
      'POI-R1': row(h(0.5, 2), h(1, 3), h(1.5, 3)), 'R1-R2': row(h(1, 3), h(2, 4), h(3, 5)),
      'R2-R3': row(h(2, 4), h(3, 5), h(4, 6)), 'R3-R4': row(h(1, 3), h(2, 4), h(3, 5)),
    },
    exact_quotas: false,
    female_ratio: 0.12,
    ...rest,
  };
}

