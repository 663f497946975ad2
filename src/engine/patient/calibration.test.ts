import { describe, expect, it } from 'vitest';
import { createPatientContext, generatePatient } from './index.js';
import { buildArrivals, testScenario } from './fixtures.js';

/**
 * §4.3 realism bands on the default scenario (20,000 patients): among battle trauma KIA 8–25 %,
 * DOW 2–13 % of those reaching R1; deaths among DNBI < 2 %; ≥ 60 % of all casualties RTD.
 * docs/calibration.md records the figures.
 */
describe('calibration bands (default scenario)', () => {
  const scenario = testScenario({ total_patients: 20000 });
  const ctx = createPatientContext(scenario, 2025);
  let bt = 0, kia = 0, reachedR1 = 0, dow = 0, dnbi = 0, dnbiDead = 0, rtd = 0;
  const started = performance.now();
  for (const a of buildArrivals(scenario, 2025)) {
    const p = generatePatient(ctx, a);
    if (p.final_status === 'RTD') rtd++;
    if (p.injury_type === 'BATTLE_TRAUMA') {
      bt++;
      if (p.final_status === 'KIA') kia++;
      if (p.timeline_summary.facilities_visited.includes('R1')) {
        reachedR1++;
        if (p.final_status === 'DOW') dow++;
      }
    } else {
      dnbi++;
      if (p.final_status === 'KIA' || p.final_status === 'DOW') dnbiDead++;
    }
  }
  const elapsed = performance.now() - started;
  const pct = (x: number) => Math.round(1000 * x) / 10;
  console.log(`calibration: BT KIA ${pct(kia / bt)} %, DOW ${pct(dow / reachedR1)} % of BT reaching R1, DNBI deaths ${pct(dnbiDead / dnbi)} %, ` +
    `RTD ${pct(rtd / 20000)} % (battle trauma ${pct(bt / 20000)} % of casualties; ${((elapsed * 1000) / 20000).toFixed(1)} µs/patient in-test)`);

  it('keeps KIA among battle trauma within 8–25 %', () => {
    expect(kia / bt).toBeGreaterThan(0.08);
    expect(kia / bt).toBeLessThan(0.25);
  });
  it('keeps DOW within 2–13 % of battle trauma reaching R1', () => {
    expect(dow / reachedR1).toBeGreaterThan(0.02);
    expect(dow / reachedR1).toBeLessThan(0.13);
  });
  it('keeps DNBI deaths under 2 %', () => expect(dnbiDead / dnbi).toBeLessThan(0.02));
  it('returns at least 60 % of all casualties to duty', () => expect(rtd / 20000).toBeGreaterThanOrEqual(0.6));
});
