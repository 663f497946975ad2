/**
 * Default values of the scenario (domain spec §2, §4.3 and §5). Every number that a scenario
 * falls back to lives here, so calibration touches one file.
 */
import {
  ENVIRONMENTAL_CONDITIONS, SPECIAL_EVENTS, WARFARE_TYPES,
  type EnvironmentalCondition, type Facility, type FacilityRates, type FrontConfig, type HourRange,
  type InjuryType, type NationCode, type Scenario, type SpecialEvent, type TimedTriage, type Transit,
  type WarfareType,
} from '../types.js';

/** Base (death, RTD) probabilities per role before triage and injury-type multipliers (§4.3). */
export const DEFAULT_FACILITY_RATES: Readonly<Record<Facility, Readonly<FacilityRates>>> = {
  POI: { kia_rate: 0.15, rtd_rate: 0.2 },
  R1: { kia_rate: 0.08, rtd_rate: 0.25 },
  R2: { kia_rate: 0.06, rtd_rate: 0.35 },
  R3: { kia_rate: 0.04, rtd_rate: 0.4 },
  R4: { kia_rate: 0.02, rtd_rate: 0.5 },
};

const h = (min_hours: number, max_hours: number): HourRange => ({ min_hours, max_hours });
type TimingTable = Record<TimedTriage, HourRange>;
const row = (t1: HourRange, t2: HourRange, t3: HourRange): TimingTable => ({ T1: t1, T2: t2, T3: t3 });

/** Stay at each role, hours, uniform min–max (§5). */
export const DEFAULT_EVACUATION_TIMES: Readonly<Record<Facility, Readonly<TimingTable>>> = {
  POI: row(h(0.5, 1.5), h(2, 5), h(3, 8)),
  R1: row(h(1, 3), h(4, 8), h(6, 12)),
  R2: row(h(2, 6), h(5, 12), h(8, 12)),
  R3: row(h(4, 12), h(4, 24), h(12, 24)),
  R4: row(h(24, 48), h(24, 96), h(48, 96)),
};

/** Transit between consecutive roles, hours, uniform min–max (§5). */
export const DEFAULT_TRANSIT_TIMES: Readonly<Record<Transit, Readonly<TimingTable>>> = {
  'POI-R1': row(h(0.5, 2), h(1, 3), h(1.5, 3)),
  'R1-R2': row(h(1, 3), h(2, 4), h(3, 5)),
  'R2-R3': row(h(2, 4), h(3, 5), h(4, 6)),
  'R3-R4': row(h(1, 3), h(2, 4), h(3, 5)),
};

export const DEFAULT_INJURY_MIX: Readonly<Record<InjuryType, number>> = { BATTLE_TRAUMA: 0.15, NON_BATTLE: 0.33, DISEASE: 0.52 };

const nat = (nationality_code: NationCode, percentage: number) => ({ nationality_code, percentage });

export const DEFAULT_FRONTS: readonly FrontConfig[] = [
  { id: 'poland', name: 'Poland', casualty_rate: 0.6,
    nationality_distribution: [nat('POL', 50), nat('LTU', 25), nat('NLD', 20), nat('ESP', 5)] },
  { id: 'estonia', name: 'Estonia', casualty_rate: 0.3, nationality_distribution: [nat('EST', 50), nat('GBR', 50)] },
  { id: 'finland', name: 'Finland', casualty_rate: 0.1, nationality_distribution: [nat('FIN', 50), nat('USA', 50)] },
];

export const DEFAULT_WARFARE: readonly WarfareType[] = ['conventional', 'artillery', 'drone'];
export const DEFAULT_SPECIAL_EVENTS: readonly SpecialEvent[] = ['mass_casualty'];
export const DEFAULT_ENVIRONMENT: readonly EnvironmentalCondition[] = ['night_operations'];

