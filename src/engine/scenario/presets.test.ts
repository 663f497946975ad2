import { describe, expect, it } from 'vitest';
import { WARFARE_TYPES, type WarfareType } from '../types.js';
import { PRESETS, getPreset, parseScenario, scenarioToInput } from './index.js';

/** The headline numbers of domain spec §2: patients, days, BI/NBI/Disease, warfare types. */
const SPEC: Record<string, [number, number, [number, number, number], WarfareType[]]> = {
  nato_article_5: [2500, 8, [0.55, 0.25, 0.2], ['conventional']],
  peacekeeping: [500, 30, [0.1, 0.35, 0.55], ['peacekeeping']],
  urban_assault: [3000, 5, [0.7, 0.2, 0.1], ['urban']],
  cbrn_incident: [1500, 3, [0.05, 0.15, 0.8], ['cbrn']],
  training_exercise: [100, 2, [0.4, 0.35, 0.25], ['conventional']],
  mass_casualty: [800, 1, [0.6, 0.3, 0.1], ['conventional']],
  arctic_operation: [1200, 14, [0.3, 0.45, 0.25], ['conventional']],
  maritime_operation: [1800, 6, [0.55, 0.3, 0.15], ['naval']],
};

function parsed(id: string) {
  const p = getPreset(id);
  if (p === undefined) throw new Error(`no preset ${id}`);
  const r = parseScenario(p.input);
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.errors)}`);
  return r.scenario;
}

describe('presets', () => {
  it('ships exactly the eight presets of §2, with unique ids', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual(Object.keys(SPEC).sort());
  });

  it.each(Object.entries(SPEC))('%s parses and has the spec numbers', (id, [patients, days, [bi, nbi, dis], warfare]) => {
    const s = parsed(id);
    expect(s.total_patients).toBe(patients);
    expect(s.days_of_fighting).toBe(days);
    expect(s.injury_mix.BATTLE_TRAUMA).toBeCloseTo(bi, 12);
    expect(s.injury_mix.NON_BATTLE).toBeCloseTo(nbi, 12);
    expect(s.injury_mix.DISEASE).toBeCloseTo(dis, 12);
    expect(WARFARE_TYPES.filter((w) => s.warfare_types[w])).toEqual(warfare);
    expect(s.seed).toBeTypeOf('number');
    expect(s.front_configs.length).toBeGreaterThanOrEqual(1);
  });

  it('mass_casualty has the mass-casualty event and arctic_operation extreme cold', () => {
    expect(parsed('mass_casualty').special_events.mass_casualty).toBe(true);
    expect(parsed('arctic_operation').environmental_conditions.extreme_cold).toBe(true);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s has its descriptive fields', (_id, p) => {
    expect(p.name.length).toBeGreaterThan(0);
    expect(p.description).toMatch(/^[A-Z].*\.$/);
    expect(p.category.length).toBeGreaterThan(0);
    expect(['beginner', 'intermediate', 'advanced', 'expert']).toContain(p.difficulty);
    expect(p.input.name).toBe(p.name);
  });

  it('each preset is a complete scenario: every top-level field besides timing and facilities is explicit', () => {
    for (const p of PRESETS) {
      for (const key of ['name', 'description', 'total_patients', 'seed', 'days_of_fighting', 'base_date', 'warfare_types', 'intensity',
        'tempo', 'special_events', 'environmental_conditions', 'injury_mix', 'front_configs', 'exact_quotas', 'female_ratio']) {
        expect(p.input, `${p.id}.${key}`).toHaveProperty(key);
      }
    }
  });

  it('presets are frozen and survive a round trip', () => {
    const p = PRESETS[0];
    expect(Object.isFrozen(p?.input)).toBe(true);
    expect(Object.isFrozen(p?.input.front_configs)).toBe(true);
    for (const preset of PRESETS) {
      const s = parsed(preset.id);
      expect(parseScenario(scenarioToInput(s))).toStrictEqual({ ok: true, scenario: s });
    }
  });

  it('getPreset returns undefined for an unknown id', () => {
    expect(getPreset('nope')).toBeUndefined();
    expect(getPreset('cbrn_incident')?.difficulty).toBe('expert');
  });
});
