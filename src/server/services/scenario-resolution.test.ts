import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/index.js';
import type { ConfigurationRow, ConfigurationsRepository } from '../../db/index.js';
import { HttpError } from '../errors.js';
import { fieldProblems, ScenarioResolution, type ScenarioRequest } from './scenario-resolution.js';

const SAVED_ID = '11111111-1111-4111-8111-111111111111';
const CALLER: Principal = { keyId: 'k', name: 'test', isDemo: false, isAdmin: false, limits: {} as Principal['limits'] };

/** One saved configuration of 40 patients, version 2 of its lineage; other ids are not found. */
const repository = {
  async resolve(id: string, _caller: unknown, version?: number) {
    if (id !== SAVED_ID || (version !== undefined && version !== 2)) return undefined;
    return { id: '22222222-2222-4222-8222-222222222222', name: 'saved', description: null, config: { total_patients: 40, seed: 3 } } as unknown as ConfigurationRow;
  },
} as unknown as ConfigurationsRepository;

const service = new ScenarioResolution(repository, 1_000);

/** The HttpError a request is refused with (fails when it is accepted). */
async function refusal(req: ScenarioRequest): Promise<HttpError> {
  const err = await service.resolve(req, CALLER).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(HttpError);
  return err as HttpError;
}

describe('ScenarioResolution', () => {
  it('a saved configuration: its scenario and the exact version generated; the count and seed overrides applied', async () => {
    const r = await service.resolve({ configurationId: SAVED_ID, count: { value: 12, field: 'count' }, seed: 'abc' }, CALLER);
    expect(r.configurationId).toBe('22222222-2222-4222-8222-222222222222');
    expect([r.scenario.total_patients, r.scenario.seed, r.scenario.name]).toEqual([12, 'abc', 'saved']);
    expect(r.input).toMatchObject({ total_patients: 12, seed: 'abc', name: 'saved' });
  });

  it('a preset, an inline scenario, or the default when none is named', async () => {
    expect((await service.resolve({ preset: 'training_exercise' }, CALLER)).scenario.total_patients).toBe(100);
    expect((await service.resolve({ inline: { scenario: { total_patients: 7 }, field: 'configuration' } }, CALLER)).scenario.total_patients).toBe(7);
    const fallback = await service.resolve({ count: { value: 3, field: 'count' } }, CALLER);
    expect([fallback.configurationId, fallback.input]).toEqual([null, { total_patients: 3 }]);
  });

  it('the count override replaces an inline alias instead of clashing with it', async () => {
    const r = await service.resolve({ inline: { scenario: { count: 5 }, field: '' }, count: { value: 9, field: 'count' } }, CALLER);
    expect(r.scenario.total_patients).toBe(9);
  });

  it('unknown configurations, versions and presets are 404s naming what was asked', async () => {
    expect((await refusal({ configurationId: '33333333-3333-4333-8333-333333333333' })).detail).toBe('configuration "33333333-3333-4333-8333-333333333333" not found');
    expect((await refusal({ configurationId: SAVED_ID, configurationVersion: 9 })).detail).toBe(`version 9 of configuration "${SAVED_ID}" not found`);
    expect((await refusal({ configurationId: 'not-a-uuid' })).statusCode).toBe(404);
    expect((await refusal({ preset: 'nope' })).detail).toBe('preset "nope" not found');
  });

  it('two sources, or a version without a configuration, are 422s naming the field', async () => {
    expect((await refusal({ configurationId: SAVED_ID, preset: 'training_exercise' })).detail).toEqual([expect.objectContaining({ path: 'preset' })]);
    expect((await refusal({ configurationVersion: 2 })).detail).toEqual([{ path: 'configuration_version', message: 'needs configuration_id' }]);
  });

  it("scenario problems point at the request's fields: inside the inline field, at the override, at the saved configuration", async () => {
    const inline = await refusal({ inline: { scenario: { total_patients: 5, bogus: 1 }, field: 'configuration' } });
    expect(inline.statusCode).toBe(422);
    expect(inline.detail).toEqual([expect.objectContaining({ path: 'configuration.bogus' })]);
    const body = await refusal({ inline: { scenario: { bogus: 1 }, field: '' } });
    expect(body.detail).toEqual([expect.objectContaining({ path: 'bogus' })]);
    const override = await refusal({ preset: 'training_exercise', count: { value: 0, field: 'total_patients' } });
    expect(override.detail).toEqual([expect.objectContaining({ path: 'total_patients' })]);
  });

  it('more patients than the server allows: a 422 at the field that asked for them', async () => {
    const viaCount = await refusal({ count: { value: 1_001, field: 'count' } });
    expect(viaCount.detail).toEqual([{ path: 'count', message: '1001 patients exceeds the per-request limit of 1000 (MAX_PATIENTS_PER_JOB)' }]);
    const inline = await refusal({ inline: { scenario: { total_patients: 5_000 }, field: 'configuration' } });
    expect(inline.detail).toEqual([expect.objectContaining({ path: 'configuration.total_patients' })]);
  });
});

describe('fieldProblems', () => {
  it('prefixes paths with the field the scenario sits in, and names the whole scenario by that field', () => {
    const issues = [{ path: 'fronts[0].name', message: 'a' }, { path: '[1]', message: 'b' }, { path: '', message: 'c' }];
    expect(fieldProblems(issues, 'config')).toEqual([
      { path: 'config.fronts[0].name', message: 'a' }, { path: 'config[1]', message: 'b' }, { path: 'config', message: 'c' },
    ]);
    expect(fieldProblems(issues).map((p) => p.path)).toEqual(['fronts[0].name', '[1]', '(body)']);
    expect(fieldProblems(issues, '', 'configuration_id').map((p) => p.path)).toEqual(['fronts[0].name', '[1]', 'configuration_id']);
  });
});
