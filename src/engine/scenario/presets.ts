/**
 * The shipped presets (domain spec §2): complete scenarios in v1 input form, each accepted
 * by parseScenario. The headline numbers (patients, days, injury mix, warfare types, the
 * named event or condition) are those of the spec; fronts, intensity, tempo and seeds are ours.
 */
import type { NationCode } from '../types.js';

export type PresetDifficulty = 'beginner' | 'intermediate' | 'advanced' | 'expert';

export interface Preset {
  id: string;
  name: string;
  description: string;
  category: string;
  difficulty: PresetDifficulty;
  input: Record<string, unknown>;
}

type Nations = [NationCode, number][];
const front = (id: string, name: string, casualty_rate: number, nations: Nations) => ({
  id, name, casualty_rate,
  nationality_distribution: nations.map(([nationality_code, percentage]) => ({ nationality_code, percentage })),
});
const on = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, true]));
const mix = (battle: number, nonBattle: number, disease: number) => ({
  'Battle Injury': battle, 'Non-Battle Injury': nonBattle, Disease: disease,
});

interface Spec {
  id: string; name: string; description: string; category: string; difficulty: PresetDifficulty;
  patients: number; days: number; seed: number; baseDate?: string;
  mix: ReturnType<typeof mix>; warfare: string[]; intensity: string; tempo: string;
  events?: string[]; environment?: string[]; fronts: ReturnType<typeof front>[]; extra?: Record<string, unknown>;
}

