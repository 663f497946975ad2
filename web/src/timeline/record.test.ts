import { describe, expect, it } from 'vitest';
import { recordView } from './record.js';

/** Today's engine record (observations without times) … */
const current = {
  id: 41, uuid: 'u-41', demographics: { given_name: 'Anna', family_name: 'Nowak', gender: 'female', age: 27, rank: 'Sgt', unit: '12th Mech', blood_type: 'A+', nationality: 'POL' },
  nationality: 'POL', front: 'Suwałki Gap', injury_type: 'BATTLE_TRAUMA', triage_category: 'T1', final_status: 'RTD', last_facility: 'R2',
  primary_condition: { code: '125689001', display: 'Shrapnel injury', severity: 'Severe', severity_code: '24484000' },
  primary_conditions: [], additional_conditions: [{ code: '1', display: 'Dehydration', severity: 'Mild' }],
  injury_timestamp: '2025-06-01T06:30:00Z', day_of_injury: 'Day 1',
  treatment_history: [
    { facility: 'POI', date: '2025-06-01T06:30:00Z', treatments: [{ code: 't1', display: 'Tourniquet' }], observations: [{ code: '8867-4', display: 'Heart rate', value: 120, unit: '/min' }] },
    { facility: 'R1', date: '2025-06-01T08:00:00Z', treatments: [], observations: [{ code: '8867-4', display: 'Heart rate', value: 100, unit: '/min' }, { display: 'SpO2', value: 97, unit: '%' }, { display: 'Temperature', value: 37.2, unit: 'Cel' }, { display: 'GCS', value: 15, unit: '{score}' }] },
  ],
  movement_timeline: [
    { event_type: 'arrival', facility: 'POI', timestamp: '2025-06-01T06:30:00Z', hours_since_injury: 0, triage_category: 'T1' },
    { event_type: 'transit_start', facility: 'POI', from_facility: 'POI', to_facility: 'R1', timestamp: '2025-06-01T07:00:00Z', hours_since_injury: 0.5, transit_duration_hours: 1 },
    { event_type: 'rtd', facility: 'R2', timestamp: '2025-06-02T13:15:00Z', hours_since_injury: 30.75 },
  ],
};

describe('patient record', () => {
  it('reads today\'s record: identity, conditions, vitals per role, treatments by role, the timeline in UTC', () => {
    const v = recordView(current);
    expect(v.title).toBe('Sgt Anna Nowak');
    expect(v.status).toBe('Returned to duty');
    expect(v.identity).toContainEqual({ label: 'Nationality', value: 'POL' });
    expect(v.injury).toContainEqual({ label: 'Injury type', value: 'Battle injury' });
    expect(v.injury).toContainEqual({ label: 'Injured', value: '2025-06-01 06:30 UTC' });
    expect(v.conditions.map((c) => c.display)).toEqual(['Shrapnel injury']);
    expect(v.additional.map((c) => c.display)).toEqual(['Dehydration']);
    expect(v.vitals.measures).toEqual(['Heart rate', 'SpO₂', 'Temperature', 'GCS']);
    expect(v.vitals.rows[1]?.values).toEqual({ 'Heart rate': '100 /min', 'SpO₂': '97 %', Temperature: '37.2 °C', GCS: '15' });
    expect(v.vitals.rows.map((r) => [r.time, r.facility, r.values['Heart rate']])).toEqual([
      ['2025-06-01 06:30 UTC', 'Point of injury', '120 /min'], ['2025-06-01 08:00 UTC', 'Role 1', '100 /min'],
    ]);
    expect(v.treatments.map((t) => [t.facility, t.items.map((i) => i.display)])).toEqual([['Point of injury', ['Tourniquet']], ['Role 1', []]]);
    expect(v.timeline.map((r) => [r.time, r.hours, r.event, r.facility, r.detail])).toEqual([
      ['2025-06-01 06:30 UTC', '+0 h', 'Arrived', 'Point of injury', 'triage T1'],
      ['2025-06-01 07:00 UTC', '+0.5 h', 'Transit started', 'Point of injury', 'to Role 1, 1 h'],
      ['2025-06-02 13:15 UTC', '+30.75 h', 'Returned to duty', 'Role 2', ''],
    ]);
  });

  it('shows the newer fields when present: mechanism, AIS injuries, ISS, timed vitals, assessments, Died_DNBI', () => {
    const v = recordView({ patient: {
      ...current, final_status: 'Died_DNBI', injury_type: 'NON_BATTLE', mechanism: 'vehicle', iss: 25, niss: 34, final_triage: 'T2', cause_of_death: 'Sepsis',
      injuries: [{ region: 'head_neck', body_site: { code: '69536005', display: 'Head structure' }, ais: 4, condition: { display: 'Skull fracture' }, haemorrhage: 'non_compressible' }],
      triage_assessments: [{ facility: 'POI', time: '2025-06-01T06:31:00Z', heart_rate: 130, systolic_bp: 85, respiratory_rate: 31, gcs: 12, rts: null, category: 'T1' }],
      treatment_history: [{ facility: 'POI', date: '2025-06-01T06:30:00Z', treatments: [{ code: 't1', display: 'Tourniquet', time: '2025-06-01T06:35:00Z' }],
        observations: [{ display: 'Heart rate', value: 128, unit: '/min', time: '2025-06-01T06:40:00Z' },
          { display: 'Systolic blood pressure', value: 88, unit: 'mm[Hg]', time: '2025-06-01T06:40:00Z' },
          { display: 'Glasgow coma score total', value: 13, unit: '{score}', time: '2025-06-01T06:40:00Z' }] }],
    } });
    expect(v.status).toBe('Died (disease/non-battle)');
    expect(v.injury).toContainEqual({ label: 'Mechanism', value: 'vehicle' });
    expect(v.injury).toContainEqual({ label: 'ISS', value: '25' });
    expect(v.injury).toContainEqual({ label: 'Triage', value: 'T1 at first, T2 last (1 assessment)' });
    expect(v.injury).toContainEqual({ label: 'Cause of death', value: 'Sepsis' });
    expect(v.injuries).toEqual([{ region: 'head neck', site: 'Head structure', ais: '4', condition: 'Skull fracture', haemorrhage: 'non compressible' }]);
    expect(v.vitals.rows.map((r) => r.time)).toEqual(['2025-06-01 06:31 UTC', '2025-06-01 06:40 UTC']);
    expect(v.vitals.rows[0]?.values).toEqual({ 'Heart rate': '130 /min', 'Systolic BP': '85 mmHg', 'Respiratory rate': '31 /min', GCS: '12' });
    // A LOINC display and an assessment field of the same measure share one column.
    expect(v.vitals.measures).toEqual(['Heart rate', 'Systolic BP', 'Respiratory rate', 'GCS']);
    expect(v.treatments[0]?.items).toEqual([{ time: '2025-06-01 06:35 UTC', display: 'Tourniquet', code: 't1' }]);
  });

  it('copes with a bare viewer record', () => {
    const v = recordView({ id: 3, final_status: 'KIA', injury_timestamp: '2025-06-01T00:00:00Z', movement_timeline: [] });
    expect(v.title).toBe('Patient 3');
    expect(v.vitals.rows).toEqual([]);
    expect(v.treatments).toEqual([]);
  });
});
