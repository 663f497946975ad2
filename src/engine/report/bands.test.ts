import { describe, expect, it } from 'vitest';
import { ReportAccumulator } from './accumulator.js';
import { checkBands } from './bands.js';
import { many } from './fixtures.js';
import type { PatientSpec } from './fixtures.js';
import type { BandCheck } from './types.js';

/** Runs groups of identical patients through an accumulator and returns one band by name. */
function bandOf(name: string, groups: [number, PatientSpec][]): BandCheck {
  const acc = new ReportAccumulator();
  for (const [n, spec] of groups) for (const p of many(n, spec)) acc.add(p);
  const b = acc.result().bands.find((x) => x.name === name);
  if (!b) throw new Error(`no band ${name}`);
  return b;
}

describe('checkBands at the edges', () => {
  it('BT KIA rate 8–25 % inclusive', () => {
    const kia = (k: number): BandCheck => bandOf('BT KIA rate', [[k, { status: 'KIA' }], [100 - k, { status: 'RTD' }]]);
    expect(kia(7).pass).toBe(false);
    expect(kia(8)).toMatchObject({ value: 0.08, min: 0.08, max: 0.25, pass: true, applicable: true, denominator: 100 });
    expect(kia(25).pass).toBe(true);
    expect(kia(26).pass).toBe(false);
  });

  it('BT DOW rate 2–13 % of those reaching R1, KIA not in the denominator', () => {
    const dow = (d: number): BandCheck => bandOf('BT DOW rate among those reaching R1', [[d, { status: 'DOW' }], [100 - d, { status: 'RTD' }], [50, { status: 'KIA' }]]);
    expect(dow(1).pass).toBe(false);
    expect(dow(2)).toMatchObject({ value: 0.02, denominator: 100, pass: true });
    expect(dow(13).pass).toBe(true);
    expect(dow(14).pass).toBe(false);
  });

  it('DNBI deaths strictly below 2 %, over non-battle and disease together', () => {
    const dnbi = (deaths: number, n: number): BandCheck =>
      bandOf('DNBI deaths', [[deaths, { status: 'DOW', injury: 'DISEASE' }], [n - deaths, { status: 'RTD', injury: 'NON_BATTLE' }], [10, { status: 'KIA' }]]);
    expect(dnbi(1, 51)).toMatchObject({ pass: true, max: 0.02, maxExclusive: true, denominator: 51 });
    expect(dnbi(1, 50)).toMatchObject({ value: 0.02, pass: false });
    expect(dnbi(0, 10)).toMatchObject({ value: 0, pass: true });
  });

  it('RTD overall at least 60 %', () => {
    const rtd = (k: number): BandCheck => bandOf('RTD overall', [[k, { status: 'RTD', injury: 'DISEASE' }], [100 - k, { status: 'Remains_Role4', injury: 'DISEASE' }]]);
    expect(rtd(60)).toMatchObject({ value: 0.6, min: 0.6, pass: true });
    expect(rtd(59).pass).toBe(false);
  });

  it('a band with no qualifying patients is not applicable and passes', () => {
    const onlyDisease = bandOf('BT KIA rate', [[5, { injury: 'DISEASE' }]]);
    expect(onlyDisease).toMatchObject({ applicable: false, pass: true, value: 0, denominator: 0 });
    const noR1 = bandOf('BT DOW rate among those reaching R1', [[5, { status: 'KIA' }]]);
    expect(noR1).toMatchObject({ applicable: false, pass: true });
    expect(bandOf('DNBI deaths', [[5, { status: 'RTD' }]]).applicable).toBe(false);
  });

  it('works on a bare BandInput', () => {
    const zero = { total: 0, KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0, reachedR1: 0, kiaRate: 0, dowRateOfReachingR1: 0, rtdRate: 0 };
    const bands = checkBands({
      total: 10,
      byFinalStatus: { KIA: 1, DOW: 0, RTD: 9, Remains_Role4: 0 },
      byInjuryType: { BATTLE_TRAUMA: { ...zero, total: 10, KIA: 1, RTD: 9, reachedR1: 9 }, NON_BATTLE: zero, DISEASE: zero },
    });
    expect(bands.map((b) => b.name)).toEqual(['BT KIA rate', 'BT DOW rate among those reaching R1', 'DNBI deaths', 'RTD overall']);
    expect(bands.map((b) => b.pass)).toEqual([true, false, true, true]);
  });
});
