import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INJURY_TYPES, type InjuryType } from '../types.js';
import { DEFAULT_EVACUATION_TIMES, DEFAULT_TRANSIT_TIMES } from './index.js';
import { errors, ok, only } from './fixtures.js';
import { normaliseMix } from './rules.js';
const sum = (m: Record<InjuryType, number>) => INJURY_TYPES.reduce((s, k) => s + m[k], 0);

describe('injury mix', () => {
  it('accepts fractions and percentages and normalises to fractions summing to exactly 1', () => {
    const f = ok({ injury_mix: { 'Battle Injury': 0.55, 'Non-Battle Injury': 0.25, Disease: 0.2 } }).injury_mix;
    expect(f).toEqual({ BATTLE_TRAUMA: 0.55, NON_BATTLE: 0.25, DISEASE: 0.2 });
    const p = ok({ injury_mix: { 'Battle Injury': 55, 'Non-Battle Injury': 25, Disease: 20 } }).injury_mix;
    expect(p.BATTLE_TRAUMA).toBeCloseTo(0.55, 12);
    expect(p.DISEASE).toBeCloseTo(0.2, 12);
    expect(sum(p)).toBe(1);
  });

  it('tolerates ±1 % and rescales', () => {
    const a = ok({ injury_mix: { BATTLE_TRAUMA: 0.3, NON_BATTLE: 0.3, DISEASE: 0.399 } }).injury_mix;
    expect(sum(a)).toBe(1);
    expect(a.BATTLE_TRAUMA).toBeCloseTo(0.3 / 0.999, 12);
    const b = ok({ injury_mix: { BATTLE_TRAUMA: 33, NON_BATTLE: 33, DISEASE: 33 } }).injury_mix;
    expect(sum(b)).toBe(1);
    expect(b.DISEASE).toBeCloseTo(1 / 3, 12);
    expect(sum(ok({ injury_mix: { 'Battle Injury': 0.7, 'Non-Battle Injury': 0.2, Disease: 0.1 } }).injury_mix)).toBe(1);
  });

  it('accepts the codes as keys, mixed with labels, and missing keys count as 0', () => {
    expect(ok({ injury_mix: { DISEASE: 1 } }).injury_mix).toEqual({ BATTLE_TRAUMA: 0, NON_BATTLE: 0, DISEASE: 1 });
    expect(ok({ injury_mix: { BATTLE_TRAUMA: 50, 'Non-Battle Injury': 50 } }).injury_mix).toEqual({ BATTLE_TRAUMA: 0.5, NON_BATTLE: 0.5, DISEASE: 0 });
  });

  it('rejects sums that are neither 1 nor 100', () => {
    expect(only({ injury_mix: { Disease: 0.5, 'Battle Injury': 0.3 } })).toEqual({
      path: 'injury_mix', message: 'Injury mix: shares sum to 0.8, must be fractions summing to 1 or percentages summing to 100 (±1%)',
    });
    expect(only({ injury_distribution: { Disease: 50, 'Battle Injury': 40 } })).toEqual({
      path: 'injury_distribution', message: 'Injury mix: shares sum to 90, must be fractions summing to 1 or percentages summing to 100 (±1%)',
    });
    expect(only({ injury_mix: {} }).message).toMatch(/^Injury mix: shares sum to 0,/);
  });

  it('rejects negative values, unknown keys and a share given twice', () => {
    expect(only({ injury_mix: { Disease: -0.1, BATTLE_TRAUMA: 1.1 } })).toEqual({ path: 'injury_mix.Disease', message: 'Injury mix, Disease must be a number ≥ 0 (got -0.1)' });
    expect(only({ injury_mix: { Disease: 1, Wounds: 0 } }).path).toBe('injury_mix.Wounds');
    expect(only({ injury_mix: { Disease: 0.5, DISEASE: 0.5 } })).toEqual({
      path: 'injury_mix.DISEASE', message: 'Injury mix, Disease: "DISEASE" and "Disease" both give the Disease share; give it once',
    });
    expect(only({ injury_mix: { 'Battle Injury': 1, 'Non-Battle Injury': '0' } }).path).toBe('injury_mix["Non-Battle Injury"]');
  });

  it('normaliseMix keeps an exact mix and fixes rounding otherwise', () => {
    const exact = { BATTLE_TRAUMA: 0.15, NON_BATTLE: 0.33, DISEASE: 0.52 };
    expect(normaliseMix(exact, 1)).toEqual(exact);
    expect(sum(normaliseMix({ BATTLE_TRAUMA: 1, NON_BATTLE: 1, DISEASE: 1 }, 3))).toBe(1);
    expect(sum(normaliseMix({ BATTLE_TRAUMA: 20, NON_BATTLE: 70, DISEASE: 10 }, 100))).toBe(1);
  });

  it('normaliseMix always sums to exactly 1 and moves shares by rounding error only', () => {
    const share = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(fc.property(share, share, share, (a, b, c) => {
      const total = a + b + c;
      fc.pre(total > 0);
      const m = normaliseMix({ BATTLE_TRAUMA: a, NON_BATTLE: b, DISEASE: c }, total);
      expect(sum(m)).toBe(1);
      expect(Math.abs(m.BATTLE_TRAUMA - a / total)).toBeLessThan(1e-12);
      expect(Math.abs(m.NON_BATTLE - b / total)).toBeLessThan(1e-12);
      expect(Math.abs(m.DISEASE - c / total)).toBeLessThan(1e-12);
      for (const k of INJURY_TYPES) expect(m[k]).toBeGreaterThanOrEqual(0);
    }), { numRuns: 2000 });
    const over = normaliseMix({ BATTLE_TRAUMA: 0.5, NON_BATTLE: 0.5000000000000002, DISEASE: 0 }, 1);
    expect(over).toEqual({ BATTLE_TRAUMA: 0.5, NON_BATTLE: 0.5, DISEASE: 0 });
  });
});

