/** The dashboard's aggregates as one CSV (RFC 4180): section, key, count and the outcome split. */
import type { DashboardData } from '../api/types.js';
import { outcomeKeys } from './configs.js';

/** facility_stats field of each final status (the outcomes counted where they happened). */
const FACILITY_FIELD: Record<string, string> = { KIA: 'kia', DOW: 'dow', RTD: 'rtd', Remains_Role4: 'remains', Died_DNBI: 'died_dnbi' };

export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function dashboardCsv(d: DashboardData): string {
  const outcomes = outcomeKeys(d);
  const of = (r: object, k: string): number | string => (r as Record<string, number | undefined>)[k] ?? '';
  const blank = outcomes.map(() => '');
  const rows: (string | number)[][] = [['section', 'key', 'count', ...outcomes]];
  const s = d.summary;
  rows.push(['summary', 'total', s.total_patients, ...outcomes.map((o) => of(s.by_final_status, o))]);
  for (const r of d.casualties_by_day) rows.push(['casualties_by_day', `Day ${r.day}`, r.count, ...blank]);
  for (const r of d.casualties_by_hour) rows.push(['casualties_by_hour', String(r.hour).padStart(2, '0'), r.count, ...blank]);
  const keyed: [string, DashboardData['by_front']][] = [
    ['by_front', d.by_front], ['by_nationality', d.by_nationality], ['by_injury_type', d.by_injury_type], ['by_triage', d.by_triage],
  ];
  for (const [section, list] of keyed) for (const r of list) rows.push([section, r.key, r.count, ...outcomes.map((o) => of(r, o))]);
  for (const [f, st] of Object.entries(d.facility_stats)) rows.push(['facility', f, st.arrivals, ...outcomes.map((o) => of(st, FACILITY_FIELD[o] ?? o))]);
  for (const l of d.patient_flow.links) rows.push(['flow', `${l.source}>${l.target}`, l.value, ...blank]);
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
