import { describe, expect, it } from 'vitest';
import { createRun, generateRange } from '../run.js';
import { defaultScenario } from '../scenario/index.js';
import { ReportAccumulator } from './accumulator.js';
import { formatSensitivity, monotoneFailures, sensitivityRow } from './sensitivity.js';

/**
 * The realism report on generated data: every calibration band of docs/calibration.md passes on
 * 100,000 patients of the default scenario, and longer evacuation raises KIA, DOW and CFR.
 */
describe('calibration of the default scenario', () => {
  it('passes every band on 100,000 patients (seed 42)', () => {
    const run = createRun({ ...defaultScenario(), total_patients: 100_000 }, 42);
    const acc = new ReportAccumulator(run.scenario);
    for (const p of generateRange(run)) acc.add(p);
    const r = acc.result();
    const failed = r.bands.filter((b) => !b.pass).map((b) => `${b.name} ${(b.value * 100).toFixed(1)} %`);
    expect(failed).toEqual([]);
    expect(r.ok).toBe(true);
    // The Holcomb statistics and the DNBI and body-region bands apply to the default scenario;
    // the mechanism bands are informational (a fifth of its battle casualties are conventional).
    expect(r.bands.filter((b) => b.applicable).map((b) => b.id))
      .toEqual(['cfr', 'pct_kia', 'pct_dow', 'dnbi_deaths', 'extremities', 'head_neck_face', 'chest', 'abdomen']);
    expect(r.bands.filter((b) => b.informational).map((b) => b.id)).toEqual(['explosive', 'gunshot']);
  }, 60_000);

  it('raises KIA, DOW and CFR with evacuation and transit times ×1, ×2, ×4 (20,000 patients)', () => {
    const rows = [1, 2, 4].map((f) => sensitivityRow(defaultScenario(), f, 20_000, 42));
    console.log(formatSensitivity(rows));
    expect(monotoneFailures(rows)).toEqual([]);
  }, 60_000);
});
