/**
 * scenarioToInput: the canonical v1-style JSON form of a normalised scenario. Every field is
 * written out (no reliance on defaults), with v1 key names, so that
 * parseScenario(scenarioToInput(s)) gives back s.
 */
import { FACILITIES, TRANSITS, type HourRange, type Scenario, type TimedTriage } from '../types.js';
import { V1_ROLE_KEYS, V1_TRANSIT_KEYS } from './aliases.js';

const timing = (t: Record<TimedTriage, HourRange>) => ({ T1: { ...t.T1 }, T2: { ...t.T2 }, T3: { ...t.T3 } });

export function scenarioToInput(s: Scenario): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: s.name,
    description: s.description,
    total_patients: s.total_patients,
  };
  if (s.seed !== undefined) out.seed = s.seed;
  Object.assign(out, {
    days_of_fighting: s.days_of_fighting,
    base_date: s.base_date,
    warfare_types: { ...s.warfare_types },
    intensity: s.intensity,
    tempo: s.tempo,
    special_events: { ...s.special_events },
    environmental_conditions: { ...s.environmental_conditions },
    injury_mix: {
      'Battle Injury': s.injury_mix.BATTLE_TRAUMA,
      'Non-Battle Injury': s.injury_mix.NON_BATTLE,
      Disease: s.injury_mix.DISEASE,
    },
    front_configs: s.front_configs.map((f) => ({
      id: f.id,
      name: f.name,
      casualty_rate: f.casualty_rate,
      nationality_distribution: f.nationality_distribution.map((n) => ({ ...n })),
      // Written only when set, so a scenario without them keeps its hash.
      ...(f.location ? { location: 'mgrs' in f.location ? f.location.mgrs : { ...f.location } } : {}),
      ...(f.call_sign !== undefined ? { call_sign: f.call_sign } : {}),
    })),
    facility_configs: FACILITIES.map((f) => ({ id: f, kia_rate: s.facility_rates[f].kia_rate, rtd_rate: s.facility_rates[f].rtd_rate })),
    evacuation_times: Object.fromEntries(FACILITIES.map((f) => [V1_ROLE_KEYS[f], timing(s.evacuation_times[f])])),
    transit_times: Object.fromEntries(TRANSITS.map((t) => [V1_TRANSIT_KEYS[t], timing(s.transit_times[t])])),
    exact_quotas: s.exact_quotas,
    female_ratio: s.female_ratio,
  });
  if (s.timezone !== undefined) out.timezone = s.timezone;
  if (s.metadata !== undefined) out.metadata = { ...s.metadata };
  return out;
}
