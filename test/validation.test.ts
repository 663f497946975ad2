import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { createTestKey, startTestServer, type TestServer } from './server-helpers.js';

type Scenario = Record<string, unknown> & {
  front_configs: { id: string; name: unknown; casualty_rate: number; nationality_distribution: { nationality_code: string; percentage: number }[]; [k: string]: unknown }[];
  facility_configs: { id: string; kia_rate: number; rtd_rate: number }[];
  evacuation_times: Record<string, Record<string, { min_hours: number; max_hours: number }>>;
  transit_times: Record<string, Record<string, { min_hours: number; max_hours: number }>>;
};

/** A valid scenario that uses every field with rules of its own. */
function base(): Scenario {
  return {
    name: 'Two fronts', total_patients: 200, days_of_fighting: 4, base_date: '2025-06-01', intensity: 'high', female_ratio: 0.1,
    warfare_types: { conventional: true, artillery: true },
    injury_mix: { 'Battle Injury': 60, 'Non-Battle Injury': 25, Disease: 15 },
    front_configs: [
      { id: 'north', name: 'Latvia', casualty_rate: 2, nationality_distribution: [{ nationality_code: 'DEU', percentage: 60 }, { nationality_code: 'LVA', percentage: 40 }] },
      { id: 'east', name: 'Estonia', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'GBR', percentage: 70 }, { nationality_code: 'EST', percentage: 30 }] },
    ],
    facility_configs: [{ id: 'Role2', kia_rate: 0.02, rtd_rate: 0.3 }, { id: 'Role3', kia_rate: 0.03, rtd_rate: 0.4 }],
    evacuation_times: { Role1: { T1: { min_hours: 1, max_hours: 3 } } },
    transit_times: { POI_to_Role1: { T2: { min_hours: 1, max_hours: 2 } } },
  };
}

/** Independent mistakes: each changes one leaf of the scenario and names the path it must be reported at. */
const MISTAKES: { name: string; apply: (s: Scenario) => void; path: string }[] = [
  { name: 'no patients', apply: (s) => { s.total_patients = 0; }, path: 'total_patients' },
  { name: 'too many days', apply: (s) => { s.days_of_fighting = 400; }, path: 'days_of_fighting' },
  { name: 'no such date', apply: (s) => { s.base_date = '2025-02-30'; }, path: 'base_date' },
  { name: 'bad intensity', apply: (s) => { s.intensity = 'HIGH'; }, path: 'intensity' },
  { name: 'female share above 1', apply: (s) => { s.female_ratio = 1.5; }, path: 'female_ratio' },
  { name: 'injury mix sums to 90', apply: (s) => { s.injury_mix = { 'Battle Injury': 50, 'Non-Battle Injury': 30, Disease: 10 }; }, path: 'injury_mix' },
  { name: 'no warfare type', apply: (s) => { s.warfare_types = { conventional: false }; }, path: 'warfare_types' },
  { name: 'unknown field', apply: (s) => { s.colour = 'red'; }, path: 'colour' },
  ...[0, 1].flatMap((k) => [
    { name: `front ${k + 1} sums to 90`, apply: (s: Scenario) => { (s.front_configs[k]?.nationality_distribution[1] as { percentage: number }).percentage -= 10; }, path: `front_configs[${k}].nationality_distribution` },
    { name: `front ${k + 1} casualty rate 0`, apply: (s: Scenario) => { (s.front_configs[k] as { casualty_rate: number }).casualty_rate = 0; }, path: `front_configs[${k}].casualty_rate` },
    { name: `front ${k + 1} non-NATO nation`, apply: (s: Scenario) => { (s.front_configs[k]?.nationality_distribution[0] as { nationality_code: string }).nationality_code = 'RUS'; }, path: `front_configs[${k}].nationality_distribution[0].nationality_code` },
    { name: `front ${k + 1} unknown field`, apply: (s: Scenario) => { (s.front_configs[k] as Record<string, unknown>).colour = 'red'; }, path: `front_configs[${k}].colour` },
    { name: `front ${k + 1} name not text`, apply: (s: Scenario) => { (s.front_configs[k] as Record<string, unknown>).name = 5; }, path: `front_configs[${k}].name` },
  ]),
  { name: 'role 2 rates above 1', apply: (s) => { s.facility_configs[0] = { id: 'Role2', kia_rate: 0.7, rtd_rate: 0.5 }; }, path: 'facility_configs[0]' },
  { name: 'facility names no role', apply: (s) => { (s.facility_configs[1] as { id: string }).id = 'Role9'; }, path: 'facility_configs[1].id' },
  { name: 'evacuation min above max', apply: (s) => { s.evacuation_times.Role1 = { T1: { min_hours: 5, max_hours: 3 } }; }, path: 'evacuation_times.Role1.T1' },
  { name: 'negative transit hours', apply: (s) => { s.transit_times.POI_to_Role1 = { T2: { min_hours: 1, max_hours: -1 } }; }, path: 'transit_times.POI_to_Role1.T2.max_hours' },
];

