import { describe, expect, it } from 'vitest';
import { CLINICAL_PROCEDURES } from '../patient/clinical-codes.js';
import type { Patient } from '../types.js';
import { ReportAccumulator } from './accumulator.js';
import { many, makePatient } from './fixtures.js';
import { epochMs, HOUR_EDGES, HoursHistogram } from './hours-histogram.js';
import { CasualtyStatsAccumulator, SURGICAL_CODES } from './statistics.js';
import type { CasualtyStatistics } from './statistics.js';

function stats(patients: Patient[]): CasualtyStatistics {
  const acc = new CasualtyStatsAccumulator();
  for (const p of patients) acc.add(p as unknown as Record<string, unknown>, p.injury_type, p.final_status);
  return acc.result();
}

/**
 * 100 battle casualties: 12 KIA; 6 DOW (Role 1 at 0.5 h, surgery at 5 h and 3 h, dead at 10 h);
 * 40 RTD at 30 h and 2 RTD at exactly 72 h (Role 1 at 2 h); 10 RTD at 100 h (Role 1 at 2 h);
 * 30 remain at Role 4 (Role 1 at 1 h, surgery at 24 h). DNBI: 50 disease RTD, 1 non-battle Died_DNBI.
 */
function worked(): Patient[] {
  return [
    ...many(12, { status: 'KIA', iss: 75, mechanism: 'gunshot', regions: ['head_neck'], causeOfDeath: 'non-survivable injury' }),
    ...many(6, { status: 'DOW', path: ['POI', 'R1', 'R2'], arrivalHours: [0.5, 4], outcomeHours: 10, surgeryHours: [5, 3], iss: 29, causeOfDeath: 'haemorrhage' }),
    ...many(40, { status: 'RTD', arrivalHours: [2], outcomeHours: 30, iss: 4, regions: ['extremities', 'face'] }),
    ...many(2, { status: 'RTD', arrivalHours: [2], outcomeHours: 72, iss: 9, assessments: ['T2', 'T3'] }),
    ...many(10, { status: 'RTD', arrivalHours: [2], outcomeHours: 100, iss: 16, assessments: ['T1', 'T1', 'T2'] }),
    ...many(30, { status: 'Remains_Role4', surgeryHours: [24], iss: 25, warfare: 'drone', mechanism: 'drone', regions: ['chest', 'abdomen', 'external'] }),
    ...many(50, { status: 'RTD', injury: 'DISEASE' }),
    makePatient({ status: 'Died_DNBI', injury: 'NON_BATTLE', causeOfDeath: 'heat stroke' }),
  ];
}

