import { describe, expect, it } from 'vitest';
import { ReportAccumulator } from './accumulator.js';
import { BAND_LIMITS, checkBands, inside, MIN_POPULATION } from './bands.js';
import { many } from './fixtures.js';
import type { PatientSpec } from './fixtures.js';
import type { BandCheck, RealismReport } from './types.js';

function reportOf(groups: [number, PatientSpec][]): RealismReport {
  const acc = new ReportAccumulator();
  for (const [n, spec] of groups) for (const p of many(n, spec)) acc.add(p);
  return acc.result();
}

/** Runs groups of identical patients through an accumulator and returns one band by id. */
function bandOf(id: string, groups: [number, PatientSpec][]): BandCheck {
  const b = reportOf(groups).bands.find((x) => x.id === id);
  if (!b) throw new Error(`no band ${id}`);
  return b;
}

describe('checkBands at the edges', () => {
  it('CFR 7–14 % inclusive over battle casualties', () => {
    const cfr = (k: number): BandCheck => bandOf('cfr', [[k, { status: 'KIA' }], [1000 - k, { status: 'RTD' }]]);
    expect(cfr(69).pass).toBe(false);
    expect(cfr(70)).toMatchObject({ value: 0.07, min: 0.07, max: 0.14, pass: true, applicable: true, inside: true, denominator: 1000 });
    expect(cfr(140).pass).toBe(true);
    expect(cfr(141)).toMatchObject({ pass: false, inside: false, applicable: true });
  });

  it('%KIA and %DOW leave out RTD within 72 h, not later RTD', () => {
    // 300 BT: 30 KIA, 15 DOW, 100 RTD at 50 h, 100 RTD at 100 h, 55 remain at Role 4.
    const r = reportOf([
      [30, { status: 'KIA' }], [15, { status: 'DOW' }], [100, { status: 'RTD', outcomeHours: 50 }],
      [100, { status: 'RTD', outcomeHours: 100 }], [55, { status: 'Remains_Role4' }],
    ]);
    const by = Object.fromEntries(r.bands.map((b) => [b.id, b]));
    expect(by['cfr']).toMatchObject({ value: 45 / 300, denominator: 300, pass: false });
    expect(by['pct_kia']).toMatchObject({ value: 30 / 200, denominator: 200, pass: true });
    expect(by['pct_dow']).toMatchObject({ value: 15 / 170, denominator: 170, pass: false });
  });

  it('%DOW 3–8 % inclusive', () => {
    // 1000 BT, none RTD: WIA − RTD = 1000 − KIA.
    const dow = (d: number): BandCheck => bandOf('pct_dow', [[d, { status: 'DOW' }], [900 - d, { status: 'Remains_Role4' }], [100, { status: 'KIA' }]]);
    expect(dow(26).pass).toBe(false);
    expect(dow(27)).toMatchObject({ value: 0.03, pass: true });
    expect(dow(72)).toMatchObject({ value: 0.08, pass: true });
    expect(dow(73).pass).toBe(false);
  });

  it('DNBI deaths strictly below 1 %, over non-battle and disease together, older KIA/DOW labels included', () => {
    const dnbi = (deaths: number, n: number, status: PatientSpec['status'] = 'Died_DNBI'): BandCheck =>
      bandOf('dnbi_deaths', [[deaths, { status, injury: 'DISEASE' }], [n - deaths, { status: 'RTD', injury: 'NON_BATTLE' }], [10, { status: 'KIA' }]]);
    expect(dnbi(1, 201)).toMatchObject({ value: 1 / 201, pass: true, max: 0.01, maxExclusive: true, denominator: 201 });
    expect(dnbi(2, 200)).toMatchObject({ value: 0.01, pass: false });
    expect(dnbi(2, 200, 'DOW')).toMatchObject({ value: 0.01, pass: false });
    expect(dnbi(5, 199)).toMatchObject({ applicable: false, pass: true, note: 'fewer than 200 DNBI casualties (199)' });
  });

  it(`a band over fewer than ${MIN_POPULATION} casualties is not applicable and passes`, () => {
    const small = bandOf('cfr', [[50, { status: 'KIA' }], [149, { status: 'RTD' }]]);
    expect(small).toMatchObject({ applicable: false, pass: true, informational: false, value: 50 / 199, note: 'fewer than 200 battle casualties (199)' });
    expect(bandOf('cfr', [[50, { status: 'KIA' }], [150, { status: 'RTD' }]])).toMatchObject({ applicable: true, pass: false });
    expect(bandOf('cfr', [[5, { injury: 'DISEASE' }]])).toMatchObject({ applicable: false, pass: true, value: 0, denominator: 0 });
  });
});

