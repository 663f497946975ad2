import { describe, expect, it } from 'vitest';
import { isFakerLocaleLoaded } from './patient/nations/index.js';
import { loadRunModules } from './run.js';
import { parseScenario } from './scenario/index.js';

function scenario(nations: string[]) {
  const parsed = parseScenario({
    total_patients: 50,
    seed: 7,
    front_configs: [{
      id: 'f', name: 'F', casualty_rate: 1,
      nationality_distribution: nations.map((n) => ({ nationality_code: n, percentage: 100 / nations.length })),
    }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

describe('loadRunModules', () => {
  it('loads the faker locales of the scenario’s nations (Belgium: both communities), and no others', async () => {
    // This file's module graph is its own: nothing has loaded a locale before.
    expect(isFakerLocaleLoaded('pl')).toBe(false);
    await loadRunModules(scenario(['POL', 'BEL']));
    expect(['pl', 'nl_BE', 'fr'].map(isFakerLocaleLoaded)).toEqual([true, true, true]);
    expect(['de', 'tr', 'en_US'].map(isFakerLocaleLoaded)).toEqual([false, false, false]);
  });
});