function preset(s: Spec): Preset {
  return {
    id: s.id, name: s.name, description: s.description, category: s.category, difficulty: s.difficulty,
    input: {
      name: s.name,
      description: s.description,
      total_patients: s.patients,
      seed: s.seed,
      days_of_fighting: s.days,
      base_date: s.baseDate ?? '2025-06-01',
      warfare_types: on(...s.warfare),
      intensity: s.intensity,
      tempo: s.tempo,
      special_events: on(...(s.events ?? [])),
      environmental_conditions: on(...(s.environment ?? [])),
      injury_mix: s.mix,
      front_configs: s.fronts,
      exact_quotas: false,
      female_ratio: 0.12,
      ...s.extra,
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Deep-frozen: copy a preset's input (e.g. with structuredClone) before editing it. */
export const PRESETS: readonly Preset[] = deepFreeze([
  preset({
    id: 'nato_article_5', name: 'NATO Article 5 defence', category: 'collective_defence', difficulty: 'advanced',
    description: 'An eight-day conventional defence of the eastern flank by allied forces across two fronts.',
    patients: 2500, days: 8, seed: 20250501, mix: mix(0.55, 0.25, 0.2), warfare: ['conventional'],
    intensity: 'high', tempo: 'escalating', events: ['major_offensive'], environment: ['night_operations'],
    fronts: [
      front('suwalki', 'Suwałki Gap', 0.6, [['POL', 40], ['LTU', 20], ['DEU', 20], ['USA', 20]]),
      front('baltic', 'Baltic states', 0.4, [['EST', 35], ['LVA', 35], ['GBR', 15], ['CAN', 15]]),
    ],
  }),
  preset({
    id: 'peacekeeping', name: 'Peacekeeping mission', category: 'stability_operations', difficulty: 'beginner',
    description: 'A month of low-intensity stabilisation duty where disease and everyday injuries dominate.',
    patients: 500, days: 30, seed: 20250502, mix: mix(0.1, 0.35, 0.55), warfare: ['peacekeeping'],
    intensity: 'low', tempo: 'sustained', environment: ['mountainous_terrain'],
    fronts: [front('sector_north', 'Multinational sector north', 1, [['ITA', 30], ['USA', 25], ['DEU', 20], ['HUN', 15], ['TUR', 10]])],
  }),
  preset({
    id: 'urban_assault', name: 'Urban assault', category: 'urban_warfare', difficulty: 'advanced',
    description: 'Five days of house-to-house fighting with ambushes, rubble and heavy battle casualties.',
    patients: 3000, days: 5, seed: 20250503, mix: mix(0.7, 0.2, 0.1), warfare: ['urban'],
    intensity: 'extreme', tempo: 'surge', events: ['ambush', 'mass_casualty'], environment: ['urban_debris', 'night_operations'],
    fronts: [
      front('old_town', 'Old town', 0.55, [['FRA', 40], ['BEL', 30], ['NLD', 30]]),
      front('harbour', 'Harbour district', 0.45, [['USA', 50], ['GBR', 30], ['DNK', 20]]),
    ],
  }),
  preset({
    id: 'cbrn_incident', name: 'CBRN incident', category: 'cbrn', difficulty: 'expert',
    description: 'A chemical release causes a three-day wave of contamination casualties needing decontamination before care.',
    patients: 1500, days: 3, seed: 20250504, mix: mix(0.05, 0.15, 0.8), warfare: ['cbrn'],
    intensity: 'high', tempo: 'declining', events: ['mass_casualty'],
    fronts: [front('staging_area', 'Logistics staging area', 1, [['DEU', 40], ['CZE', 30], ['SVK', 30]])],
    extra: {
      evacuation_times: { POI: { T1: { min_hours: 1, max_hours: 2.5 }, T2: { min_hours: 2.5, max_hours: 6 }, T3: { min_hours: 4, max_hours: 10 } } },
    },
  }),
  preset({
    id: 'training_exercise', name: 'Training exercise', category: 'training', difficulty: 'beginner',
    description: 'A small two-day conventional exercise with exact quotas, suited to first runs and classroom drills.',
    patients: 100, days: 2, seed: 20250505, mix: mix(0.4, 0.35, 0.25), warfare: ['conventional'],
    intensity: 'medium', tempo: 'sustained',
    fronts: [front('training_area', 'Training area', 1, [['DEU', 50], ['NLD', 50]])],
    extra: { exact_quotas: true },
  }),
  preset({
    id: 'mass_casualty', name: 'Mass casualty event', category: 'mass_casualty', difficulty: 'expert',
    description: 'A single day in which one strike floods the treatment chain with casualties at once.',
    patients: 800, days: 1, seed: 20250506, mix: mix(0.6, 0.3, 0.1), warfare: ['conventional'],
    intensity: 'extreme', tempo: 'surge', events: ['mass_casualty'],
    fronts: [front('forward_base', 'Forward operating base', 1, [['POL', 40], ['ROU', 30], ['USA', 30]])],
  }),
  preset({
    id: 'arctic_operation', name: 'Arctic operation', category: 'extreme_environment', difficulty: 'intermediate',
    description: 'Two weeks of winter fighting in the High North where cold injuries rival battle wounds.',
    patients: 1200, days: 14, seed: 20250507, baseDate: '2026-01-12', mix: mix(0.3, 0.45, 0.25), warfare: ['conventional'],
    intensity: 'medium', tempo: 'intermittent', environment: ['extreme_cold', 'night_operations'],
    fronts: [
      front('finnmark', 'Finnmark', 0.5, [['NOR', 50], ['USA', 25], ['GBR', 25]]),
      front('lapland', 'Lapland', 0.5, [['FIN', 50], ['SWE', 30], ['DNK', 20]]),
    ],
  }),
  preset({
    id: 'maritime_operation', name: 'Maritime operation', category: 'maritime', difficulty: 'intermediate',
    description: 'Six days of naval combat with casualties from ships at sea and amphibious landings.',
    patients: 1800, days: 6, seed: 20250508, mix: mix(0.55, 0.3, 0.15), warfare: ['naval'],
    intensity: 'high', tempo: 'intermittent', environment: ['storm'],
    fronts: [
      front('baltic_sea', 'Baltic Sea', 0.5, [['DEU', 30], ['POL', 25], ['SWE', 25], ['DNK', 20]]),
      front('north_atlantic', 'North Atlantic', 0.5, [['GBR', 30], ['USA', 30], ['NOR', 20], ['CAN', 10], ['ISL', 10]]),
    ],
  }),
]);

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
