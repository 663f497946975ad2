import { describe, expect, it } from 'vitest';
import { facilityLabel, fieldLabel, injuryTypeLabel, isoDate, isoDateTime, outcomeLabel, plural, scenarioDateTime } from './format.js';

describe('dates and times', () => {
  it('shows ISO dates and 24-hour UTC times whatever the local zone', () => {
    expect(isoDate('2025-06-01T23:30:00-02:00')).toBe('2025-06-02');
    expect(isoDateTime('2025-06-01T13:05:59Z')).toBe('2025-06-01 13:05 UTC');
    expect(isoDateTime(Date.UTC(2025, 11, 31, 0, 0))).toBe('2025-12-31 00:00 UTC');
    expect(isoDateTime('not a date')).toBe('—');
    expect(isoDateTime(null)).toBe('—');
  });

  it('turns scenario hours into a date and time', () => {
    const origin = Date.UTC(2025, 5, 1);
    expect(scenarioDateTime(origin, 0)).toBe('2025-06-01 00:00 UTC');
    expect(scenarioDateTime(origin, 38.5)).toBe('2025-06-02 14:30 UTC');
  });
});

describe('plurals', () => {
  it('uses the singular for exactly one', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(2, 'file')).toBe('2 files');
    expect(plural(1250, 'patient')).toBe('1,250 patients');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('labels in the form\'s words', () => {
  it('names outcomes, injury types and roles', () => {
    expect(outcomeLabel('Remains_Role4')).toBe('Remains at Role 4');
    expect(outcomeLabel('Died_DNBI')).toBe('Died (disease/non-battle)');
    expect(outcomeLabel('KIA')).toBe('Killed in action');
    expect(outcomeLabel('Something_New')).toBe('Something New');
    expect(injuryTypeLabel('BATTLE_TRAUMA')).toBe('Battle injury');
    expect(injuryTypeLabel('NON_BATTLE')).toBe('Non-battle injury');
    expect(injuryTypeLabel('DISEASE')).toBe('Disease');
    expect(facilityLabel('R2')).toBe('Role 2');
    expect(facilityLabel('Role3')).toBe('Role 3');
    expect(facilityLabel('POI')).toBe('Point of injury');
  });

  it('turns scenario paths into the names of the form\'s controls', () => {
    expect(fieldLabel('front_configs[1].nationality_distribution')).toBe('Front 2, nationalities');
    expect(fieldLabel('front_configs[0].nationality_distribution[2].percentage')).toBe('Front 1, nation 3, percentage');
    expect(fieldLabel('front_configs[1]')).toBe('Front 2');
    expect(fieldLabel('total_patients')).toBe('Patients');
    expect(fieldLabel('injury_mix.BATTLE_TRAUMA')).toBe('Injury mix, Battle injury');
    expect(fieldLabel('evacuation_times.R2.T1.min_hours')).toBe('Advanced: stay at each role, Role 2, T1, min hours');
    expect(fieldLabel('')).toBe('Scenario');
  });
});
