import { describe, expect, it } from 'vitest';
import type { Scenario } from '../types.js';
import { expectedShares, MAX_KEYS, OTHER, ReportAccumulator } from './accumulator.js';
import { makePatient, many } from './fixtures.js';
import type { Patient } from '../types.js';
import type { ScenarioLike } from './types.js';

const SCENARIO: ScenarioLike = {
  total_patients: 40,
  front_configs: [
    { name: 'North', casualty_rate: 3, nationality_distribution: [{ nationality_code: 'POL', percentage: 50 }, { nationality_code: 'DEU', percentage: 50 }] },
    { name: 'South', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'USA', percentage: 100 }] },
  ],
};

/**
 * 40 patients. Battle trauma (North, POL): 3 KIA, 1 DOW, 2 Remains_Role4 (all T1), 12 RTD via R1
 * and 2 RTD at POI (T2). Non-battle (North, DEU): 10 RTD, T3. Disease (South, USA): 9 RTD T3, 1 Died_DNBI T2.
 */
function workedExample(): Patient[] {
  return [
    ...many(3, { status: 'KIA', triage: 'T1', time: '2025-06-01T06:10:00Z', day: 1 }),
    ...many(1, { status: 'DOW', triage: 'T1', time: '2025-06-01T06:20:00Z', day: 1 }),
    ...many(2, { status: 'Remains_Role4', triage: 'T1', time: '2025-06-02T18:00:00Z', day: 2 }),
    ...many(12, { status: 'RTD', triage: 'T2', time: '2025-06-02T18:30:00Z', day: 2 }),
    ...many(2, { status: 'RTD', triage: 'T2', path: ['POI'], time: '2025-06-10T23:59:59Z', day: 10 }),
    ...many(10, { status: 'RTD', injury: 'NON_BATTLE', triage: 'T3', nationality: 'DEU', time: '2025-06-01T00:00:00Z', day: 1 }),
    ...many(9, { status: 'RTD', injury: 'DISEASE', triage: 'T3', nationality: 'USA', front: 'South', time: '2025-06-01T12:00:00Z', day: 1 }),
    ...many(1, { status: 'Died_DNBI', injury: 'DISEASE', triage: 'T2', nationality: 'USA', front: 'South', time: '2025-06-01T12:00:00Z', day: 1 }),
  ];
}

function report(patients: Patient[], scenario?: ScenarioLike): ReturnType<ReportAccumulator['result']> {
  const acc = new ReportAccumulator(scenario);
  for (const p of patients) acc.add(p);
  return acc.result();
}

