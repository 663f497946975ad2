import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/index.js';
import { createRun, generateRange } from '../run.js';
import type { Patient } from '../types.js';
import { MAX_KEYS, OTHER } from './accumulator.js';
import { DashboardAccumulator } from './dashboard.js';
import type { DashboardData } from './dashboard.js';
import { makePatient, many } from './fixtures.js';

/**
 * 10 patients, checked by hand:
 *  - 2 KIA at POI (BT, T1, North, POL, day 1 06:xx)
 *  - 1 DOW at R2 (BT, T1, North, POL, day 1 06:xx), path POI R1 R2
 *  - 4 RTD at R1 (NBI, T3, North, DEU, day 2 18:xx), path POI R1
 *  - 1 RTD at POI (DIS, T3, South, USA, day 3 00:xx)
 *  - 2 Remains_Role4 (BT, T2, South, USA, day 3 23:xx), path POI … R4
 */
function example(): Patient[] {
  return [
    ...many(2, { status: 'KIA', triage: 'T1', time: '2025-06-01T06:05:00Z', day: 1 }),
    makePatient({ status: 'DOW', triage: 'T1', path: ['POI', 'R1', 'R2'], time: '2025-06-01T06:59:59Z', day: 1 }),
    ...many(4, { status: 'RTD', injury: 'NON_BATTLE', triage: 'T3', nationality: 'DEU', time: '2025-06-02T18:00:00Z', day: 2 }),
    makePatient({ status: 'RTD', injury: 'DISEASE', triage: 'T3', path: ['POI'], nationality: 'USA', front: 'South', time: '2025-06-03T00:30:00Z', day: 3 }),
    ...many(2, { status: 'Remains_Role4', triage: 'T2', nationality: 'USA', front: 'South', time: '2025-06-03T23:00:00Z', day: 3 }),
  ];
}

function dashboard(patients: Patient[]): DashboardData {
  const acc = new DashboardAccumulator();
  for (const p of patients) acc.add(p);
  return acc.result();
}

