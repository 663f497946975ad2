import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRemainder } from '../allocate.js';
import {
  ENVIRONMENTAL_CONDITIONS, FACILITIES, INJURY_TYPES, INTENSITIES, NATO_NATIONS, SPECIAL_EVENTS, TEMPOS, WARFARE_TYPES,
} from '../types.js';
import { defaultScenario, parseScenario, scenarioToInput } from './index.js';

const pick = <T,>(...values: T[]) => fc.constantFrom(...values);
const flagMap = (keys: readonly string[]) => fc.dictionary(fc.constantFrom(...keys), fc.boolean());
const hours = fc.double({ min: 0, max: 500, noNaN: true });
const range = fc.tuple(hours, hours).map(([a, b]) => ({ min_hours: Math.min(a, b), max_hours: Math.max(a, b) }));
const triageTable = fc.record({ T1: range, T2: range, T3: range }, { requiredKeys: [] });

const ROLE_NAMES: Record<string, string[]> = {
  POI: ['POI', 'poi', 'POINT_OF_INJURY'], R1: ['R1', 'Role1', 'ROLE_1'], R2: ['R2', 'role2', 'ROLE_2'],
  R3: ['r3', 'Role3', 'ROLE_3'], R4: ['R4', 'ROLE4', 'role_4'],
};
const roleName = (role: string) => fc.constantFrom(...(ROLE_NAMES[role] as string[]));

/** Integer-or-fraction shares of the injury mix, with random label/code keys. */
const injuryMix = fc.tuple(fc.nat(100), fc.nat(100), fc.integer({ min: 1, max: 100 }), fc.boolean(), fc.boolean()).map(([a, b, c, asPercent, codes]) => {
  const [x, y, z] = largestRemainder(100, [a, b, c]) as [number, number, number];
  const scale = asPercent ? 1 : 100;
  return codes
    ? { BATTLE_TRAUMA: x / scale, NON_BATTLE: y / scale, DISEASE: z / scale }
    : { 'Battle Injury': x / scale, 'Non-Battle Injury': y / scale, Disease: z / scale };
});

const nationalities = fc.uniqueArray(fc.constantFrom(...NATO_NATIONS), { minLength: 1, maxLength: 6 }).chain((codes) =>
  fc.array(fc.integer({ min: 1, max: 50 }), { minLength: codes.length, maxLength: codes.length }).map((w) => {
    const pct = largestRemainder(100, w);
    return codes.map((nationality_code, i) => ({ nationality_code, percentage: pct[i] }));
  }));

const fronts = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 12 }),
    name: fc.string({ maxLength: 20 }),
    casualty_rate: fc.double({ min: 0.001, max: 10, noNaN: true }),
    nationality_distribution: nationalities,
  }, { requiredKeys: ['id', 'casualty_rate', 'nationality_distribution'] }),
  { minLength: 1, maxLength: 4, selector: (f) => f.id },
);

const facilities = fc.subarray([...FACILITIES]).chain((roles) => fc.tuple(...roles.map((role) =>
  fc.record({ id: roleName(role), kia: fc.double({ min: 0, max: 1, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ id, kia, share }) => ({ id, kia_rate: kia, rtd_rate: (1 - kia) * share, capacity: 10 })))));

const evacuation = fc.subarray([...FACILITIES]).chain((roles) =>
  fc.tuple(...roles.map((r) => fc.tuple(roleName(r), triageTable))).map((e) => Object.fromEntries(e)));

const transit = fc.subarray([['POI', 'R1'], ['R1', 'R2'], ['R2', 'R3'], ['R3', 'R4']] as const).chain((pairs) =>
  fc.tuple(...pairs.map(([a, b]) => fc.tuple(roleName(a), roleName(b), pick('_to_', '-'), triageTable)
    .map(([x, y, sep, t]) => [`${x}${sep}${y}`, t] as const))).map((e) => Object.fromEntries(e)));

const warfare = flagMap(WARFARE_TYPES).chain((m) => fc.constantFrom(...WARFARE_TYPES).map((w) => ({ ...m, [w]: true })));

const validInput = fc.record({
  name: fc.string({ maxLength: 200 }),
  description: fc.string({ maxLength: 300 }),
  total_patients: fc.integer({ min: 1, max: 10_000_000 }),
  count: fc.integer({ min: 1, max: 10_000_000 }),
  seed: fc.oneof(fc.maxSafeInteger(), fc.string({ minLength: 1, maxLength: 200 })),
  days_of_fighting: fc.integer({ min: 1, max: 365 }),
  base_date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  warfare_types: warfare,
  intensity: fc.constantFrom(...INTENSITIES),
  tempo: fc.constantFrom(...TEMPOS),
  special_events: flagMap(SPECIAL_EVENTS),
  environmental_conditions: flagMap(ENVIRONMENTAL_CONDITIONS),
  injury_mix: injuryMix,
  front_configs: fronts,
  facility_configs: facilities,
  evacuation_times: evacuation,
  transit_times: transit,
  exact_quotas: fc.boolean(),
  female_ratio: fc.double({ min: 0, max: 1, noNaN: true }),
  metadata: fc.dictionary(fc.string(), fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown)),  // JSON has no -0
  version: fc.integer(),
}, { requiredKeys: [] }).map((input) => {
  // A field and its alias may not both be given.
  if ('count' in input && 'total_patients' in input) delete input.count;
  return input;
});

describe('properties', () => {
  it('random valid inputs parse, and the canonical form round-trips', () => {
    fc.assert(fc.property(validInput, (input) => {
      const r = parseScenario(input);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      const s = r.scenario;
      expect(INJURY_TYPES.reduce((sum, k) => sum + s.injury_mix[k], 0)).toBe(1);
      expect(parseScenario(scenarioToInput(s))).toStrictEqual({ ok: true, scenario: s });
      expect(parseScenario(JSON.parse(JSON.stringify(scenarioToInput(s))))).toStrictEqual({ ok: true, scenario: s });
    }), { numRuns: 300 });
  });

  it('any JSON value either parses or yields path-and-message errors; never throws', () => {
    fc.assert(fc.property(fc.jsonValue(), (input) => {
      const r = parseScenario(input);
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(typeof e.path).toBe('string');
          expect(e.message.length).toBeGreaterThan(0);
        }
      }
    }), { numRuns: 300 });
  });

  it('the default scenario round-trips and its canonical form names every field', () => {
    const input = scenarioToInput(defaultScenario());
    expect(Object.keys(input)).not.toContain('seed');
    expect(Object.keys(input)).toHaveLength(17);
    expect(parseScenario(input)).toStrictEqual({ ok: true, scenario: defaultScenario() });
    const withSeed = { ...defaultScenario(), seed: 'abc', metadata: { k: 1 } };
    expect(parseScenario(scenarioToInput(withSeed))).toStrictEqual({ ok: true, scenario: withSeed });
  });
});