const front = (id: string, extra: Record<string, unknown> = {}) => ({
  id, name: id.toUpperCase(), casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }], ...extra,
});

describe('fronts', () => {
  it('reads fronts; name defaults to the id; description is ignored', () => {
    const s = ok({ front_configs: [{ id: 'north', casualty_rate: 2, description: 'v1 text',
      nationality_distribution: [{ nationality_code: 'DEU', percentage: 60.2 }, { nationality_code: 'FRA', percentage: 39.4 }] }] });
    expect(s.front_configs).toEqual([{ id: 'north', name: 'north', casualty_rate: 2,
      nationality_distribution: [{ nationality_code: 'DEU', percentage: 60.2 }, { nationality_code: 'FRA', percentage: 39.4 }] }]);
  });

  it('percentages must sum to 100 ±0.5', () => {
    const nat = (a: number, b: number) => [{ nationality_code: 'POL', percentage: a }, { nationality_code: 'LTU', percentage: b }];
    expect(ok({ front_configs: [front('a', { nationality_distribution: nat(50, 50.5) })] })).toBeDefined();
    expect(ok({ front_configs: [front('a', { nationality_distribution: nat(50, 49.5) })] })).toBeDefined();
    expect(only({ front_configs: [front('a'), front('b', { nationality_distribution: nat(50, 40) })] })).toEqual({
      path: 'front_configs[1].nationality_distribution', message: 'Front 2 (B): nationality percentages sum to 90, must be 100 (±0.5)',
    });
  });

  it('nationality codes must be NATO codes; the error lists them', () => {
    const e = only({ front_configs: [front('a', { nationality_distribution: [{ nationality_code: 'RUS', percentage: 100 }] })] });
    expect(e.path).toBe('front_configs[0].nationality_distribution[0].nationality_code');
    expect(e.message).toContain('must be one of the 32 NATO alpha-3 codes (ALB, BEL, BGR,');
    expect(e.message).toContain('TUR, GBR, USA) (got "RUS")');
  });

  it('rejects a nationality listed twice and duplicate front ids', () => {
    const dup = [{ nationality_code: 'POL', percentage: 50 }, { nationality_code: 'POL', percentage: 50 }];
    expect(only({ front_configs: [front('a', { nationality_distribution: dup })] })).toEqual({
      path: 'front_configs[0].nationality_distribution[1].nationality_code', message: 'Front 1 (A), nation 2 (Poland): POL (Poland) is listed more than once (first as nation 1)',
    });
    expect(only({ front_configs: [front('a'), front('b'), front('a')] })).toEqual({
      path: 'front_configs[2].id', message: 'Front 3 (A) id: id "a" is already used by Front 1',
    });
  });

  it('checks shape: array ≥ 1, required fields, casualty_rate > 0, unknown fields', () => {
    expect(only({ front_configs: [] })).toEqual({ path: 'front_configs', message: 'Fronts must be a non-empty array of fronts (got an array)' });
    expect(only({ front_configs: {} }).message).toBe('Fronts must be a non-empty array of fronts (got an object)');
    expect(only({ front_configs: [{ id: 'a', nationality_distribution: [{ nationality_code: 'POL', percentage: 100 }] }] }))
      .toEqual({ path: 'front_configs[0].casualty_rate', message: 'Front 1 (a) casualty rate is required' });
    expect(only({ front_configs: [front('a', { casualty_rate: -1 })] }).message).toBe('Front 1 (A) casualty rate must be a number greater than 0 (got -1)');
    expect(only({ front_configs: [front('a', { colour: 'red' })] })).toEqual({
      path: 'front_configs[0].colour', message: 'Front 1 (A): unknown field "colour"; accepted fields: id, name, description, casualty_rate, nationality_distribution, location, call_sign',
    });
    expect(only({ front_configs: [front('a', { nationality_distribution: [] })] }).path).toBe('front_configs[0].nationality_distribution');
    expect(only({ front_configs: [front('a', { nationality_distribution: [{ nationality_code: 'POL', percentage: 101 }] })] }).path)
      .toBe('front_configs[0].nationality_distribution[0].percentage');
    expect(only({ front_configs: ['x'] }).message).toMatch(/^Front 1 must be a front object/);
  });
});