export const DEFAULTS = {
  name: 'Untitled scenario',
  description: '',
  total_patients: 1440,
  days_of_fighting: 8,
  base_date: '2025-06-01',
  intensity: 'high',
  tempo: 'sustained',
  exact_quotas: false,
  female_ratio: 0.12,
} as const;

/** A record with every key of `keys` set to whether it appears in `on`. */
export function flags<K extends string>(keys: readonly K[], on: Iterable<string>): Record<K, boolean> {
  const set = new Set(on);
  const out = {} as Record<K, boolean>;
  for (const k of keys) out[k] = set.has(k);
  return out;
}

function copyTable<K extends string>(table: Readonly<Record<K, Readonly<TimingTable>>>): Record<K, TimingTable> {
  const out = {} as Record<K, TimingTable>;
  for (const key of Object.keys(table) as K[]) {
    const t = table[key];
    out[key] = row({ ...t.T1 }, { ...t.T2 }, { ...t.T3 });
  }
  return out;
}

export const copyEvacuationTimes = (): Record<Facility, TimingTable> => copyTable(DEFAULT_EVACUATION_TIMES);
export const copyTransitTimes = (): Record<Transit, TimingTable> => copyTable(DEFAULT_TRANSIT_TIMES);

export function copyFacilityRates(): Record<Facility, FacilityRates> {
  const out = {} as Record<Facility, FacilityRates>;
  for (const f of Object.keys(DEFAULT_FACILITY_RATES) as Facility[]) out[f] = { ...DEFAULT_FACILITY_RATES[f] };
  return out;
}

export function copyFront(f: FrontConfig): FrontConfig {
  return { ...f, nationality_distribution: f.nationality_distribution.map((n) => ({ ...n })) };
}

/** The scenario with every default of §2 (no seed: the run draws one). A fresh object each call. */
export function defaultScenario(): Scenario {
  return {
    name: DEFAULTS.name,
    description: DEFAULTS.description,
    total_patients: DEFAULTS.total_patients,
    days_of_fighting: DEFAULTS.days_of_fighting,
    base_date: DEFAULTS.base_date,
    warfare_types: flags(WARFARE_TYPES, DEFAULT_WARFARE),
    intensity: DEFAULTS.intensity,
    tempo: DEFAULTS.tempo,
    special_events: flags(SPECIAL_EVENTS, DEFAULT_SPECIAL_EVENTS),
    environmental_conditions: flags(ENVIRONMENTAL_CONDITIONS, DEFAULT_ENVIRONMENT),
    injury_mix: { ...DEFAULT_INJURY_MIX },
    front_configs: DEFAULT_FRONTS.map(copyFront),
    facility_rates: copyFacilityRates(),
    evacuation_times: copyEvacuationTimes(),
    transit_times: copyTransitTimes(),
    exact_quotas: DEFAULTS.exact_quotas,
    female_ratio: DEFAULTS.female_ratio,
  };
}

/** Reference English names of the 32 NATO nations (§4.1). */
export const NATION_NAMES: Readonly<Record<NationCode, string>> = {
  ALB: 'Albania', BEL: 'Belgium', BGR: 'Bulgaria', CAN: 'Canada', HRV: 'Croatia', CZE: 'Czechia',
  DNK: 'Denmark', EST: 'Estonia', FIN: 'Finland', FRA: 'France', DEU: 'Germany', GRC: 'Greece',
  HUN: 'Hungary', ISL: 'Iceland', ITA: 'Italy', LVA: 'Latvia', LTU: 'Lithuania', LUX: 'Luxembourg',
  MNE: 'Montenegro', NLD: 'Netherlands', MKD: 'North Macedonia', NOR: 'Norway', POL: 'Poland',
  PRT: 'Portugal', ROU: 'Romania', SVK: 'Slovakia', SVN: 'Slovenia', ESP: 'Spain', SWE: 'Sweden',
  TUR: 'Türkiye', GBR: 'United Kingdom', USA: 'United States',
};
