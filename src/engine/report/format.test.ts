import { describe, expect, it } from 'vitest';
import { ReportAccumulator } from './accumulator.js';
import { many } from './fixtures.js';
import { bandTarget, formatReport, pct, renderTable } from './format.js';
import * as api from './index.js';

/**
 * 401 records, one unreadable. Battle trauma (200): 20 KIA (T1), 10 DOW (T1, TBI, surgery at 3 h),
 * 170 RTD at 2 h (T2 → T3 at Role 1). Disease (200): RTD, T3, day 2 08:00.
 */
function sample(withScenario: boolean): string {
  const acc = new ReportAccumulator(withScenario ? {
    total_patients: 400,
    front_configs: [{ name: 'North', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'POL', percentage: 80 }, { nationality_code: 'LTU', percentage: 20 }] }],
  } : undefined);
  for (const p of [
    ...many(20, { status: 'KIA', triage: 'T1' }),
    ...many(10, { status: 'DOW', triage: 'T1', causeOfDeath: 'traumatic brain injury', surgeryHours: [3] }),
    ...many(170, { status: 'RTD', assessments: ['T2', 'T3'] }),
    ...many(200, { status: 'RTD', injury: 'DISEASE', triage: 'T3', time: '2025-06-02T08:00:00Z', day: 2 }),
  ]) acc.add(p);
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
  const line = (start: string): string => lines.find((l) => l.startsWith(`  ${start} `)) ?? '';

  it('states totals, rejections and the overall verdict', () => {
    expect(lines.slice(0, 4)).toEqual(['Realism report', '==============', 'Patients: 400 (scenario total_patients: 400)', 'Rejected: 1']);
    expect(text).toContain('  invalid_final_status: 1');
    expect(text).toContain('Overall: FAIL');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('prints each band with value, target, n, verdict and source, aligned', () => {
    expect(line('CFR')).toMatch(/^ {2}CFR \(KIA\+DOW\)\/\(KIA\+WIA\) +15\.0% +7\.0%–14\.0% +200 +FAIL +Holcomb 2006/);
    expect(line('%KIA')).toMatch(/66\.7% +9\.0%–18\.0% +30 +FAIL/);
    expect(line('%DOW')).toMatch(/100\.0% +3\.0%–8\.0% +10 +FAIL/);
    expect(line('DNBI deaths')).toMatch(/0\.0% +< 1\.0% +200 +PASS/);
    expect(line('Explosive share of BT')).toMatch(/100\.0% +65\.0%–85\.0% +200 +FAIL +Owens 2008/);
    expect(line('Extremity share of wounds')).toMatch(/100\.0% +45\.0%–60\.0% +200 +FAIL/);
    const cols = ['CFR', '%KIA', 'DNBI deaths', 'Chest share of wounds'].map((n) => line(n).search(/PASS|FAIL/));
    expect(new Set(cols).size).toBe(1);
  });

  it('prints the combat-casualty statistics with their definitions', () => {
    expect(text).toContain('Battle casualties (Holcomb 2006 definitions; WIA = reached Role 1 alive, RTD = returned to duty within 72 h)');
    expect(text).toMatch(/^ {2}200 +20 +10 +180 +170 +15\.0% +66\.7% +100\.0% +10\.0% +5\.0%$/m);
    expect(text).toContain('  CFR = (KIA+DOW)/(KIA+WIA); %KIA = KIA/(KIA+WIA-RTD); %DOW = DOW/(WIA-RTD)');
    expect(text).toContain('  DNBI deaths: 0 of 200 DNBI casualties (0.0%)');
    expect(line('explosive')).toMatch(/^ {2}explosive +200 +100\.0%$/);
    expect(line('extremities')).toMatch(/^ {2}extremities +200 +100\.0%$/);
    expect(line('1–8')).toMatch(/^ {2}1–8 +200 +100\.0% +200 +100\.0%$/);
    expect(line('haemorrhage')).toMatch(/^ {2}haemorrhage +20 +20 +0 +0$/);
    expect(line('traumatic brain injury')).toMatch(/^ {2}traumatic brain injury +10 +0 +10 +0$/);
    expect(line('Role 1 arrival')).toMatch(/^ {2}Role 1 arrival +180 +1\.0 +1\.0 +1\.0 +1\.0 +1\.0$/);
    expect(line('first surgery')).toMatch(/^ {2}first surgery +10 +3\.0 +3\.0 +3\.0 +3\.0 +3\.0$/);
    expect(text).toContain('  170 of 380 patients triaged more than once changed category (44.7%); 400 triaged at all');
  });

  it('has the outcome, day, hour and share tables', () => {
    expect(text).toMatch(/ {2}KIA +20 +5\.0%/);
    expect(text).toMatch(/ {2}BATTLE_TRAUMA +200 +20 +10 +170 +0 +0 +180 +10\.0% +5\.6% +85\.0%/);
    expect(text).toMatch(/ {2}T3 +200 +0 +0 +200 +0 +0 +200 +0\.0% +0\.0% +100\.0%/);
    expect(text).toMatch(/ {2}Day 2 +200 +50\.0%/);
    expect(text).toMatch(/ {2}08 +200 +50\.0% +#{30}$/m);
    expect(text).toMatch(/ {2}POL +400 +100\.0% +80\.0% +\+20\.0 pp/);
    expect(text).toMatch(/ {2}LTU +0 +0\.0% +20\.0% +-20\.0 pp/);
    expect(text).toMatch(/ {2}North +400 +100\.0% +100\.0% +\+0\.0 pp/);
  });

  it('leaves out the expected columns without a scenario', () => {
    const plain = sample(false);
    expect(plain).toContain('Patients: 400\n');
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

  it('marks small populations n/a with the reason, and informational bands', () => {
    const acc = new ReportAccumulator();
    for (const p of [...many(10, { status: 'KIA' }), ...many(250, { status: 'RTD', warfare: 'drone', mechanism: 'drone' })]) acc.add(p);
    const out = formatReport(acc.result());
    expect(out).toContain('Overall: FAIL'); // CFR 10/260 is below 7 %
    expect(out).toMatch(/Explosive share of BT +3\.8% +65\.0%–85\.0% +260 +info \(outside\)/);
    expect(out).toContain('  Explosive share of BT: informational: 4 % of battle casualties from conventional warfare (normative at ≥ 80 %)');
    expect(out).toMatch(/DNBI deaths +- +< 1\.0% +0 +n\/a/);
    expect(out).toContain('  DNBI deaths: fewer than 200 DNBI casualties (0)');
  });

  it('says PASS when every applicable band passes', () => {
    const acc = new ReportAccumulator();
    for (const p of [...many(10, { status: 'KIA' }), ...many(5, { status: 'DOW' }), ...many(85, { status: 'RTD' })]) acc.add(p);
    expect(formatReport(acc.result())).toContain('Overall: PASS');
  });

  it('renders an empty report', () => {
    const empty = formatReport(new ReportAccumulator().result());
    expect(empty).toContain('Patients: 0');
    expect(empty).toMatch(/CFR \(KIA\+DOW\)\/\(KIA\+WIA\) +- +7\.0%–14\.0% +0 +n\/a/);
    expect(empty).toContain('Overall: FAIL');
    expect(empty).toMatch(/^ {2}Role 1 arrival +0 +- +- +- +- +-$/m);
  });
});

describe('index', () => {
  it('exports the public API', () => {
    expect(typeof api.ReportAccumulator).toBe('function');
    expect(typeof api.formatReport).toBe('function');
    expect(typeof api.checkBands).toBe('function');
    expect(api.BAND_LIMITS.cfr).toEqual({ min: 0.07, max: 0.14 });
    expect(typeof api.CasualtyStatsAccumulator).toBe('function');
  });
});
