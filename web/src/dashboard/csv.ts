/** The dashboard's aggregates as one CSV (RFC 4180): section, key, count and the outcome split. */
import type { DashboardData } from '../api/types.js';

const OUTCOME_KEYS = ['KIA', 'DOW', 'RTD', 'Remains_Role4'] as const;

export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function dashboardCsv(d: DashboardData): string {
  const rows: (string | number)[][] = [['section', 'key', 'count', ...OUTCOME_KEYS]];
  const s = d.summary;
  rows.push(['summary', 'total', s.total_patients, s.kia, s.dow, s.rtd, s.remains_role4]);
  for (const r of d.casualties_by_day) rows.push(['casualties_by_day', `Day ${r.day}`, r.count, '', '', '', '']);
  for (const r of d.casualties_by_hour) rows.push(['casualties_by_hour', String(r.hour).padStart(2, '0'), r.count, '', '', '', '']);
  const keyed: [string, DashboardData['by_front']][] = [
    ['by_front', d.by_front], ['by_nationality', d.by_nationality], ['by_injury_type', d.by_injury_type], ['by_triage', d.by_triage],
  ];
  for (const [section, list] of keyed) for (const r of list) rows.push([section, r.key, r.count, r.KIA, r.DOW, r.RTD, r.Remains_Role4]);
  for (const [f, st] of Object.entries(d.facility_stats)) rows.push(['facility', f, st.arrivals, st.kia, st.dow, st.rtd, st.remains]);
  for (const l of d.patient_flow.links) rows.push(['flow', `${l.source}>${l.target}`, l.value, '', '', '', '']);
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