describe('combat-casualty statistics on hand-built patients', () => {
  const s = stats(worked());

  it('computes CFR, %KIA, %DOW and RTD72 exactly as Holcomb 2006 defines them', () => {
    expect(s.battle).toEqual({
      casualties: 100, kia: 12, dow: 6, rtd: 52, remains_role4: 30, wia: 88, rtd_72h: 42, rtd_time_unknown: 0,
      cfr: 18 / 100, pct_kia: 12 / 58, pct_dow: 6 / 46, kia_share: 0.12, dow_share: 0.06,
    });
    expect(s.dnbi).toEqual({ casualties: 51, deaths: 1, death_rate: 1 / 51 });
  });

  it('shares mechanisms over battle casualties and regions over their injuries', () => {
    expect(s.mechanisms.slice(0, 5)).toEqual([
      { key: 'explosive', count: 58, share: 0.58 }, { key: 'gunshot', count: 12, share: 0.12 }, { key: 'drone', count: 30, share: 0.3 },
      { key: 'burn', count: 0, share: 0 }, { key: 'crush', count: 0, share: 0 },
    ]);
    expect(s.mechanisms).toHaveLength(5);
    // 12 head + 6 extremity + 80 (extremity + face) + 12 extremity + 90 (chest, abdomen, external) = 200 injuries
    expect(s.battle_injuries).toBe(200);
    expect(Object.fromEntries(s.body_regions.map((r) => [r.key, r.count]))).toEqual({ head_neck: 12, face: 40, chest: 30, abdomen: 30, extremities: 58, external: 30 });
    expect(s.body_regions.find((r) => r.key === 'extremities')?.share).toBe(58 / 200);
    expect(s.warfare).toEqual([{ key: 'conventional', count: 70, share: 0.7 }, { key: 'drone', count: 30, share: 0.3 }]);
    expect(s.conventional_share).toBe(0.7);
    expect(s.land_share).toBe(1);
  });

  it('bins ISS and NISS', () => {
    expect(s.iss).toEqual([
      { key: '1–8', count: 40, share: 0.4 }, { key: '9–15', count: 2, share: 0.02 }, { key: '16–24', count: 10, share: 0.1 },
      { key: '25–74', count: 36, share: 0.36 }, { key: '75', count: 12, share: 0.12 },
    ]);
    expect(s.niss).toEqual(s.iss);
  });

  it('breaks deaths down by cause and status', () => {
    expect(s.causes_of_death).toEqual([
      { key: 'non-survivable injury', count: 12, KIA: 12, DOW: 0, Died_DNBI: 0 },
      { key: 'haemorrhage', count: 6, KIA: 0, DOW: 6, Died_DNBI: 0 },
      { key: 'heat stroke', count: 1, KIA: 0, DOW: 0, Died_DNBI: 1 },
    ]);
  });

  it('measures hours to Role 1 and to the first surgical procedure', () => {
    expect(s.time_to_role1).toMatchObject({ count: 88, median: 2, p90: 2, min: 0.5, max: 2, mean: (6 * 0.5 + 30 * 1 + 52 * 2) / 88 });
    expect(s.time_to_surgery).toMatchObject({ count: 36, min: 3, max: 24, median: 24, mean: (6 * 3 + 30 * 24) / 36 });
    expect(s.time_to_surgery.counts.reduce((a, b) => a + b, 0)).toBe(36);
  });

  it('counts patients whose triage category changed between assessments', () => {
    // Every patient is assessed; all but the 12 KIA more than once; 12 changed.
    expect(s.triage).toEqual({ assessed: 151, reassessed: 139, changed: 12, changed_share: 12 / 139 });
  });

  it('reaches the report and its bands', () => {
    const acc = new ReportAccumulator();
    for (const p of worked()) acc.add(p);
    const r = acc.result();
    expect(r.statistics).toEqual(s);
    expect(r.bands.find((b) => b.id === 'cfr')).toMatchObject({ value: 0.18, applicable: false });
  });
});

describe('CasualtyStatsAccumulator', () => {
  it('counts RTD without an RTD event apart, and only surgical procedures as surgery', () => {
    const p = makePatient({ status: 'RTD', arrivalHours: [2] });
    p.movement_timeline = p.movement_timeline.filter((e) => e.event_type !== 'rtd');
    (p.treatment_history[1]?.treatments ?? []).push(
      { ...CLINICAL_PROCEDURES.tourniquet, time: '2025-06-01T10:30:00Z', kind: 'procedure' },
      { ...CLINICAL_PROCEDURES.debridement, time: '2025-06-01T10:45:00Z', kind: 'medication' },
    );
    const s = stats([p]);
    expect(s.battle).toMatchObject({ rtd: 1, rtd_72h: 0, rtd_time_unknown: 1 });
    expect(s.time_to_surgery.count).toBe(0);
  });

  it('merges, and rebuilds losslessly from a result', () => {
    const patients = worked();
    const whole = stats(patients);
    for (const cut of [0, 40, 151]) {
      const a = new CasualtyStatsAccumulator();
      const b = new CasualtyStatsAccumulator();
      for (const p of patients.slice(0, cut)) a.add(p as unknown as Record<string, unknown>, p.injury_type, p.final_status);
      for (const p of patients.slice(cut)) b.add(p as unknown as Record<string, unknown>, p.injury_type, p.final_status);
      const sent = JSON.parse(JSON.stringify(b.result())) as CasualtyStatistics;
      a.merge(CasualtyStatsAccumulator.from(sent));
      expect(a.result()).toEqual(whole);
    }
  });

  it('caps causes of death, the rest under (other)', () => {
    const s = stats(Array.from({ length: 105 }, (_, i) => makePatient({ status: 'KIA', causeOfDeath: `cause ${i}` }, i)));
    expect(s.causes_of_death).toHaveLength(101);
    expect(s.causes_of_death[0]).toMatchObject({ key: '(other)', count: 5 });
  });
});

