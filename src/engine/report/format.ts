/**
 * Plain-text rendering of a realism report: aligned tables, percentages with one decimal,
 * PASS / FAIL per calibration band. Locale-independent.
 */
import { FINAL_STATUSES } from '../types.js';
import type { HoursDistribution } from './hours-histogram.js';
import type { CasualtyStatistics, KeyCount } from './statistics.js';
import type { BandCheck, OutcomeBreakdown, RealismReport } from './types.js';

/** A fraction as a percentage with one decimal: 0.1234 → "12.3%". */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

type Align = 'l' | 'r';

/** Rows padded to the widest cell of each column; the first row is the header. */
export function renderTable(rows: string[][], align: Align[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, c.length); });
  const line = (row: string[]): string =>
    indent + row.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const out = rows.map(line);
  if (out.length > 0) out.splice(1, 0, indent + widths.map((w) => '-'.repeat(w)).join('  '));
  return out;
}

function section(title: string, body: string[]): string[] {
  return ['', title, ...body];
}

function outcomeTable(first: string, groups: Record<string, OutcomeBreakdown>): string[] {
  const rows = [[first, 'total', 'KIA', 'DOW', 'RTD', 'Remains_R4', 'Died_DNBI', 'reached R1', 'KIA %', 'DOW % of R1', 'RTD %']];
  for (const [name, g] of Object.entries(groups)) {
    rows.push([name, String(g.total), String(g.KIA), String(g.DOW), String(g.RTD), String(g.Remains_Role4), String(g.Died_DNBI), String(g.reachedR1),
      pct(g.kiaRate), pct(g.dowRateOfReachingR1), pct(g.rtdRate)]);
  }
  return renderTable(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}

function shareTable(first: string, rows: { key: string; count: number; share: number; expected?: number }[]): string[] {
  if (rows.length === 0) return ['  (none)'];
  const withExpected = rows.some((r) => r.expected !== undefined);
  const header = [first, 'count', 'share', ...(withExpected ? ['expected', 'diff'] : [])];
  const body = rows.map((r) => [r.key, String(r.count), pct(r.share),
    ...(r.expected !== undefined ? [pct(r.expected), `${r.share >= r.expected ? '+' : '-'}${(Math.abs(r.share - r.expected) * 100).toFixed(1)} pp`] : withExpected ? ['', ''] : [])]);
  return renderTable([header, ...body], ['l', 'r', 'r', 'r', 'r']);
}

/** The target of a band in words: "8.0%–25.0%", "< 2.0%", "≥ 60.0%". */
export function bandTarget(b: Pick<BandCheck, 'min' | 'max' | 'maxExclusive'>): string {
  if (b.min !== undefined && b.max !== undefined) return `${pct(b.min)}–${pct(b.max)}`;
  if (b.max !== undefined) return `${b.maxExclusive ? '<' : '≤'} ${pct(b.max)}`;
  if (b.min !== undefined) return `≥ ${pct(b.min)}`;
  return 'any';
}

function bandVerdict(b: BandCheck): string {
  if (b.informational) return b.inside ? 'info (inside)' : 'info (outside)';
  if (!b.applicable) return 'n/a';
  return b.pass ? 'PASS' : 'FAIL';
}

function keyTable(first: string, rows: KeyCount[], of: string): string[] {
  return renderTable([[first, 'count', of], ...rows.map((r) => [r.key, String(r.count), pct(r.share)])], ['l', 'r', 'r']);
}

/** Hours with one decimal, or "-". */
function hours(h: number | null): string {
  return h === null ? '-' : h.toFixed(1);
}

function distributionRow(name: string, d: HoursDistribution): string[] {
  return [name, String(d.count), hours(d.median), hours(d.p90), hours(d.mean), hours(d.min), hours(d.max)];
}

/** The combat-casualty statistics, wound pattern, times and triage changes. */
export function formatStatistics(s: CasualtyStatistics): string[] {
  const b = s.battle;
  const lines: string[] = [];
  lines.push(...section('Battle casualties (Holcomb 2006 definitions; WIA = reached Role 1 alive, RTD = returned to duty within 72 h)', renderTable([
    ['BT', 'KIA', 'DOW', 'WIA', 'RTD72', 'CFR', '%KIA', '%DOW', 'KIA % of BT', 'DOW % of BT'],
    [String(b.casualties), String(b.kia), String(b.dow), String(b.wia), String(b.rtd_72h), pct(b.cfr), pct(b.pct_kia), pct(b.pct_dow), pct(b.kia_share), pct(b.dow_share)],
  ], ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])));
  lines.push('  CFR = (KIA+DOW)/(KIA+WIA); %KIA = KIA/(KIA+WIA-RTD); %DOW = DOW/(WIA-RTD)');
  if (b.rtd_time_unknown > 0) lines.push(`  ${b.rtd_time_unknown} RTD without an RTD time are not counted as RTD72`);
  lines.push(`  DNBI deaths: ${s.dnbi.deaths} of ${s.dnbi.casualties} DNBI casualties (${pct(s.dnbi.death_rate)})`);
  lines.push(...section('Battle casualties by warfare type', s.warfare.length > 0 ? keyTable('warfare', s.warfare, 'of BT') : ['  (none)']));
  lines.push(`  conventional ${pct(s.conventional_share)}, land ${pct(s.land_share)} of battle casualties with a known warfare type`);
  lines.push(...section('Mechanism (battle casualties)', keyTable('mechanism', s.mechanisms, 'of BT')));
  lines.push(...section(`Body region (${s.battle_injuries} injuries of battle casualties)`, keyTable('AIS region', s.body_regions, 'of injuries')));
  lines.push(...section('ISS / NISS (battle casualties)', renderTable([
    ['band', 'ISS', 'share', 'NISS', 'share'],
    ...s.iss.map((r) => {
      const n = s.niss.find((x) => x.key === r.key);
      return [r.key, String(r.count), pct(r.share), String(n?.count ?? 0), pct(n?.share ?? 0)];
    }),
  ], ['l', 'r', 'r', 'r', 'r'])));
  lines.push(...section('Causes of death', s.causes_of_death.length > 0 ? renderTable([
    ['cause', 'deaths', 'KIA', 'DOW', 'Died_DNBI'],
    ...s.causes_of_death.map((c) => [c.key, String(c.count), String(c.KIA), String(c.DOW), String(c.Died_DNBI)]),
  ], ['l', 'r', 'r', 'r', 'r']) : ['  (none)']));
  lines.push(...section('Times of battle casualties (hours from injury)', renderTable([
    ['to', 'n', 'median', 'p90', 'mean', 'min', 'max'],
    distributionRow('Role 1 arrival', s.time_to_role1),
    distributionRow('first surgery', s.time_to_surgery),
  ], ['l', 'r', 'r', 'r', 'r', 'r', 'r'])));
  const t = s.triage;
  lines.push(...section('Triage', [`  ${t.changed} of ${t.reassessed} patients triaged more than once changed category (${pct(t.changed_share)}); ${t.assessed} triaged at all`]));
  return lines;
}

