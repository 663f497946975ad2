import { describe, expect, it } from 'vitest';
import { ENVIRONMENTAL_CONDITIONS, NATO_NATIONS, SPECIAL_EVENTS, WARFARE_TYPES } from '../types.js';
import { DEFAULT_EVACUATION_TIMES, DEFAULT_FACILITY_RATES, DEFAULT_TRANSIT_TIMES, NATION_NAMES, defaultScenario } from './index.js';
import { errors, ok, only } from './fixtures.js';

describe('defaults', () => {
  it('an empty object gives every default of §2', () => {
    const s = ok({});
    expect(s).toStrictEqual(defaultScenario());
    expect(s.name).toBe('Untitled scenario');
    expect(s.description).toBe('');
    expect(s.total_patients).toBe(1440);
    expect(s.days_of_fighting).toBe(8);
    expect(s.base_date).toBe('2025-06-01');
    expect(s.seed).toBeUndefined();
    expect('seed' in s).toBe(false);
    expect(s.intensity).toBe('high');
    expect(s.tempo).toBe('sustained');
    expect(WARFARE_TYPES.filter((w) => s.warfare_types[w])).toEqual(['conventional', 'artillery', 'drone']);
    expect(SPECIAL_EVENTS.filter((e) => s.special_events[e])).toEqual(['mass_casualty']);
    expect(ENVIRONMENTAL_CONDITIONS.filter((c) => s.environmental_conditions[c])).toEqual(['night_operations']);
    expect(s.injury_mix).toEqual({ DISEASE: 0.52, NON_BATTLE: 0.33, BATTLE_TRAUMA: 0.15 });
    expect(s.exact_quotas).toBe(false);
    expect(s.female_ratio).toBe(0.12);
    expect(s.metadata).toBeUndefined();
  });

  it('default fronts are Poland, Estonia and Finland', () => {
    const fronts = defaultScenario().front_configs;
    expect(fronts.map((f) => [f.name, f.casualty_rate])).toEqual([['Poland', 0.6], ['Estonia', 0.3], ['Finland', 0.1]]);
    expect(fronts[0]?.nationality_distribution).toEqual([
      { nationality_code: 'POL', percentage: 50 }, { nationality_code: 'LTU', percentage: 25 },
      { nationality_code: 'NLD', percentage: 20 }, { nationality_code: 'ESP', percentage: 5 },
    ]);
    expect(fronts[1]?.nationality_distribution.map((n) => n.nationality_code)).toEqual(['EST', 'GBR']);
    expect(fronts[2]?.nationality_distribution.map((n) => n.nationality_code)).toEqual(['FIN', 'USA']);
  });

  it('facility rates and timing tables default to §4.3 and §5', () => {
    const s = defaultScenario();
    expect(s.facility_rates).toEqual(DEFAULT_FACILITY_RATES);
    expect(s.facility_rates.POI).toEqual({ kia_rate: 0.15, rtd_rate: 0.2 });
    expect(s.facility_rates.R4).toEqual({ kia_rate: 0.02, rtd_rate: 0.5 });
    expect(s.evacuation_times).toEqual(DEFAULT_EVACUATION_TIMES);
    expect(s.evacuation_times.R3.T2).toEqual({ min_hours: 4, max_hours: 24 });
    expect(s.transit_times).toEqual(DEFAULT_TRANSIT_TIMES);
    expect(s.transit_times['POI-R1'].T3).toEqual({ min_hours: 1.5, max_hours: 3 });
  });

  it('defaultScenario returns a fresh object each time', () => {
    const a = defaultScenario();
    a.front_configs[0]?.nationality_distribution.pop();
    a.evacuation_times.POI.T1.min_hours = 99;
    a.facility_rates.R1.kia_rate = 0.9;
    expect(defaultScenario().front_configs[0]?.nationality_distribution).toHaveLength(4);
    expect(defaultScenario().evacuation_times.POI.T1.min_hours).toBe(0.5);
    expect(DEFAULT_FACILITY_RATES.R1.kia_rate).toBe(0.08);
  });

  it('NATION_NAMES has the 32 reference names', () => {
    expect(Object.keys(NATION_NAMES).sort()).toEqual([...NATO_NATIONS].sort());
    expect(NATION_NAMES.TUR).toBe('Türkiye');
    expect(NATION_NAMES.MKD).toBe('North Macedonia');
    expect(NATION_NAMES.CZE).toBe('Czechia');
  });
});

