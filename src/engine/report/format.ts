/**
 * Plain-text rendering of a realism report: aligned tables, percentages with one decimal,
 * PASS / FAIL per calibration band. Locale-independent.
 */
import { FINAL_STATUSES } from '../types.js';
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
  const rows = [[first, 'total', 'KIA', 'DOW', 'RTD', 'Remains_R4', 'reached R1', 'KIA %', 'DOW % of R1', 'RTD %']];
  for (const [name, g] of Object.entries(groups)) {
    rows.push([name, String(g.total), String(g.KIA), String(g.DOW), String(g.RTD), String(g.Remains_Role4), String(g.reachedR1),
      pct(g.kiaRate), pct(g.dowRateOfReachingR1), pct(g.rtdRate)]);
  }
  return renderTable(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
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
  if (!b.applicable) return 'n/a';
  return b.pass ? 'PASS' : 'FAIL';
}

export function formatReport(r: RealismReport): string {
  const lines: string[] = ['Realism report', '=============='];
  const asked = r.expectedTotal !== undefined ? ` (scenario total_patients: ${r.expectedTotal})` : '';
  lines.push(`Patients: ${r.total}${asked}`, `Rejected: ${r.rejected.count}`);
  for (const [reason, n] of Object.entries(r.rejected.reasons)) lines.push(`  ${reason}: ${n}`);

  lines.push(...section('Calibration bands (domain spec §4.3)', renderTable([
    ['band', 'value', 'target', 'n', 'result'],
    ...r.bands.map((b) => [b.name, b.applicable ? pct(b.value) : '-', bandTarget(b), String(b.denominator ?? ''), bandVerdict(b)]),
  ], ['l', 'r', 'l', 'r', 'l'])));
  lines.push(`Overall: ${r.ok ? 'PASS' : 'FAIL'}`);

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