describe('DashboardAccumulator on a hand-checked example', () => {
  const d = dashboard(example());

  it('sums final statuses', () => {
    expect(d.summary).toEqual({
      total_patients: 10, kia: 2, dow: 1, rtd: 5, remains_role4: 2, died_dnbi: 0,
      by_final_status: { KIA: 2, DOW: 1, RTD: 5, Remains_Role4: 2, Died_DNBI: 0 },
    });
  });

  it('builds the Sankey from the facilities visited and the outcome at the last one', () => {
    expect(d.patient_flow.nodes.map((n) => n.id)).toEqual(['POI', 'R1', 'R2', 'R3', 'R4', 'KIA', 'DOW', 'RTD', 'Remains_Role4', 'Died_DNBI']);
    expect(d.patient_flow.nodes[1]).toEqual({ id: 'R1', name: 'Role 1' });
    expect(d.patient_flow.links).toEqual([
      { source: 'POI', target: 'R1', value: 7 },
      { source: 'POI', target: 'KIA', value: 2 },
      { source: 'POI', target: 'RTD', value: 1 },
      { source: 'R1', target: 'R2', value: 3 },
      { source: 'R1', target: 'RTD', value: 4 },
      { source: 'R2', target: 'R3', value: 2 },
      { source: 'R2', target: 'DOW', value: 1 },
      { source: 'R3', target: 'R4', value: 2 },
      { source: 'R4', target: 'Remains_Role4', value: 2 },
    ]);
    // Flow is conserved: what enters a facility leaves it.
    for (const f of ['R1', 'R2', 'R3', 'R4']) {
      const inflow = d.patient_flow.links.filter((l) => l.target === f).reduce((s, l) => s + l.value, 0);
      const outflow = d.patient_flow.links.filter((l) => l.source === f).reduce((s, l) => s + l.value, 0);
      expect(outflow).toBe(inflow);
    }
  });

  it('counts arrivals and outcomes per facility', () => {
    expect(d.facility_stats).toEqual({
      POI: { arrivals: 10, kia: 2, dow: 0, rtd: 1, remains: 0, died_dnbi: 0 },
      R1: { arrivals: 7, kia: 0, dow: 0, rtd: 4, remains: 0, died_dnbi: 0 },
      R2: { arrivals: 3, kia: 0, dow: 1, rtd: 0, remains: 0, died_dnbi: 0 },
      R3: { arrivals: 2, kia: 0, dow: 0, rtd: 0, remains: 0, died_dnbi: 0 },
      R4: { arrivals: 2, kia: 0, dow: 0, rtd: 0, remains: 2, died_dnbi: 0 },
    });
  });

  it('counts per day and per UTC hour', () => {
    expect(d.casualties_by_day).toEqual([{ day: 1, count: 3 }, { day: 2, count: 4 }, { day: 3, count: 3 }]);
    expect(d.casualties_by_hour).toHaveLength(24);
    const nonZero = d.casualties_by_hour.filter((h) => h.count > 0);
    expect(nonZero).toEqual([{ hour: 0, count: 1 }, { hour: 6, count: 3 }, { hour: 18, count: 4 }, { hour: 23, count: 2 }]);
  });

  it('breaks down fronts and nationalities by count, with outcomes', () => {
    expect(d.by_front).toEqual([
      { key: 'North', count: 7, KIA: 2, DOW: 1, RTD: 4, Remains_Role4: 0, Died_DNBI: 0 },
      { key: 'South', count: 3, KIA: 0, DOW: 0, RTD: 1, Remains_Role4: 2, Died_DNBI: 0 },
    ]);
    expect(d.by_nationality.map((r) => [r.key, r.count])).toEqual([['DEU', 4], ['POL', 3], ['USA', 3]]);
  });

  it('lists every injury type and triage category in fixed order, zeros included', () => {
    expect(d.by_injury_type.map((r) => [r.key, r.count])).toEqual([['BATTLE_TRAUMA', 5], ['NON_BATTLE', 4], ['DISEASE', 1]]);
    expect(d.by_triage.map((r) => [r.key, r.count])).toEqual([['T1', 3], ['T2', 2], ['T3', 5], ['T4', 0]]);
    expect(d.outcome_by_triage).toEqual({
      T1: { KIA: 2, DOW: 1, RTD: 0, Remains_Role4: 0, Died_DNBI: 0 },
      T2: { KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 2, Died_DNBI: 0 },
      T3: { KIA: 0, DOW: 0, RTD: 5, Remains_Role4: 0, Died_DNBI: 0 },
      T4: { KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0, Died_DNBI: 0 },
    });
    expect(d.outcome_by_injury_type).toEqual({
      BATTLE_TRAUMA: { KIA: 2, DOW: 1, RTD: 0, Remains_Role4: 2, Died_DNBI: 0 },
      NON_BATTLE: { KIA: 0, DOW: 0, RTD: 4, Remains_Role4: 0, Died_DNBI: 0 },
      DISEASE: { KIA: 0, DOW: 0, RTD: 1, Remains_Role4: 0, Died_DNBI: 0 },
    });
  });

  it('reads injury hours with an offset as UTC', () => {
    const r = dashboard([makePatient({ time: '2025-06-01T01:30:00+02:00' })]);
    expect(r.casualties_by_hour[23]).toEqual({ hour: 23, count: 1 });
  });

  it('gives empty but complete aggregates with no patient', () => {
    const r = dashboard([]);
    expect(r.summary.total_patients).toBe(0);
    expect(r.patient_flow.links).toEqual([]);
    expect(r.by_triage.map((x) => x.count)).toEqual([0, 0, 0, 0]);
    expect(r.casualties_by_hour.every((h) => h.count === 0)).toBe(true);
  });
});

describe('DashboardAccumulator: disease/non-battle deaths and the statistics', () => {
  it('counts Died_DNBI as its own outcome, node and facility column', () => {
    const r = dashboard([makePatient({ status: 'Died_DNBI', injury: 'NON_BATTLE', path: ['POI', 'R1'], causeOfDeath: 'sepsis' })]);
    expect(r.summary).toMatchObject({ died_dnbi: 1, by_final_status: { Died_DNBI: 1 } });
    expect(r.patient_flow.links).toContainEqual({ source: 'R1', target: 'Died_DNBI', value: 1 });
    expect(r.patient_flow.nodes.at(-1)).toEqual({ id: 'Died_DNBI', name: 'Died (disease/non-battle)' });
    expect(r.facility_stats.R1.died_dnbi).toBe(1);
    expect(r.statistics.dnbi).toEqual({ casualties: 1, deaths: 1, death_rate: 1 });
    expect(r.statistics.causes_of_death).toEqual([{ key: 'sepsis', count: 1, KIA: 0, DOW: 0, Died_DNBI: 1 }]);
  });

  it('carries the battle statistics and the bands', () => {
    const d = dashboard(example());
    expect(d.statistics.battle).toMatchObject({ casualties: 5, kia: 2, dow: 1, remains_role4: 2, wia: 3, rtd_72h: 0, cfr: 3 / 5, pct_kia: 2 / 5, pct_dow: 1 / 3 });
    expect(d.bands.map((b) => b.id)).toContain('cfr');
    expect(d.bands.every((b) => b.pass)).toBe(true); // all below 200 casualties
  });

  it('reads partial records (as the web file dashboard builds them) without failing', () => {
    const acc = new DashboardAccumulator();
    acc.add({
      final_status: 'KIA', timeline_summary: { facilities_visited: ['POI'] }, last_facility: 'POI', day_of_injury: 'Day 1',
      injury_timestamp: '2025-06-01T00:00:00Z', front: 'A', nationality: 'POL', injury_type: 'BATTLE_TRAUMA', triage_category: 'T1',
    } as unknown as Patient);
    acc.add({
      final_status: 'RTD', timeline_summary: { facilities_visited: [] }, last_facility: 'POI', day_of_injury: '', injury_timestamp: '',
      front: '(unknown)', nationality: '(unknown)', injury_type: '(unknown)', triage_category: 'T3',
    } as unknown as Patient);
    const r = acc.result();
    expect(r.statistics.battle).toMatchObject({ casualties: 1, kia: 1 });
    expect(r.statistics.dnbi.casualties).toBe(0);
    expect(r.summary.total_patients).toBe(2);
  });
});