describe('facility overrides', () => {
  it.each(['POI', 'poi', 'POINT_OF_INJURY', 'point_of_injury'])('%s names POI', (id) => {
    expect(ok({ facility_configs: [{ id, kia_rate: 0.3, rtd_rate: 0.1 }] }).facility_rates.POI).toEqual({ kia_rate: 0.3, rtd_rate: 0.1 });
  });
  it.each(['R2', 'r2', 'Role2', 'ROLE2', 'role2', 'ROLE_2', 'role_2'])('%s names R2', (id) => {
    const s = ok({ facility_configs: [{ id, kia_rate: 0.01, rtd_rate: 0.9 }] });
    expect(s.facility_rates.R2).toEqual({ kia_rate: 0.01, rtd_rate: 0.9 });
    expect(s.facility_rates.R1).toEqual({ kia_rate: 0.08, rtd_rate: 0.25 });
  });

  it('accepts and ignores name, capacity, role, front_id and description; empty list keeps defaults', () => {
    const s = ok({ facility_configs: [{ id: 'Role1', name: 'BAS', kia_rate: 0.1, rtd_rate: 0.3, capacity: 50, role: 'R1', front_id: 'x', description: 'aid post' }] });
    expect(s.facility_rates.R1).toEqual({ kia_rate: 0.1, rtd_rate: 0.3 });
    expect(ok({ facility_configs: [] }).facility_rates.R3).toEqual({ kia_rate: 0.04, rtd_rate: 0.4 });
  });

  it('rejects unknown ids, duplicate roles, sums above 1 and out-of-range rates', () => {
    expect(only({ facility_configs: [{ id: 'Role5', kia_rate: 0.1, rtd_rate: 0.1 }] })).toEqual({
      path: 'facility_configs[0].id', message: 'Facility override 1 role: "Role5" names no role; use POI, POINT_OF_INJURY, R1…R4, Role1…Role4 or ROLE_1…ROLE_4 (any case)',
    });
    expect(only({ facility_configs: [{ id: 'R1', kia_rate: 0.1, rtd_rate: 0.1 }, { id: 'Role1', kia_rate: 0.1, rtd_rate: 0.1 }] })).toEqual({
      path: 'facility_configs[1].id', message: 'Role 1 role: Role 1 is already overridden by facility override 1',
    });
    expect(only({ facility_configs: [{ id: 'R3', kia_rate: 0.6, rtd_rate: 0.5 }] })).toEqual({
      path: 'facility_configs[0]', message: 'Role 3 rates: death rate + RTD rate is 1.1, must be at most 1',
    });
    expect(ok({ facility_configs: [{ id: 'R3', kia_rate: 0.7, rtd_rate: 0.3 }] }).facility_rates.R3.kia_rate).toBe(0.7);
    expect(only({ facility_configs: [{ id: 'R3', kia_rate: -0.1, rtd_rate: 0.5 }] })).toEqual({
      path: 'facility_configs[0].kia_rate', message: 'Role 3 death rate must be a probability from 0 to 1 (got -0.1)',
    });
    expect(only({ facility_configs: [{ id: 'R3', kia_rate: 0.1 }] })).toEqual({ path: 'facility_configs[0].rtd_rate', message: 'Role 3 RTD rate is required' });
    expect(only({ facility_configs: [{ id: 'R3', kia_rate: 0.1, rtd_rate: 0.1, beds: 4 }] }).path).toBe('facility_configs[0].beds');
    expect(only({ facility_configs: 'R1' }).message).toBe('Facility rates must be an array of facility overrides (got "R1")');
  });
});

const range = (min_hours: number, max_hours: number) => ({ min_hours, max_hours });