describe('ReportAccumulator on the worked example', () => {
  const r = report(workedExample(), SCENARIO);

  it('counts final statuses and totals', () => {
    expect(r.total).toBe(40);
    expect(r.expectedTotal).toBe(40);
    expect(r.rejected).toEqual({ count: 0, reasons: {} });
    expect(r.byFinalStatus).toEqual({ KIA: 3, DOW: 1, RTD: 33, Remains_Role4: 2, Died_DNBI: 1 });
  });

  it('breaks outcomes down by injury type with exact rates', () => {
    expect(r.byInjuryType.BATTLE_TRAUMA).toEqual({
      total: 20, KIA: 3, DOW: 1, RTD: 14, Remains_Role4: 2, Died_DNBI: 0, reachedR1: 15, kiaRate: 3 / 20, dowRateOfReachingR1: 1 / 15, rtdRate: 14 / 20,
    });
    expect(r.byInjuryType.NON_BATTLE).toMatchObject({ total: 10, RTD: 10, reachedR1: 10, kiaRate: 0, rtdRate: 1 });
    expect(r.byInjuryType.DISEASE).toMatchObject({ total: 10, DOW: 0, Died_DNBI: 1, RTD: 9, reachedR1: 10, dowRateOfReachingR1: 0, rtdRate: 0.9 });
  });

  it('breaks outcomes down by triage', () => {
    expect(r.byTriage.T1).toMatchObject({ total: 6, KIA: 3, DOW: 1, Remains_Role4: 2, reachedR1: 3, kiaRate: 0.5, dowRateOfReachingR1: 1 / 3, rtdRate: 0 });
    expect(r.byTriage.T2).toMatchObject({ total: 15, Died_DNBI: 1, RTD: 14, reachedR1: 13 });
    expect(r.byTriage.T3).toMatchObject({ total: 19, RTD: 19 });
    expect(r.byTriage.T4).toEqual({ total: 0, KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0, Died_DNBI: 0, reachedR1: 0, kiaRate: 0, dowRateOfReachingR1: 0, rtdRate: 0 });
  });

  it('counts per day in day order and per UTC hour', () => {
    expect(r.perDay).toEqual({ 'Day 1': 24, 'Day 2': 14, 'Day 10': 2 });
    expect(Object.keys(r.perDay)).toEqual(['Day 1', 'Day 2', 'Day 10']);
    const hours = new Array<number>(24).fill(0);
    hours[0] = 10; hours[6] = 4; hours[12] = 10; hours[18] = 14; hours[23] = 2;
    expect(r.perHourOfDay).toEqual(hours);
  });

  it('compares nationality and front shares with the scenario', () => {
    expect(r.nationalityShares).toEqual([
      { code: 'POL', count: 20, share: 0.5, expected: 0.375 },
      { code: 'DEU', count: 10, share: 0.25, expected: 0.375 },
      { code: 'USA', count: 10, share: 0.25, expected: 0.25 },
    ]);
    expect(r.frontShares).toEqual([
      { front: 'North', count: 30, share: 0.75, expected: 0.75 },
      { front: 'South', count: 10, share: 0.25, expected: 0.25 },
    ]);
  });

  it('computes the bands but applies none below 200 casualties, so the report is ok', () => {
    // 20 BT: KIA 3, DOW 1, WIA 17, RTD72 14 → CFR 4/20, %KIA 3/6, %DOW 1/3.
    expect(r.bands.slice(0, 4).map((b) => [b.id, b.value, b.applicable, b.inside, b.pass])).toEqual([
      ['cfr', 4 / 20, false, false, true],
      ['pct_kia', 3 / 6, false, false, true],
      ['pct_dow', 1 / 3, false, false, true],
      ['dnbi_deaths', 0.05, false, false, true],
    ]);
    expect(r.bands[0]?.note).toBe('fewer than 200 battle casualties (20)');
    expect(r.bands[3]?.note).toBe('fewer than 200 DNBI casualties (20)');
    expect(r.ok).toBe(true);
  });
});

