import { describe, expect, it } from 'vitest';
import { createRun, generateBatches } from '../run.js';
import { canonicalTimezone, normaliseMgrs } from './exercise.js';
import { parseScenario } from './parse.js';
import { scenarioToInput } from './serialize.js';

const front = (extra: Record<string, unknown> = {}) => ({
  id: 'east', name: 'East', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'EST', percentage: 100 }], ...extra,
});

function issues(input: Record<string, unknown>): { path: string; message: string }[] {
  const r = parseScenario(input);
  return r.ok ? [] : r.errors;
}

describe('timezone', () => {
  it('accepts IANA names in any case and keeps the canonical spelling', () => {
    const r = parseScenario({ timezone: 'europe/tallinn' });
    expect(r.ok && r.scenario.timezone).toBe('Europe/Tallinn');
    expect(canonicalTimezone('UTC')).toBe('UTC');
    expect(canonicalTimezone('asia/tokyo')).toBe('Asia/Tokyo');
  });

  it('refuses unknown zones and offsets, naming the field', () => {
    for (const bad of ['Mars/Olympus', '+02:00', '', 42]) {
      const e = issues({ timezone: bad });
      expect(e).toHaveLength(1);
      expect(e[0]?.path).toBe('timezone');
      expect(e[0]?.message).toMatch(/^Time zone must be an IANA time zone name/);
    }
  });
});

describe('front location and call sign', () => {
  it('normalises MGRS grids', () => {
    expect(normaliseMgrs('33uvp0450012345')).toBe('33U VP 04500 12345');
    expect(normaliseMgrs('4Q FJ 1 2')).toBe('4Q FJ 1 2');
    expect(normaliseMgrs('35V LF')).toBe('35V LF');
    for (const bad of ['61U VP 1234', '33I VP 12', '33U VW 12', '33U VP 123', '33U VP 123456789012', 'VP 1234', '0U VP 12']) {
      expect(normaliseMgrs(bad), bad).toBeUndefined();
    }
  });

  it('reads an MGRS string, {mgrs} or {latitude, longitude}, and a call sign', () => {
    const r = parseScenario({ front_configs: [front({ location: '35VLF 1234 5678', call_sign: 'DUSTOFF 23' }), { ...front({ location: { latitude: 59.437, longitude: -24.7536 } }), id: 'w' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.front_configs[0]).toMatchObject({ location: { mgrs: '35V LF 1234 5678' }, call_sign: 'DUSTOFF 23' });
    expect(r.scenario.front_configs[1]?.location).toEqual({ latitude: 59.437, longitude: -24.7536 });
    expect(parseScenario({ front_configs: [front({ location: { mgrs: '35VLF' } })] }).ok).toBe(true);
  });

  it('names the field and the rule for bad values', () => {
    const e = issues({
      front_configs: [
        front({ location: '35X ZZ 12', call_sign: 'DUST OFF!' }),
        { ...front({ location: { latitude: 91, longitude: 10 } }), id: 'b' },
        { ...front({ location: 12 }), id: 'c' },
      ],
    });
    const by = new Map(e.map((i) => [i.path, i.message]));
    expect(by.get('front_configs[0].location')).toMatch(/must be an MGRS grid/);
    expect(by.get('front_configs[0].call_sign')).toMatch(/call sign must be 1 to 24 characters: letters A–Z, digits, spaces and hyphens/);
    expect(by.get('front_configs[1].location.latitude')).toMatch(/from −90 to 90/);
    expect(by.get('front_configs[2].location')).toMatch(/or an object \{latitude, longitude\}/);
    expect(issues({ front_configs: [front({ call_sign: 'X'.repeat(25) })] })[0]?.path).toBe('front_configs[0].call_sign');
  });

  it('round-trips and changes neither the scenario hash without them nor any patient', () => {
    const plain = parseScenario({ total_patients: 30, seed: 3, front_configs: [front()] });
    const withPack = parseScenario({ total_patients: 30, seed: 3, timezone: 'Europe/Tallinn', front_configs: [front({ location: '35VLF12345678', call_sign: 'MEDIC-1' })] });
    if (!plain.ok || !withPack.ok) throw new Error('invalid');
    expect(Object.keys(scenarioToInput(plain.scenario))).not.toContain('timezone');
    expect(JSON.stringify(scenarioToInput(plain.scenario))).not.toMatch(/call_sign|location/);
    const again = parseScenario(scenarioToInput(withPack.scenario));
    expect(again.ok && again.scenario).toEqual(withPack.scenario);
    const patients = (s: typeof plain.scenario) => JSON.stringify([...generateBatches(createRun(s), 10, 0, 30)]);
    expect(patients(withPack.scenario)).toBe(patients(plain.scenario));
  });
});