describe('top-level fields', () => {
  it('accepts every field in range', () => {
    const s = ok({
      name: 'x'.repeat(200), description: 'd'.repeat(2000), total_patients: 10_000_000, seed: 42, days_of_fighting: 365,
      base_date: '2024-02-29', intensity: 'extreme', tempo: 'intermittent', exact_quotas: true, female_ratio: 0,
      metadata: { owner: 'cell 3', nested: { anything: [1, 2] } },
    });
    expect(s.total_patients).toBe(10_000_000);
    expect(s.seed).toBe(42);
    expect(s.base_date).toBe('2024-02-29');
    expect(s.exact_quotas).toBe(true);
    expect(s.female_ratio).toBe(0);
    expect(s.metadata).toEqual({ owner: 'cell 3', nested: { anything: [1, 2] } });
    expect(ok({ seed: 'exercise-7' }).seed).toBe('exercise-7');
    expect(ok({ seed: -5 }).seed).toBe(-5);
  });

  it.each([
    [{ count: 250 }, 'total_patients', 250],
    [{ duration_days: 3 }, 'days_of_fighting', 3],
    [{ injury_distribution: { Disease: 0.2, 'Non-Battle Injury': 0.3, 'Battle Injury': 0.5 } }, 'injury_mix',
      { DISEASE: 0.2, NON_BATTLE: 0.3, BATTLE_TRAUMA: 0.5 }],
  ])('alias %j sets %s', (input, field, expected) => {
    expect((ok(input) as unknown as Record<string, unknown>)[field]).toEqual(expected);
  });

  it('a field and its alias together are an error', () => {
    expect(only({ total_patients: 10, count: 10 })).toEqual({
      path: 'count', message: 'Patients: "count" and "total_patients" are the same field; give only one',
    });
    expect(only({ duration_days: 2, days_of_fighting: 3 }).path).toBe('days_of_fighting');
  });

  it('null means absent (v1 clients serialise unset fields as null)', () => {
    const s = ok({ seed: null, description: null, metadata: null, count: null, total_patients: 7 });
    expect(s.seed).toBeUndefined();
    expect(s.description).toBe('');
    expect(s.total_patients).toBe(7);
  });

  it.each([
    [{ name: 'x'.repeat(201) }, 'name', 'must be a string of at most 200 characters'],
    [{ name: 5 }, 'name', 'must be a string of at most 200 characters (got 5)'],
    [{ description: 'x'.repeat(2001) }, 'description', 'must be a string of at most 2000 characters'],
    [{ total_patients: 0 }, 'total_patients', 'must be a whole number from 1 to 10,000,000 (got 0)'],
    [{ total_patients: 10_000_001 }, 'total_patients', 'must be a whole number from 1 to 10,000,000 (got 10000001)'],
    [{ count: 1.5 }, 'count', 'must be a whole number from 1 to 10,000,000 (got 1.5)'],
    [{ total_patients: '100' }, 'total_patients', 'must be a whole number from 1 to 10,000,000 (got "100")'],
    [{ seed: 1.5 }, 'seed', 'must be a safe integer or a non-empty string of at most 200 characters (got 1.5)'],
    [{ seed: '' }, 'seed', 'must be a safe integer or a non-empty string'],
    [{ seed: 2 ** 60 }, 'seed', 'must be a safe integer'],
    [{ seed: true }, 'seed', 'must be a safe integer'],
    [{ days_of_fighting: 366 }, 'days_of_fighting', 'must be a whole number from 1 to 365 (got 366)'],
    [{ duration_days: 0 }, 'duration_days', 'must be a whole number from 1 to 365 (got 0)'],
    [{ base_date: '2025-6-1' }, 'base_date', 'must be a date in YYYY-MM-DD form (got "2025-6-1")'],
    [{ base_date: '2025-02-29' }, 'base_date', '2025-02-29 is not a real calendar date'],
    [{ base_date: '2025-13-01' }, 'base_date', '2025-13-01 is not a real calendar date'],
    [{ base_date: '1850-01-01' }, 'base_date', 'year 1850 is outside the accepted range 1900–2999'],
    [{ intensity: 'HIGH' }, 'intensity', 'must be one of low, medium, high, extreme (got "HIGH")'],
    [{ tempo: 'fast' }, 'tempo', 'must be one of sustained, escalating, surge, declining, intermittent (got "fast")'],
    [{ exact_quotas: 'yes' }, 'exact_quotas', 'must be true or false (got "yes")'],
    [{ female_ratio: 1.2 }, 'female_ratio', 'must be a number from 0 to 1 (got 1.2)'],
    [{ metadata: [1] }, 'metadata', 'must be an object (got an array)'],
    [{ metadata: 'note' }, 'metadata', 'must be an object (got "note")'],
  ])('%j → %s: %s', (input, path, message) => {
    const e = only(input);
    expect(e.path).toBe(path);
    expect(e.message).toContain(message);
  });

  it('rejects a non-object scenario at the root', () => {
    for (const input of [null, undefined, 3, 'x', [], [{}]]) {
      expect(errors(input)).toEqual([{ path: '', message: 'the scenario must be a JSON object' }]);
    }
  });

  it('never throws, even on hostile objects', () => {
    const hostile = {};
    Object.defineProperty(hostile, 'name', { enumerable: true, get: () => { throw new Error('boom'); } });
    const e = errors(hostile);
    expect(e[0]?.path).toBe('');
    expect(e[0]?.message).toContain('boom');
  });
});