export function formatReport(r: RealismReport): string {
  const lines: string[] = ['Realism report', '=============='];
  const asked = r.expectedTotal !== undefined ? ` (scenario total_patients: ${r.expectedTotal})` : '';
  lines.push(`Patients: ${r.total}${asked}`, `Rejected: ${r.rejected.count}`);
  for (const [reason, n] of Object.entries(r.rejected.reasons)) lines.push(`  ${reason}: ${n}`);

  lines.push(...section('Calibration bands (domain spec §4.3; sources in docs/calibration.md)', renderTable([
    ['band', 'value', 'target', 'n', 'result', 'source'],
    ...r.bands.map((b) => [b.name, b.applicable || b.informational ? pct(b.value) : '-', bandTarget(b), String(b.denominator ?? ''), bandVerdict(b), b.source]),
  ], ['l', 'r', 'l', 'r', 'l', 'l'])));
  for (const b of r.bands) if (b.note !== undefined) lines.push(`  ${b.name}: ${b.note}`);
  lines.push(`Overall: ${r.ok ? 'PASS' : 'FAIL'}`);
  lines.push(...formatStatistics(r.statistics));

  lines.push(...section('Final status', renderTable([
    ['status', 'count', 'share'],
    ...FINAL_STATUSES.map((s) => [s, String(r.byFinalStatus[s]), pct(r.total > 0 ? r.byFinalStatus[s] / r.total : 0)]),
  ], ['l', 'r', 'r'])));
  lines.push(...section('By injury type', outcomeTable('injury type', r.byInjuryType)));
  lines.push(...section('By triage', outcomeTable('triage', r.byTriage)));

  const days = Object.entries(r.perDay).map(([d, n]) => [d, String(n), pct(r.total > 0 ? n / r.total : 0)]);
  lines.push(...section('Per day', days.length > 0 ? renderTable([['day', 'count', 'share'], ...days], ['l', 'r', 'r']) : ['  (none)']));

  const peak = Math.max(1, ...r.perHourOfDay);
  lines.push(...section('Per hour of day (UTC)', renderTable([
    ['hour', 'count', 'share', ''],
    ...r.perHourOfDay.map((n, h) => [String(h).padStart(2, '0'), String(n), pct(r.total > 0 ? n / r.total : 0), '#'.repeat(Math.round((n / peak) * 30))]),
  ], ['l', 'r', 'r', 'l'])));

  lines.push(...section('Nationalities', shareTable('nation', r.nationalityShares.map(({ code, ...s }) => ({ key: code, ...s })))));
  lines.push(...section('Fronts', shareTable('front', r.frontShares.map(({ front, ...s }) => ({ key: front, ...s })))));
  return `${lines.join('\n')}\n`;
}
