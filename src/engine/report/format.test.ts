import { describe, expect, it } from 'vitest';
import { ReportAccumulator } from './accumulator.js';
import { many } from './fixtures.js';
import { bandTarget, formatReport, pct, renderTable } from './format.js';
import * as api from './index.js';

function sample(withScenario: boolean): string {
  const acc = new ReportAccumulator(withScenario ? {
    total_patients: 100,
    front_configs: [{ name: 'North', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 80 }, { nationality_code: 'LTU', percentage: 20 }] }],
  } : undefined);
  for (const p of [...many(10, { status: 'KIA', triage: 'T1' }), ...many(5, { status: 'DOW', triage: 'T1' }), ...many(85, { status: 'RTD', injury: 'DISEASE', triage: 'T3', time: '2025-06-02T08:00:00Z', day: 2 })]) acc.add(p);
  acc.add({ status: 'nope' });
  return formatReport(acc.result());
}

describe('pct and bandTarget', () => {
  it('prints one decimal', () => {
    expect(pct(0.12345)).toBe('12.3%');
    expect(pct(1)).toBe('100.0%');
    expect(pct(0)).toBe('0.0%');
  });

  it('describes targets', () => {
    expect(bandTarget({ min: 0.08, max: 0.25 })).toBe('8.0%–25.0%');
    expect(bandTarget({ max: 0.02, maxExclusive: true })).toBe('< 2.0%');
    expect(bandTarget({ max: 0.02 })).toBe('≤ 2.0%');
    expect(bandTarget({ min: 0.6 })).toBe('≥ 60.0%');
    expect(bandTarget({})).toBe('any');
  });
});

describe('renderTable', () => {
  it('aligns columns left or right with a rule under the header', () => {
    expect(renderTable([['name', 'n'], ['a', '100'], ['longer', '2']], ['l', 'r'])).toEqual([
      '  name      n',
      '  ------  ---',
      '  a       100',
      '  longer    2',
    ]);
    expect(renderTable([], [])).toEqual([]);
  });
});

describe('formatReport', () => {
  const text = sample(true);
  const lines = text.split('\n');

  it('states totals, rejections and the overall verdict', () => {
    expect(lines.slice(0, 4)).toEqual(['Realism report', '==============', 'Patients: 100 (scenario total_patients: 100)', 'Rejected: 1']);
    expect(text).toContain('  invalid_final_status: 1');
    expect(text).toContain('Overall: FAIL');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('prints each band with value, target, n and PASS / FAIL, aligned', () => {
    const band = (name: string): string => lines.find((l) => l.startsWith(`  ${name} `)) ?? '';
    expect(band('BT KIA rate')).toMatch(/^ {2}BT KIA rate +66\.7% +8\.0%–25\.0% +15 +FAIL$/);
    expect(band('BT DOW rate among those reaching R1')).toMatch(/100\.0% +2\.0%–13\.0% +5 +FAIL$/);
    expect(band('DNBI deaths')).toMatch(/0\.0% +< 2\.0% +85 +PASS$/);
    expect(band('RTD overall')).toMatch(/85\.0% +≥ 60\.0% +100 +PASS$/);
    const cols = ['BT KIA rate', 'DNBI deaths', 'RTD overall'].map((n) => band(n).indexOf('%'));
    expect(new Set(cols).size).toBe(1);
  });

  it('has the outcome, day, hour and share tables', () => {
    expect(text).toMatch(/ {2}KIA +10 +10\.0%/);
    expect(text).toMatch(/ {2}BATTLE_TRAUMA +15 +10 +5 +0 +0 +5 +66\.7% +100\.0% +0\.0%/);
    expect(text).toMatch(/ {2}T3 +85 +0 +0 +85 +0 +85 +0\.0% +0\.0% +100\.0%/);
    expect(text).toMatch(/ {2}Day 2 +85 +85\.0%/);
    expect(text).toMatch(/ {2}08 +85 +85\.0% +#{30}$/m);
    expect(text).toMatch(/ {2}POL +100 +100\.0% +80\.0% +\+20\.0 pp/);
    expect(text).toMatch(/ {2}LTU +0 +0\.0% +20\.0% +-20\.0 pp/);
    expect(text).toMatch(/ {2}North +100 +100\.0% +100\.0% +\+0\.0 pp/);
  });

  it('leaves out the expected columns without a scenario', () => {
    const plain = sample(false);
    expect(plain).toContain('Patients: 100\n');
    expect(plain).not.toContain('expected');
    expect(plain).toContain('Overall: FAIL');
  });

  it('shows the expected columns blank for rows the scenario does not list', () => {
    const acc = new ReportAccumulator({ front_configs: [{ name: 'A', casualty_rate: 1, nationality_distribution: [] }] });
    for (const p of many(2, { front: 'A' })) acc.add(p);
    const r = acc.result();
    r.frontShares.push({ front: 'Z', count: 0, share: 0 });
    expect(formatReport(r)).toMatch(/^ {2}Z +0 +0\.0%$/m);
  });

  it('says PASS when every applicable band passes', () => {
    const acc = new ReportAccumulator();
    for (const p of [...many(10, { status: 'KIA' }), ...many(5, { status: 'DOW' }), ...many(85, { status: 'RTD' })]) acc.add(p);
    expect(formatReport(acc.result())).toContain('Overall: PASS');
  });

  it('renders an empty report', () => {
    const empty = formatReport(new ReportAccumulator().result());
    expect(empty).toContain('Patients: 0');
    expect(empty).toMatch(/BT KIA rate +- +8\.0%–25\.0% +0 +n\/a/);
    expect(empty).toContain('Overall: FAIL');
    expect(empty.match(/\(none\)/g)).toHaveLength(3);
  });
});

describe('index', () => {
  it('exports the public API', () => {
    expect(typeof api.ReportAccumulator).toBe('function');
    expect(typeof api.formatReport).toBe('function');
    expect(typeof api.checkBands).toBe('function');
    expect(api.BAND_LIMITS.rtd.min).toBe(0.6);
  });
});