describe('flag maps', () => {
  it('missing keys are false when a map is given', () => {
    const s = ok({ warfare_types: { naval: true }, special_events: { ambush: true }, environmental_conditions: { fog: true } });
    expect(WARFARE_TYPES.filter((w) => s.warfare_types[w])).toEqual(['naval']);
    expect(SPECIAL_EVENTS.filter((e) => s.special_events[e])).toEqual(['ambush']);
    expect(ENVIRONMENTAL_CONDITIONS.filter((c) => s.environmental_conditions[c])).toEqual(['fog']);
    expect(ok({ special_events: {} }).special_events).toEqual({ major_offensive: false, ambush: false, mass_casualty: false });
  });

  it('at least one warfare type must be true', () => {
    expect(only({ warfare_types: { conventional: false } })).toEqual({ path: 'warfare_types', message: 'Warfare types: choose at least one warfare type' });
    expect(only({ warfare_types: {} }).message).toBe('Warfare types: choose at least one warfare type');
  });

  it('unknown flags and non-boolean values are errors', () => {
    expect(only({ warfare_types: { conventional: true, nuclear: true } })).toEqual({
      path: 'warfare_types.nuclear',
      message: 'Warfare types: unknown field "nuclear"; accepted fields: conventional, artillery, urban, guerrilla, drone, naval, cbrn, peacekeeping',
    });
    expect(only({ special_events: { ambush: 1 } })).toEqual({ path: 'special_events.ambush', message: 'Special events, ambush must be true or false (got 1)' });
    expect(only({ environmental_conditions: ['rain'] }).message).toMatch(/^Environmental conditions must be an object of environmental condition flags/);
  });
});

describe('unknown and ignored keys', () => {
  it('rejects unknown top-level fields, naming them, with a hint for near misses', () => {
    const e = errors({ colour: 'red', total_patient: 5 });
    expect(e).toEqual([
      { path: 'colour', message: 'unknown field "colour"' },
      { path: 'total_patient', message: 'unknown field "total_patient"; did you mean "total_patients"?' },
    ]);
    expect(only({ 'odd key': 1 }).path).toBe('["odd key"]');
  });

  it('accepts and ignores version, parent_config_id, id, created_at, updated_at', () => {
    const s = ok({ version: 3, parent_config_id: 'abc', id: 'cfg-1', created_at: '2024-01-01T00:00:00Z', updated_at: null });
    expect(s).toStrictEqual(defaultScenario());
  });

  it('does not check inside metadata', () => {
    expect(ok({ metadata: { whatever: { deep: [null, 'x'] }, total_patients: 'not checked' } }).total_patients).toBe(1440);
  });
});

describe('multiple errors', () => {
  it('reports every problem at once, in input order', () => {
    const e = errors({
      total_patients: -1, tempo: 'slow', bogus: true,
      front_configs: [
        { id: 'a', name: 'A', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 90 }] },
        { id: 'a', name: 'B', casualty_rate: 0, nationality_distribution: [{ nationality_code: 'XXX', percentage: 100 }] },
      ],
      facility_configs: [{ id: 'R9', kia_rate: 0.1, rtd_rate: 0.1 }],
    });
    expect(e.map((i) => i.path)).toEqual([
      'bogus', 'total_patients', 'tempo',
      'front_configs[0].nationality_distribution',
      'front_configs[1].id', 'front_configs[1].casualty_rate', 'front_configs[1].nationality_distribution[0].nationality_code',
      'facility_configs[0].id',
    ]);
    expect(e[3]?.message).toBe('Front 1 (A): nationality percentages sum to 90, must be 100 (±0.5)');
    expect(e[4]?.message).toBe('Front 2 (B) id: id "a" is already used by Front 1');
    expect(e[5]?.message).toBe('Front 2 (B) casualty rate must be a number greater than 0 (got 0)');
  });
});