describe('ReportAccumulator', () => {
  it('has no expected shares without a scenario, and lists asked-for nations even when absent', () => {
    const none = report([makePatient()]);
    expect(none.nationalityShares).toEqual([{ code: 'POL', count: 1, share: 1 }]);
    expect(none.expectedTotal).toBeUndefined();
    const r = report([makePatient({ nationality: 'FRA', front: 'West' })], SCENARIO);
    expect(r.nationalityShares).toEqual([
      { code: 'FRA', count: 1, share: 1, expected: 0 },
      { code: 'DEU', count: 0, share: 0, expected: 0.375 },
      { code: 'POL', count: 0, share: 0, expected: 0.375 },
      { code: 'USA', count: 0, share: 0, expected: 0.25 },
    ]);
    expect(r.frontShares.map((f) => f.front)).toEqual(['West', 'North', 'South']);
  });

  it('counts v1-shaped records and rejects unusable ones with reasons', () => {
    const acc = new ReportAccumulator();
    acc.add({ status: 'KIA', injury_type: 'BATTLE_TRAUMA', triage_category: 'T1', injury_time: '2025-06-01T05:00:00', day_of_injury: 'Day 1', nationality: 'GBR', front: 'A' });
    acc.add({ status: 'RTD', injury_type: 'DISEASE', triage_category: 'T3', injury_time: '2025-06-01T05:30:00', day_of_injury: 'Day 1', last_facility: 'R1' });
    acc.add({ injury_type: 'DISEASE' });
    acc.add({ status: 'KIA', injury_type: 'DISEASE', triage_category: 'T3' });
    acc.add({ status: 'KIA', injury_type: 'DISEASE', triage_category: 'T3', injury_time: 'soon' });
    acc.add(null as unknown as Record<string, unknown>);
    const r = acc.result();
    expect(r.total).toBe(2);
    expect(r.rejected).toEqual({ count: 4, reasons: { invalid_injury_timestamp: 1, missing_final_status: 1, missing_injury_timestamp: 1, not_an_object: 1 } });
    expect(Object.keys(r.rejected.reasons)).toEqual(['invalid_injury_timestamp', 'missing_final_status', 'missing_injury_timestamp', 'not_an_object']);
    expect(r.byFinalStatus).toEqual({ KIA: 1, DOW: 0, RTD: 1, Remains_Role4: 0, Died_DNBI: 0 });
    // v1 records carry no wound data: counted as unknown, never rejected.
    expect(r.statistics.battle).toMatchObject({ casualties: 1, kia: 1, wia: 0 });
    expect(r.statistics.mechanisms.find((m) => m.key === '(unknown)')?.count).toBe(1);
    expect(r.statistics.iss.find((m) => m.key === '(unknown)')?.count).toBe(1);
    expect(r.statistics.causes_of_death).toEqual([{ key: '(unknown)', count: 1, KIA: 1, DOW: 0, Died_DNBI: 0 }]);
    expect(r.byInjuryType.DISEASE.reachedR1).toBe(1);
    expect(r.perHourOfDay[5]).toBe(2);
    expect(r.frontShares).toEqual([{ front: '(unknown)', count: 1, share: 0.5 }, { front: 'A', count: 1, share: 0.5 }]);
  });

  it('reports an empty run as not ok with no applicable band', () => {
    const r = new ReportAccumulator().result();
    expect(r.total).toBe(0);
    expect(r.bands.every((b) => !b.applicable && b.pass)).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.perHourOfDay).toHaveLength(24);
  });

  it('keeps counting after result() and does not share state with earlier results', () => {
    const acc = new ReportAccumulator();
    acc.add(makePatient());
    const first = acc.result();
    acc.add(makePatient({ status: 'KIA' }));
    expect(first.total).toBe(1);
    expect(first.byFinalStatus.KIA).toBe(0);
    expect(acc.result().total).toBe(2);
  });

  it('caps distinct keys, counting the excess under "(other)"', () => {
    const acc = new ReportAccumulator();
    for (let i = 0; i < MAX_KEYS + 5; i++) acc.add(makePatient({ front: `F${i}` }));
    acc.add(makePatient({ front: 'F0' }));
    const r = acc.result();
    expect(r.frontShares).toHaveLength(MAX_KEYS + 1);
    expect(r.frontShares.find((f) => f.front === OTHER)?.count).toBe(5);
    expect(r.frontShares.slice(0, 2).map((f) => [f.front, f.count])).toEqual([[OTHER, 5], ['F0', 2]]);
  });

  it('orders non-numbered day labels after the numbered days', () => {
    const acc = new ReportAccumulator();
    for (const day_of_injury of ['Day 3', 'b', 'a', 'Day 1', undefined]) {
      acc.add({ ...makePatient(), day_of_injury } as unknown as Record<string, unknown>);
    }
    expect(Object.keys(acc.result().perDay)).toEqual(['Day 1', 'Day 3', '(unknown)', 'a', 'b']);
  });
});

describe('expectedShares', () => {
  it('normalises casualty rates and merges duplicate fronts and nations', () => {
    const e = expectedShares({
      front_configs: [
        { name: 'A', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'pol', percentage: 100 }] },
        { name: 'A', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 40 }, { nationality_code: 'LTU', percentage: 60 }] },
        { name: 'B', casualty_rate: Number.NaN, nationality_distribution: [] },
      ],
    });
    expect(e?.fronts).toEqual(new Map([['A', 1], ['B', 0]]));
    expect(e?.nations.get('POL')).toBeCloseTo(0.7, 12);
    expect(e?.nations.get('LTU')).toBeCloseTo(0.3, 12);
  });

  it('gives nothing without positive rates', () => {
    expect(expectedShares(undefined)).toBeUndefined();
    expect(expectedShares({ total_patients: 5 })).toBeUndefined();
    expect(expectedShares({ front_configs: [{ name: 'A', casualty_rate: 0, nationality_distribution: [] }] })).toBeUndefined();
  });

  it('accepts a full Scenario', () => {
    const s = { total_patients: 3, front_configs: [{ id: 'f', name: 'A', casualty_rate: 2, nationality_distribution: [{ nationality_code: 'EST', percentage: 100 }] }] };
    const scenario: ScenarioLike = s as unknown as Scenario;
    expect(expectedShares(scenario)?.nations.get('EST')).toBe(1);
  });
});
