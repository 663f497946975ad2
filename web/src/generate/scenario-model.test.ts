import { describe, expect, it } from 'vitest';
import { facilityRate, resetAdvanced, setFacilityRate, setTiming, timing } from './advanced-model.js';
import { anchorOf, getField, issueText, numberFromInput, scenarioOfConfiguration, setField, validateScenario } from './scenario-model.js';

describe('scenario model', () => {
  it('reads aliases and writes the canonical field, dropping the alias', () => {
    const s = { count: 30, duration_days: 2 };
    expect(getField(s, 'total_patients')).toBe(30);
    expect(setField(s, 'total_patients', 40)).toEqual({ total_patients: 40, duration_days: 2 });
    expect(setField({ seed: 4 }, 'seed', undefined)).toEqual({});
  });

  it('keeps unreadable number text so the validator can explain it', () => {
    expect(numberFromInput(' 12 ')).toBe(12);
    expect(numberFromInput('1e3')).toBe(1000);
    expect(numberFromInput('12a')).toBe('12a');
    expect(numberFromInput('')).toBeUndefined();
  });

  it('anchors every engine issue to the control that shows it', () => {
    const s = { facility_configs: [{ id: 'Role2', kia_rate: 0.9, rtd_rate: 0.9 }] };
    expect(anchorOf('count', s)).toBe('total_patients');
    expect(anchorOf('front_configs[1].nationality_distribution[2].percentage', s)).toBe('front_configs[1].nationality_distribution[2]');
    expect(anchorOf('front_configs[1].nationality_distribution', s)).toBe('front_configs[1].nationality_distribution');
    expect(anchorOf('front_configs[0].casualty_rate', s)).toBe('front_configs[0].casualty_rate');
    expect(anchorOf('front_configs[3]', s)).toBe('front_configs[3]');
    expect(anchorOf('facility_configs[0]', s)).toBe('facility:R2');
    expect(anchorOf('evacuation_times.Role1.T2', s)).toBe('evac:R1:T2');
    expect(anchorOf('transit_times.POI_to_Role1.T3.min_hours', s)).toBe('transit:POI-R1:T3');
    expect(anchorOf('transit_times.nowhere', s)).toBe('advanced');
    expect(anchorOf('colour', s)).toBe('general');
  });

  it('validates with the engine and the key limit, grouping messages by anchor', () => {
    const v = validateScenario({ total_patients: 80, front_configs: [{ id: 'a', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 90 }] }] }, { patientLimit: 50 });
    expect(v.ok).toBe(false);
    expect(v.at.get('total_patients')).toEqual(['your API key allows at most 50 patients per request']);
    // The engine may word the message with the front's name ("Front 1 (a): nationality percentages …").
    expect(v.at.get('front_configs[0].nationality_distribution')).toEqual([expect.stringMatching(/percentages sum to 90, must be 100 \(±0\.5\)$/)]);
    expect(validateScenario({ total_patients: 50 }, { patientLimit: 50 }).ok).toBe(true);
  });

  it('takes the scenario out of a saved configuration', () => {
    expect(scenarioOfConfiguration({ id: 'x', lineage_id: 'x', version: 2, is_latest: true, name: 'A', total_patients: 5, created_at: 'c', updated_at: 'u', parent_config_id: null }))
      .toEqual({ name: 'A', total_patients: 5 });
    expect(scenarioOfConfiguration({ id: 'x', config: { total_patients: 7 } })).toEqual({ total_patients: 7 });
  });
});

describe('advanced settings model', () => {
  it('shows defaults and writes overrides under the v1 keys', () => {
    expect(facilityRate({}, 'R1', 'kia_rate')).toEqual({ value: 0.08, overridden: false });
    const s1 = setFacilityRate({}, 'R1', 'kia_rate', 0.1);
    expect(s1.facility_configs).toEqual([{ id: 'R1', kia_rate: 0.1, rtd_rate: 0.25 }]);
    expect(facilityRate({ facility_configs: [{ id: 'ROLE_1', kia_rate: 0.2, rtd_rate: 0.3 }] }, 'R1', 'kia_rate')).toEqual({ value: 0.2, overridden: true });

    expect(timing({}, 'evac', 'R2', 'T1', 'max_hours')).toEqual({ value: 6, overridden: false });
    const s2 = setTiming({ evacuation_times: { R2: { T3: { min_hours: 8, max_hours: 9 } } } }, 'evac', 'R2', 'T1', 'max_hours', 7);
    expect(s2.evacuation_times).toEqual({ Role2: { T3: { min_hours: 8, max_hours: 9 }, T1: { min_hours: 2, max_hours: 7 } } });
    const s3 = setTiming({}, 'transit', 'POI-R1', 'T2', 'min_hours', 1.5);
    expect(s3.transit_times).toEqual({ POI_to_Role1: { T2: { min_hours: 1.5, max_hours: 3 } } });
    expect(validateScenario(s3).ok).toBe(true);
    expect(resetAdvanced({ ...s1, ...s2, ...s3, name: 'n' })).toEqual({ name: 'n' });
  });
});

describe('issue text', () => {
  it('names the control before a bare message and keeps a worded one as it is', () => {
    expect(issueText({ path: 'front_configs[1].nationality_distribution', message: 'percentages sum to 90, must be 100' }))
      .toBe('Front 2, nationalities: percentages sum to 90, must be 100');
    expect(issueText({ path: 'front_configs[1].nationality_distribution', message: 'Front 2 (Baltic): nationality percentages sum to 90' }))
      .toBe('Front 2 (Baltic): nationality percentages sum to 90');
  });
});