/** The issue this file is about: a front summing to 90 beside another problem of the same front. */
const ESTONIA = (() => {
  const s = base();
  (s.front_configs[1] as { casualty_rate: number }).casualty_rate = 0;
  (s.front_configs[1]?.nationality_distribution[1] as { percentage: number }).percentage = 20;
  s.total_patients = 0;
  return s;
})();

describe('validation reports every problem in one pass', () => {
  let s: TestServer;
  let key: string;
  let dir: string;
  beforeAll(async () => {
    s = await startTestServer();
    key = await createTestKey(s);
    dir = mkdtempSync(join(tmpdir(), 'medgen-validate-'));
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function apiErrors(scenario: unknown): Promise<{ path: string; message: string }[]> {
    const r = await s.call('/api/v1/configurations/validate/', { method: 'POST', json: scenario, key });
    expect(r.status).toBe(200);
    return (await r.json() as { errors: { path: string; message: string }[] }).errors;
  }

  async function cliErrors(scenario: unknown): Promise<{ path: string; message: string }[]> {
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    const res = await cli('validate', file, '--json');
    return (JSON.parse(res.stdout) as { errors: { path: string; message: string }[] }).errors;
  }

  it('the base scenario is valid', async () => {
    expect(await apiErrors(base())).toEqual([]);
    expect(await cliErrors(base())).toEqual([]);
  });

  it('any independent mistakes together are each reported, by the CLI and the API alike (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(fc.integer({ min: 0, max: MISTAKES.length - 1 }), { minLength: 2, maxLength: 4 }),
      async (picked) => {
        const scenario = base();
        for (const i of picked) MISTAKES[i]?.apply(scenario);
        const expected = picked.map((i) => MISTAKES[i]?.path);
        const [api, local] = await Promise.all([apiErrors(scenario), cliErrors(scenario)]);
        expect(api.map((e) => e.path)).toEqual(expect.arrayContaining(expected));
        expect(local).toEqual(api);
        for (const e of api) expect(e.message.length).toBeGreaterThan(0);
      },
    ), { numRuns: 60 });
  });

  it('names fields in the form\'s words, keeping the machine path beside them', async () => {
    const errors = await apiErrors(ESTONIA);
    expect(errors).toEqual([
      { path: 'total_patients', message: 'Patients must be a whole number from 1 to 10,000,000 (got 0)' },
      { path: 'front_configs[1].casualty_rate', message: 'Front 2 (Estonia) casualty rate must be a number greater than 0 (got 0)' },
      { path: 'front_configs[1].nationality_distribution', message: 'Front 2 (Estonia): nationality percentages sum to 90, must be 100 (±0.5)' },
    ]);

    // Generation refuses it with the same words; paths point into the request body.
    const gen = await s.call('/api/v1/generation/', { method: 'POST', json: { configuration: ESTONIA }, key });
    expect(gen.status).toBe(422);
    const body = await gen.json() as { detail: { path: string; message: string }[] };
    expect(body.detail).toContainEqual({ path: 'configuration.front_configs[1].nationality_distribution', message: 'Front 2 (Estonia): nationality percentages sum to 90, must be 100 (±0.5)' });
    expect(body.detail).toHaveLength(3);

    // The CLI prints the words first and the path after them.
    const file = join(dir, 'estonia.json');
    writeFileSync(file, JSON.stringify(ESTONIA));
    const res = await cli('validate', file);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('3 problems');
    expect(res.stderr).toContain('  Front 2 (Estonia): nationality percentages sum to 90, must be 100 (±0.5)  [front_configs[1].nationality_distribution]');
    expect(res.stderr).toContain('  Patients must be a whole number from 1 to 10,000,000 (got 0)  [total_patients]');
  });

  it('words injury types and roles as the form does', async () => {
    const errors = await apiErrors({
      injury_mix: { 'Battle Injury': 0.5, BATTLE_TRAUMA: 0.5 },
      facility_configs: [{ id: 'R4', kia_rate: 0.6, rtd_rate: 0.6 }],
      evacuation_times: { Role4: { T1: { min_hours: 9, max_hours: 1 } } },
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Injury mix, Battle injury: "BATTLE_TRAUMA" and "Battle Injury" both give the Battle injury share; give it once',
      'Role 4 rates: death rate + RTD rate is 1.2, must be at most 1',
      'Evacuation time at Role 4, T1: minimum 9 h is more than maximum 1 h',
    ]);
  });
});
