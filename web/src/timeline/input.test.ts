import { describe, expect, it } from 'vitest';
import { facilityIndex, readText, readValue } from './input.js';

const timeline = [
  { event_type: 'arrival', facility: 'POI', timestamp: '2025-06-01T06:00:00Z', hours_since_injury: 0 },
  { event_type: 'rtd', facility: 'POI', timestamp: '2025-06-01T07:30:00Z', hours_since_injury: 1.5 },
];
const patient = (id: number, extra: Record<string, unknown> = {}) => ({
  id, final_status: 'RTD', injury_timestamp: '2025-06-01T06:00:00Z', triage_category: 'T3', movement_timeline: timeline, ...extra,
});

describe('viewer input shapes', () => {
  it('reads a bare array, {metadata, patients}, an API results page and a single patient', () => {
    expect(readValue([patient(0), patient(1)])).toMatchObject({ shape: 'array', rejected: [] });
    expect(readValue([patient(0), patient(1)]).patients).toHaveLength(2);
    const wrapped = readValue({ metadata: { base_date: '2025-06-01' }, patients: [patient(0)] });
    expect(wrapped.shape).toBe('object');
    expect(wrapped.metadata).toEqual({ base_date: '2025-06-01' });
    expect(readValue({ job_id: 'j', total: 1, page: 1, per_page: 500, total_pages: 1, patients: [patient(0)] }).shape).toBe('results-page');
    expect(readValue(patient(3)).patients[0]?.id).toBe('3');
  });

  it('unwraps {patient:{…}} items and accepts status / injury_time', () => {
    const r = readValue([{ patient: { id: 7, status: 'kia', injury_time: '2025-06-01T06:00:00Z', movement_timeline: timeline } }]);
    expect(r.rejected).toEqual([]);
    expect(r.patients[0]).toMatchObject({ id: '7', status: 'KIA', injuryMs: Date.parse('2025-06-01T06:00:00Z') });
  });

  it('reads NDJSON, reporting bad lines by line number and keeping the good ones', () => {
    const text = [JSON.stringify(patient(0)), '{not json', '', JSON.stringify({ id: 9 }), JSON.stringify(patient(1))].join('\n');
    const r = readText(text);
    expect(r.shape).toBe('ndjson');
    expect(r.patients.map((p) => p.id)).toEqual(['0', '1']);
    expect(r.patients.map((p) => p.index)).toEqual([0, 4]);
    expect(r.rejected).toEqual([
      { index: 1, label: 'line 2', reason: 'is not valid JSON' },
      { index: 3, label: 'line 4 (patient 9)', reason: 'has no injury_timestamp or injury_time' },
    ]);
  });

  it('computes event hours from timestamps when hours_since_injury is absent, and sorts events', () => {
    const r = readValue([patient(0, { movement_timeline: [
      { event_type: 'rtd', facility: 'Role 1', timestamp: '2025-06-01T09:00:00Z' },
      { event_type: 'arrival', facility: 'POINT_OF_INJURY', timestamp: '2025-06-01T06:00:00Z' },
      { event_type: 'arrival', facility: 'ROLE_1', timestamp: '2025-06-01T08:00:00Z' },
    ] })]);
    expect(r.patients[0]?.events.map((e) => [e.kind, e.facility, e.h])).toEqual([['arrival', 0, 0], ['arrival', 1, 2], ['rtd', 1, 3]]);
  });

  it('explains every rejected patient and counts ignored event types', () => {
    const r = readValue([
      patient(0),
      42,
      patient(2, { injury_timestamp: 'yesterday' }),
      patient(3, { movement_timeline: 'none' }),
      patient(4, { final_status: 'ALIVE' }),
      patient(5, { movement_timeline: [{ event_type: 'arrival', facility: 'R9', hours_since_injury: 0 }] }),
      patient(6, { movement_timeline: [...timeline, { event_type: 'treatment', facility: 'POI', hours_since_injury: 0.5 }] }),
      patient(7, { movement_timeline: [{ event_type: 'arrival', facility: 'POI' }] }),
    ]);
    expect(r.patients.map((p) => p.id)).toEqual(['0', '6']);
    expect(r.rejected.map((x) => [x.index, x.label, x.reason])).toEqual([
      [1, 'item 2', 'is not a patient object'],
      [2, 'patient 2', 'has an unreadable injury time "yesterday"'],
      [3, 'patient 3', 'has no movement_timeline array'],
      [4, 'patient 4', 'has an unknown final status "ALIVE"'],
      [5, 'patient 5', 'movement_timeline[0] (arrival) has no known facility (got "R9")'],
      [7, 'patient 7', 'movement_timeline[0] (arrival) has neither hours_since_injury nor a valid timestamp'],
    ]);
    expect(r.ignoredEvents).toEqual({ treatment: 1 });
    expect(r.error).toBeUndefined();
  });

  it('says what is wrong with unusable input', () => {
    expect(readText('').error).toBe('the file is empty');
    expect(readText('{"a":').error).toMatch(/^not valid JSON/);
    expect(readText('hello\nworld').error).toBe('the file is neither JSON nor NDJSON (no line parses as JSON)');
    expect(readText('{"results": []}').error).toMatch(/no "patients" array \(its keys: results\)/);
    expect(readText('[]').error).toBe('the input holds no patients');
    expect(readText('[1,2]').error).toBe('none of the 2 patients can be shown (first problem: item 1 is not a patient object)');
    expect(readText('"text"').error).toBe('expected patients, got a JSON string');
  });

  it('names facilities in every accepted spelling', () => {
    expect(['POI', 'poi', 'R1', 'Role2', 'ROLE_3', 'Role 4', 'point of injury', 'R5', 'x', 7].map(facilityIndex)).toEqual([0, 0, 1, 2, 3, 4, 0, -1, -1, -1]);
  });
});
