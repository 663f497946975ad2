import { describe, expect, it } from 'vitest';
import { makePatient } from './fixtures.js';
import { facilityRank, normaliseRecord, utcHour } from './record.js';

function v1(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1,
    status: 'RTD',
    injury_type: 'BATTLE_TRAUMA',
    triage_category: 'T2',
    injury_time: '2025-06-02T07:30:00',
    day_of_injury: 'Day 2',
    nationality: 'deu',
    front: 'South',
    current_status: 'RTD',
    ...overrides,
  };
}

describe('utcHour', () => {
  it('reads the hour of Z and zone-less times directly', () => {
    expect(utcHour('2025-06-01T00:00:00Z')).toBe(0);
    expect(utcHour('2025-06-01T23:59:59Z')).toBe(23);
    expect(utcHour('2025-06-01T13:05:00.123Z')).toBe(13);
    expect(utcHour('2025-06-01 07:30')).toBe(7);
    expect(utcHour('2025-06-01T07:30:00')).toBe(7);
  });

  it('applies explicit offsets', () => {
    expect(utcHour('2025-06-01T01:30:00+02:00')).toBe(23);
    expect(utcHour('2025-06-01T22:00:00-0300')).toBe(1);
  });

  it('rejects what is not a valid date-time', () => {
    for (const bad of ['', 'yesterday', '2025-06-01', '2025-13-01T10:00:00Z', '2025-02-30T10:00:00Z', '2025-06-01T24:00:00Z',
      '2025-06-01T10:60:00Z', 12345, null]) {
      expect(utcHour(bad)).toBeUndefined();
    }
  });
});

describe('facilityRank', () => {
  it('knows our and v1 facility names', () => {
    expect(facilityRank('POI')).toBe(0);
    expect(facilityRank('R1')).toBe(1);
    expect(facilityRank('Role 2')).toBe(2);
    expect(facilityRank('role_3')).toBe(3);
    expect(facilityRank('ROLE4')).toBe(4);
    expect(facilityRank('R5')).toBeUndefined();
    expect(facilityRank(1)).toBeUndefined();
  });
});

describe('normaliseRecord', () => {
  it('reads a patient of our model', () => {
    const r = normaliseRecord(makePatient({ status: 'DOW', injury: 'NON_BATTLE', triage: 'T1', time: '2025-06-03T17:45:10Z', day: 3, nationality: 'USA', front: 'East' }));
    expect(r).toEqual({
      ok: true,
      record: { finalStatus: 'DOW', injuryType: 'NON_BATTLE', triage: 'T1', reachedR1: true, hour: 17, day: 'Day 3', nationality: 'USA', front: 'East' },
    });
  });

  it('reads v1-shaped records (status, injury_time, aliases)', () => {
    const r = normaliseRecord(v1());
    expect(r.ok && r.record).toMatchObject({ finalStatus: 'RTD', injuryType: 'BATTLE_TRAUMA', triage: 'T2', hour: 7, day: 'Day 2', nationality: 'DEU', front: 'South' });
    const aliases = normaliseRecord(v1({ status: 'Remains Role4', injury_type: 'Non-Battle Injury', triage_category: undefined, triage: 'immediate', day_of_injury: 4 }));
    expect(aliases.ok && aliases.record).toMatchObject({ finalStatus: 'Remains_Role4', injuryType: 'NON_BATTLE', triage: 'T1', day: 'Day 4', reachedR1: true });
    for (const status of ['Died_DNBI', 'died dnbi', 'DIED-DNBI']) {
      const died = normaliseRecord(v1({ status, injury_type: 'DISEASE' }));
      expect(died.ok && died.record.finalStatus).toBe('Died_DNBI');
    }
    const r4 = normaliseRecord(v1({ status: 'R4', injury_type: 'disease', triage_category: 3 }));
    expect(r4.ok && r4.record).toMatchObject({ finalStatus: 'Remains_Role4', injuryType: 'DISEASE', triage: 'T3' });
    const summary = normaliseRecord(v1({ status: undefined, timeline_summary: { final_status: 'KIA' } }));
    expect(summary.ok && summary.record.finalStatus).toBe('KIA');
  });

  it('fills unknown day, nationality and front', () => {
    const r = normaliseRecord(v1({ day_of_injury: undefined, nationality: undefined, front: { name: 'x' } }));
    expect(r.ok && r.record).toMatchObject({ day: '(unknown)', nationality: '(unknown)', front: '(unknown)' });
    const demo = normaliseRecord(v1({ nationality: undefined, demographics: { nationality: 'fra' }, day_of_injury: 'first day' }));
    expect(demo.ok && demo.record).toMatchObject({ nationality: 'FRA', day: 'first day' });
  });

  it('finds R1 from the timeline, the summary or the last facility', () => {
    const reached = (extra: Record<string, unknown>): boolean => {
      const r = normaliseRecord(v1(extra));
      return r.ok && r.record.reachedR1;
    };
    expect(reached({})).toBe(false);
    expect(reached({ movement_timeline: [{ event_type: 'arrival', facility: 'POI' }, { event_type: 'arrival', facility: 'Role 1' }] })).toBe(true);
    expect(reached({ movement_timeline: [null, { event_type: 'arrival', facility: 'POI' }, { event_type: 'transit_start', facility: 'R1' }] })).toBe(false);
    expect(reached({ movement_timeline: [{ event_type: 'arrival', facility: 'somewhere' }] })).toBe(false);
    expect(reached({ timeline_summary: { facilities_visited: ['POI', 'R2'] } })).toBe(true);
    expect(reached({ timeline_summary: { facilities_visited: ['POI'], last_facility: 'R3' } })).toBe(true);
    expect(reached({ last_facility: 'R1' })).toBe(true);
    expect(reached({ last_facility: 'POI' })).toBe(false);
    expect(reached({ status: 'KIA', last_facility: 'POI', movement_timeline: [{ event_type: 'arrival', facility: 'POI' }] })).toBe(false);
    expect(reached({ status: 'DOW' })).toBe(true);
  });

  it('names the reason a record cannot be counted', () => {
    const reason = (x: unknown): string | undefined => {
      const r = normaliseRecord(x);
      return r.ok ? undefined : r.reason;
    };
    expect(reason(null)).toBe('not_an_object');
    expect(reason([1])).toBe('not_an_object');
    expect(reason('{}')).toBe('not_an_object');
    expect(reason(v1({ status: undefined }))).toBe('missing_final_status');
    expect(reason(v1({ status: 'R2' }))).toBe('invalid_final_status');
    expect(reason(v1({ status: 'toString' }))).toBe('invalid_final_status');
    expect(reason(v1({ injury_type: null }))).toBe('missing_injury_type');
    expect(reason(v1({ injury_type: 'sunburn' }))).toBe('invalid_injury_type');
    expect(reason(v1({ triage_category: undefined }))).toBe('missing_triage_category');
    expect(reason(v1({ triage_category: 'T5' }))).toBe('invalid_triage_category');
    expect(reason(v1({ injury_time: undefined }))).toBe('missing_injury_timestamp');
    expect(reason(v1({ injury_time: 'noon' }))).toBe('invalid_injury_timestamp');
  });
});