describe('merging', () => {
  const patients = example();

  it('split, counted apart and merged equals counted at once', () => {
    const whole = dashboard(patients);
    for (const cut of [0, 3, 7, 10]) {
      const a = new DashboardAccumulator();
      const b = new DashboardAccumulator();
      patients.slice(0, cut).forEach((p) => a.add(p));
      patients.slice(cut).forEach((p) => b.add(p));
      a.merge(b);
      expect(a.result()).toEqual(whole);
    }
  });

  it('rebuilds from a result (as sent between threads) and merges', () => {
    const a = new DashboardAccumulator();
    patients.slice(0, 4).forEach((p) => a.add(p));
    const sent = JSON.parse(JSON.stringify(a.result())) as DashboardData;
    const b = new DashboardAccumulator();
    patients.slice(4).forEach((p) => b.add(p));
    b.merge(DashboardAccumulator.from(sent));
    expect(b.result()).toEqual(dashboard(patients));
    expect(DashboardAccumulator.from(sent).result()).toEqual(sent);
  });

  it('does not change the merged-in accumulator', () => {
    const a = new DashboardAccumulator();
    const b = new DashboardAccumulator();
    patients.forEach((p) => b.add(p));
    const before = b.result();
    a.merge(b);
    a.merge(b);
    expect(b.result()).toEqual(before);
    expect(a.result().summary.total_patients).toBe(20);
  });
});

describe('bounded memory', () => {
  it('caps distinct fronts at MAX_KEYS and counts the rest under (other)', () => {
    const acc = new DashboardAccumulator();
    for (let i = 0; i < MAX_KEYS + 5; i++) acc.add(makePatient({ front: `F${i}` }));
    const r = acc.result();
    expect(r.by_front).toHaveLength(MAX_KEYS + 1);
    expect(r.by_front[0]).toMatchObject({ key: OTHER, count: 5 });
    expect(r.by_front.reduce((s, x) => s + x.count, 0)).toBe(MAX_KEYS + 5);
  });
});

describe('on generated patients', () => {
  it('agrees with the patients it counted', () => {
    const run = createRun({ ...defaultScenario(), total_patients: 500 }, 7);
    const patients = [...generateRange(run)];
    const d = dashboard(patients);
    expect(d.summary.total_patients).toBe(500);
    expect(d.casualties_by_day.reduce((s, x) => s + x.count, 0)).toBe(500);
    expect(d.casualties_by_hour.reduce((s, x) => s + x.count, 0)).toBe(500);
    expect(d.facility_stats.POI.arrivals).toBe(500);
    const reachedR1 = patients.filter((p) => p.timeline_summary.facilities_visited.includes('R1')).length;
    expect(d.facility_stats.R1.arrivals).toBe(reachedR1);
    const outcomeLinks = d.patient_flow.links.filter((l) => ['KIA', 'DOW', 'RTD', 'Remains_Role4', 'Died_DNBI'].includes(l.target)).reduce((s, l) => s + l.value, 0);
    expect(outcomeLinks).toBe(500);
    const byFront = new Map<string, number>();
    for (const p of patients) byFront.set(p.front, (byFront.get(p.front) ?? 0) + 1);
    expect(Object.fromEntries(d.by_front.map((r) => [r.key, r.count]))).toEqual(Object.fromEntries(byFront));
  });
});