describe('wound-pattern bands', () => {
  const mixOf = (warfare: PatientSpec['warfare'], explosive: number, gunshot: number): [number, PatientSpec][] => [
    [explosive, { warfare, mechanism: 'explosive' }], [gunshot, { warfare, mechanism: 'gunshot' }], [200 - explosive - gunshot, { warfare, mechanism: 'burn' }],
  ];

  it('mechanism bands are normative when ≥ 80 % of battle casualties come from conventional warfare', () => {
    const r = reportOf(mixOf('conventional', 150, 40));
    expect(r.statistics.conventional_share).toBe(1);
    expect(r.bands.find((b) => b.id === 'explosive')).toMatchObject({ value: 0.75, applicable: true, informational: false, pass: true });
    expect(r.bands.find((b) => b.id === 'gunshot')).toMatchObject({ value: 0.2, pass: true });
    expect(bandOf('explosive', mixOf('conventional', 120, 40))).toMatchObject({ value: 0.6, pass: false });
  });

  it('mechanism bands are informational elsewhere: shown with their value, never failing', () => {
    const drone = bandOf('explosive', mixOf('drone', 120, 40));
    expect(drone).toMatchObject({ value: 0.6, applicable: false, informational: true, inside: false, pass: true });
    expect(drone.note).toBe('informational: 0 % of battle casualties from conventional warfare (normative at ≥ 80 %)');
    // "mixed" (special events) is not counted either way.
    const r = reportOf([...mixOf('conventional', 150, 40), [100, { warfare: 'mixed', mechanism: 'gunshot' }], [40, { warfare: 'urban', mechanism: 'gunshot' }]]);
    expect(r.statistics.conventional_share).toBeCloseTo(200 / 240);
    expect(r.bands.find((b) => b.id === 'gunshot')).toMatchObject({ applicable: true, value: 180 / 340 });
  });

  it('body-region bands count injuries, and are informational when naval or CBRN battle casualties pass 20 %', () => {
    const regions: [number, PatientSpec][] = [
      [100, { regions: ['extremities', 'extremities', 'head_neck'] }], [60, { regions: ['face', 'chest'] }], [40, { regions: ['abdomen', 'external'] }],
    ];
    const r = reportOf(regions);
    expect(r.statistics.battle_injuries).toBe(500);
    const by = Object.fromEntries(r.bands.map((b) => [b.id, b]));
    expect(by['extremities']).toMatchObject({ value: 200 / 500, pass: false, applicable: true });
    expect(by['head_neck_face']).toMatchObject({ value: 160 / 500, pass: true });
    expect(by['chest']).toMatchObject({ value: 60 / 500, pass: true });
    expect(by['abdomen']).toMatchObject({ value: 40 / 500, pass: true });
    const naval = reportOf([...regions, [60, { warfare: 'naval', regions: ['external'] }]]);
    expect(naval.statistics.land_share).toBeCloseTo(200 / 260);
    expect(naval.bands.find((b) => b.id === 'extremities')).toMatchObject({ informational: true, pass: true, inside: false });
  });
});

describe('checkBands', () => {
  it('lists the bands in a fixed order with their sources', () => {
    const bands = reportOf([[250, { status: 'RTD' }]]).bands;
    expect(bands.map((b) => b.id)).toEqual(['cfr', 'pct_kia', 'pct_dow', 'dnbi_deaths', 'explosive', 'gunshot', 'extremities', 'head_neck_face', 'chest', 'abdomen']);
    expect(bands.every((b) => b.source.length > 0)).toBe(true);
    expect(checkBands(reportOf([]).statistics).every((b) => !b.applicable && b.pass)).toBe(true);
  });

  it('reads limits as inclusive unless the maximum is exclusive', () => {
    expect(inside(0.14, BAND_LIMITS.cfr)).toBe(true);
    expect(inside(0.01, BAND_LIMITS.dnbiDeaths)).toBe(false);
    expect(inside(0.0099, BAND_LIMITS.dnbiDeaths)).toBe(true);
  });
});