describe('HoursHistogram', () => {
  it('estimates quantiles within a bin width, in fixed memory', () => {
    const h = new HoursHistogram();
    for (let i = 0; i < 1000; i++) h.add(i / 100); // 0 … 9.99 h
    const r = h.result();
    expect(r.count).toBe(1000);
    expect(r.counts).toHaveLength(HOUR_EDGES.length);
    expect(r.median).toBeCloseTo(5, 1);
    expect(Math.abs((r.p90 as number) - 9)).toBeLessThan(0.25);
    expect(r.min).toBe(0);
    expect(r.max).toBe(9.99);
  });

  it('puts 168 h and more in the open last bin, ignores negative and non-finite values', () => {
    const h = new HoursHistogram();
    [200, 500, -1, Number.NaN].forEach((v) => h.add(v));
    const r = h.result();
    expect(r.count).toBe(2);
    expect(r.counts.at(-1)).toBe(2);
    expect(r.median).toBeGreaterThanOrEqual(200);
    expect(r.median).toBeLessThanOrEqual(500);
    expect(new HoursHistogram().result()).toMatchObject({ count: 0, median: null, p90: null, mean: null, min: null, max: null });
  });

  it('has edges every 6 min to 2 h, 15 min to 12 h, 1 h to 48 h and 6 h to 168 h', () => {
    expect(HOUR_EDGES.slice(0, 3)).toEqual([0, 0.1, 0.2]);
    expect(HOUR_EDGES).toContain(2.25);
    expect(HOUR_EDGES).toContain(13);
    expect(HOUR_EDGES.slice(-2)).toEqual([162, 168]);
    expect(HOUR_EDGES).toHaveLength(117);
  });
});

describe('surgical codes and times', () => {
  it('are the surgical procedures of the code module, none shared with a non-surgical key', () => {
    expect(SURGICAL_CODES.size).toBe(8);
    const others = Object.entries(CLINICAL_PROCEDURES).filter(([k]) => !['exploratory_laparotomy', 'thoracotomy', 'debridement', 'limb_amputation',
      'vascular_repair', 'fracture_fixation', 'craniotomy', 'surgery'].includes(k));
    for (const [, c] of others) expect(SURGICAL_CODES.has(c.code)).toBe(false);
  });

  it('reads engine timestamps and other ISO forms', () => {
    expect(epochMs('2025-06-01T10:15:00Z')).toBe(Date.UTC(2025, 5, 1, 10, 15));
    expect(epochMs('2025-06-01T12:15:00+02:00')).toBe(Date.UTC(2025, 5, 1, 10, 15));
    expect(epochMs('soon')).toBeUndefined();
    expect(epochMs(7)).toBeUndefined();
  });
});

describe('schemas', () => {
  it('accept the statistics and bands of a report', async () => {
    const { Value } = await import('@sinclair/typebox/value');
    const { BandCheckSchema, CasualtyStatisticsSchema } = await import('./schema.js');
    const acc = new ReportAccumulator();
    for (const p of worked()) acc.add(p);
    const r = acc.result();
    expect([...Value.Errors(CasualtyStatisticsSchema, r.statistics)]).toEqual([]);
    for (const b of r.bands) expect([...Value.Errors(BandCheckSchema, b)]).toEqual([]);
  });
});
