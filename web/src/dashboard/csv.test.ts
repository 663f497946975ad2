import { describe, expect, it } from 'vitest';
import type { DashboardData } from '../api/types.js';
import { csvField, dashboardCsv } from './csv.js';

const o = (KIA: number, DOW: number, RTD: number, Remains_Role4: number, Died_DNBI = 0) => ({ KIA, DOW, RTD, Remains_Role4, Died_DNBI });
const none = { arrivals: 0, kia: 0, dow: 0, rtd: 0, remains: 0, died_dnbi: 0 };
/** Asserted, so the fixture fits engines with and without the Died_DNBI fields. */
const data = {
  summary: { total_patients: 4, kia: 1, dow: 0, rtd: 2, remains_role4: 0, died_dnbi: 1, by_final_status: o(1, 0, 2, 0, 1) },
  patient_flow: { nodes: [], links: [{ source: 'POI', target: 'KIA', value: 1 }, { source: 'POI', target: 'RTD', value: 2 }] },
  facility_stats: {
    POI: { arrivals: 4, kia: 1, dow: 0, rtd: 2, remains: 0, died_dnbi: 1 }, R1: none, R2: none, R3: none, R4: none,
  },
  casualties_by_day: [{ day: 1, count: 3 }],
  casualties_by_hour: [{ hour: 7, count: 3 }],
  by_front: [{ key: 'North, "A"', count: 3, ...o(1, 0, 2, 0) }],
  by_nationality: [{ key: 'POL', count: 3, ...o(1, 0, 2, 0) }],
  by_injury_type: [], by_triage: [], outcome_by_triage: {}, outcome_by_injury_type: {},
} as unknown as DashboardData;

describe('dashboard CSV', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(12)).toBe('12');
  });

  it('writes every aggregate as a row', () => {
    expect(dashboardCsv(data).split('\r\n')).toEqual([
      'section,key,count,KIA,DOW,RTD,Remains_Role4,Died_DNBI',
      'summary,total,4,1,0,2,0,1',
      'casualties_by_day,Day 1,3,,,,,',
      'casualties_by_hour,07,3,,,,,',
      'by_front,"North, ""A""",3,1,0,2,0,0',
      'by_nationality,POL,3,1,0,2,0,0',
      'facility,POI,4,1,0,2,0,1',
      'facility,R1,0,0,0,0,0,0',
      'facility,R2,0,0,0,0,0,0',
      'facility,R3,0,0,0,0,0,0',
      'facility,R4,0,0,0,0,0,0',
      'flow,POI>KIA,1,,,,,',
      'flow,POI>RTD,2,,,,,',
      '',
    ]);
  });
});
