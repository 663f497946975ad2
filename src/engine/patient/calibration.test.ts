import { describe, expect, it } from 'vitest';
import { createRun, generateRange } from '../run.js';
import { defaultScenario } from '../scenario/index.js';
import type { Scenario } from '../types.js';

/**
 * The combat-casualty statistics of Holcomb et al. (J Trauma 2006), computed here independently of
 * the report module, on the default scenario: CFR = (KIA+DOW)/(KIA+WIA), %KIA = KIA/(KIA+WIA−RTD),
 * %DOW = DOW/(WIA−RTD), WIA the battle casualties who reached Role 1 alive, RTD those returned to
 * duty within 72 h. docs/calibration.md gives the bands and their sources.
 */
function statistics(scenario: Scenario): { kia: number; dow: number; cfr: number; pctKia: number; pctDow: number; dnbiDeaths: number } {
  let bt = 0, kia = 0, dow = 0, rtd72 = 0, dnbi = 0, dnbiDead = 0;
  for (const p of generateRange(createRun(scenario, 7))) {
    if (p.injury_type !== 'BATTLE_TRAUMA') {
      dnbi++;
      if (p.final_status === 'Died_DNBI') dnbiDead++;
      continue;
    }
    bt++;
    if (p.final_status === 'KIA') kia++;
    if (p.final_status === 'DOW') dow++;
    if (p.final_status === 'RTD' && p.timeline_summary.total_duration_hours <= 72) rtd72++;
  }
  const wia = bt - kia;
  return { kia: kia / bt, dow: dow / bt, cfr: (kia + dow) / bt, pctKia: kia / (bt - rtd72), pctDow: dow / (wia - rtd72), dnbiDeaths: dnbiDead / dnbi };
}

/** The scenario with every evacuation stay and transit time multiplied by `factor`. */
function slower(s: Scenario, factor: number): Scenario {
  const scale = <T extends Record<string, Record<string, { min_hours: number; max_hours: number }>>>(t: T): T =>
    Object.fromEntries(Object.entries(t).map(([k, row]) => [k, Object.fromEntries(Object.entries(row).map(([tt, r]) =>
      [tt, { min_hours: r.min_hours * factor, max_hours: r.max_hours * factor }]))])) as T;
  return { ...s, evacuation_times: scale(s.evacuation_times), transit_times: scale(s.transit_times) };
}

describe('calibration (default scenario, 30,000 patients)', () => {
  const base = { ...defaultScenario(), total_patients: 30_000 };
  const x1 = statistics(base);

  it('lands CFR, %KIA, %DOW and DNBI deaths inside the published bands', () => {
    expect(x1.cfr).toBeGreaterThanOrEqual(0.07);
    expect(x1.cfr).toBeLessThanOrEqual(0.12);
    expect(x1.pctKia).toBeGreaterThanOrEqual(0.09);
    expect(x1.pctKia).toBeLessThanOrEqual(0.18);
    expect(x1.pctDow).toBeGreaterThanOrEqual(0.03);
    expect(x1.pctDow).toBeLessThanOrEqual(0.08);
    expect(x1.dnbiDeaths).toBeLessThan(0.01);
  });

  it('raises KIA, DOW and CFR as evacuation takes two and four times as long', () => {
    const x2 = statistics(slower(base, 2));
    const x4 = statistics(slower(base, 4));
    expect(x2.kia).toBeGreaterThan(x1.kia);
    expect(x4.kia).toBeGreaterThan(x2.kia);
    expect(x2.dow).toBeGreaterThan(x1.dow);
    expect(x4.dow).toBeGreaterThan(x2.dow);
    expect(x2.cfr).toBeGreaterThan(x1.cfr);
    expect(x4.cfr).toBeGreaterThan(x2.cfr);
  }, 60_000);
});