describe('evacuation and transit times', () => {
  it('merges partial tables over the defaults, with role aliases', () => {
    const s = ok({ evacuation_times: { Role1: { T1: range(2, 4) }, point_of_injury: { T3: range(0, 0) } } });
    expect(s.evacuation_times.R1.T1).toEqual(range(2, 4));
    expect(s.evacuation_times.R1.T2).toEqual(DEFAULT_EVACUATION_TIMES.R1.T2);
    expect(s.evacuation_times.POI.T3).toEqual(range(0, 0));
    expect(s.evacuation_times.R4).toEqual(DEFAULT_EVACUATION_TIMES.R4);
  });

  it.each([
    ['POI_to_Role1', 'POI-R1'], ['POI-R1', 'POI-R1'], ['Role1_to_Role2', 'R1-R2'], ['R1-R2', 'R1-R2'], ['ROLE_2_TO_ROLE_3', 'R2-R3'],
    ['r3-r4', 'R3-R4'], ['POINT_OF_INJURY_to_R1', 'POI-R1'], ['Role3→Role4', 'R3-R4'],
  ] as const)('transit key %s → %s', (key, transit) => {
    const s = ok({ transit_times: { [key]: { T2: range(7, 9) } } });
    expect(s.transit_times[transit].T2).toEqual(range(7, 9));
    expect(s.transit_times[transit].T1).toEqual(DEFAULT_TRANSIT_TIMES[transit].T1);
  });

  it('min must not exceed max; hours are 0…8760', () => {
    expect(only({ evacuation_times: { R2: { T1: range(6, 2) } } })).toEqual({ path: 'evacuation_times.R2.T1', message: 'Evacuation time at Role 2, T1: minimum 6 h is more than maximum 2 h' });
    expect(only({ transit_times: { 'R1-R2': { T3: range(-1, 2) } } })).toEqual({
      path: 'transit_times["R1-R2"].T3.min_hours', message: 'Transit Role 1 → Role 2, T3 minimum hours must be a number of hours from 0 to 8760 (got -1)',
    });
    expect(only({ evacuation_times: { R4: { T1: range(1, 9000) } } }).path).toBe('evacuation_times.R4.T1.max_hours');
  });

  it('reports bad keys, T4 rows, duplicates and malformed tables — and still checks the other rows', () => {
    const e = errors({
      evacuation_times: { Role1: { T1: range(3, 1), T4: range(1, 2) }, R1: {}, R7: {}, R2: { T2: { min_hours: 1 } }, R3: 5 },
      transit_times: { 'POI-R2': {}, POI: {}, 'R1-R9': {} },
    });
    expect(e).toEqual([
      { path: 'evacuation_times.Role1.T4', message: 'Evacuation time at Role 1: unknown field "T4"; accepted fields: T1, T2, T3' },
      { path: 'evacuation_times.Role1.T1', message: 'Evacuation time at Role 1, T1: minimum 3 h is more than maximum 1 h' },
      { path: 'evacuation_times.R1', message: 'Evacuation time at Role 1: "R1" and "Role1" both name Role 1; give it once' },
      { path: 'evacuation_times.R7', message: 'Evacuation times: "R7" names no role; use POI, POINT_OF_INJURY, R1…R4, Role1…Role4 or ROLE_1…ROLE_4 (any case)' },
      { path: 'evacuation_times.R2.T2.max_hours', message: 'Evacuation time at Role 2, T2 maximum hours is required' },
      { path: 'evacuation_times.R3', message: 'Evacuation time at Role 3 must be an object of triage rows (T1, T2, T3; T4 is timed as T1) (got 5)' },
      { path: 'transit_times["POI-R2"]', message: 'Transit times: "POI-R2" is not a transit between consecutive roles; use FROM_to_TO or FROM-TO between consecutive roles, e.g. POI_to_Role1 or R1-R2' },
      { path: 'transit_times.POI', message: 'Transit times: "POI" is not a transit key; use FROM_to_TO or FROM-TO between consecutive roles, e.g. POI_to_Role1 or R1-R2' },
      { path: 'transit_times["R1-R9"]', message: 'Transit times: "R1-R9" does not name two roles; use FROM_to_TO or FROM-TO between consecutive roles, e.g. POI_to_Role1 or R1-R2' },
    ]);
    expect(only({ transit_times: [] }).message).toBe('Transit times must be an object keyed by transit (POI_to_Role1 … Role3_to_Role4) (got an array)');
    expect(only({ evacuation_times: 'fast' }).message).toBe('Evacuation times must be an object keyed by role (POI, Role1…Role4) (got "fast")');
  });
});
