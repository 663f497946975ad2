/**
 * Sensitivity of the outcome to evacuation delay: the same scenario and seed
 * with every evacuation and transit time multiplied by a factor. Longer evacuation must raise
 * KIA, DOW and CFR. Used by bench/sensitivity.mjs and the sensitivity test.
 */
import { createRun, generateRange } from '../run.js';
import type { HourRange, Scenario } from '../types.js';
import { renderTable } from './format.js';
import { CasualtyStatsAccumulator } from './statistics.js';

export interface SensitivityRow {
  factor: number;
  patients: number;
  battle: number;
  /** KIA and DOW as shares of battle casualties. */
  kia_share: number;
  dow_share: number;
  cfr: number;
  pct_kia: number;
  pct_dow: number;
  /** RTD within 72 h, as a share of battle casualties. */
  rtd72_share: number;
  median_hours_to_role1: number | null;
}

function scaleRange(r: HourRange, f: number): HourRange {
  return { min_hours: r.min_hours * f, max_hours: r.max_hours * f };
}

function scaleTable<K extends string, T extends string>(t: Record<K, Record<T, HourRange>>, f: number): Record<K, Record<T, HourRange>> {
  const out = {} as Record<K, Record<T, HourRange>>;
  for (const k of Object.keys(t) as K[]) {
    const row = {} as Record<T, HourRange>;
    for (const c of Object.keys(t[k]) as T[]) row[c] = scaleRange(t[k][c], f);
    out[k] = row;
  }
  return out;
}

/** The scenario with every evacuation and transit time (min and max) multiplied by `factor`. */
export function scaleEvacuation(scenario: Scenario, factor: number): Scenario {
  return { ...scenario, evacuation_times: scaleTable(scenario.evacuation_times, factor), transit_times: scaleTable(scenario.transit_times, factor) };
}

/** Generates `patients` patients of the scaled scenario (fixed seed) and measures them. */
export function sensitivityRow(scenario: Scenario, factor: number, patients: number, seed: number | string): SensitivityRow {
  const run = createRun(scaleEvacuation({ ...scenario, total_patients: patients }, factor), seed);
  const acc = new CasualtyStatsAccumulator();
  for (const p of generateRange(run)) acc.add(p as unknown as Record<string, unknown>, p.injury_type, p.final_status);
  const s = acc.result();
  const b = s.battle;
  return {
    factor, patients: run.total, battle: b.casualties, kia_share: b.kia_share, dow_share: b.dow_share, cfr: b.cfr, pct_kia: b.pct_kia, pct_dow: b.pct_dow,
    rtd72_share: b.casualties > 0 ? b.rtd_72h / b.casualties : 0, median_hours_to_role1: s.time_to_role1.median,
  };
}

/** What is not strictly rising from one row to the next: KIA and DOW (shares of battle casualties) and CFR. */
export function monotoneFailures(rows: readonly SensitivityRow[]): string[] {
  const out: string[] = [];
  const checks: [keyof SensitivityRow, string][] = [['kia_share', 'KIA % of BT'], ['dow_share', 'DOW % of BT'], ['cfr', 'CFR']];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1] as SensitivityRow;
    const b = rows[i] as SensitivityRow;
    for (const [k, name] of checks) {
      if (!((b[k] as number) > (a[k] as number))) out.push(`${name} does not rise from ×${a.factor} to ×${b.factor} (${a[k]} → ${b[k]})`);
    }
  }
  return out;
}

const p1 = (x: number): string => (x * 100).toFixed(1);

/** The table as printed by the bench (percentages with one decimal). */
export function formatSensitivity(rows: readonly SensitivityRow[]): string {
  return renderTable([
    ['evac ×', 'BT', 'KIA % of BT', 'DOW % of BT', 'CFR %', '%KIA', '%DOW', 'RTD72 % of BT', 'median h to R1'],
    ...rows.map((r) => [`×${r.factor}`, String(r.battle), p1(r.kia_share), p1(r.dow_share), p1(r.cfr), p1(r.pct_kia), p1(r.pct_dow), p1(r.rtd72_share),
      r.median_hours_to_role1 === null ? '-' : r.median_hours_to_role1.toFixed(1)]),
  ], ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], '').join('\n');
}
