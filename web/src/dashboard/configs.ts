/** Chart configurations and data tables built from the dashboard aggregates. */
import type { ChartConfiguration } from 'chart.js';
import type { DashboardData, KeyedOutcomes, OutcomeCounts } from '../api/types.js';
import { facilityLabel, outcomeShort } from '../app/format.js';
import { OUTCOME_COLORS, type TableData } from './ChartCard.js';

/** Final statuses in display order; a dashboard shows those its data has (Died_DNBI only from engines that write it). */
const OUTCOME_ORDER = ['KIA', 'DOW', 'RTD', 'Remains_Role4', 'Died_DNBI'];

export function outcomeKeys(d: DashboardData): string[] {
  const present = Object.keys(d.summary.by_final_status);
  return [...OUTCOME_ORDER.filter((o) => present.includes(o)), ...present.filter((o) => !OUTCOME_ORDER.includes(o))];
}

type Counts = Partial<Record<string, number>>;
const count = (c: OutcomeCounts | Counts, o: string): number => (c as Counts)[o] ?? 0;
const FACILITY_COLORS = ['#7c3aed', '#0891b2', '#ca8a04', '#db2777', '#1d4ed8'];
const FACILITIES = ['POI', 'R1', 'R2', 'R3', 'R4'];

export interface Built {
  config: ChartConfiguration;
  table: TableData;
}

const stackedOptions = (horizontal = false) => ({
  indexAxis: horizontal ? ('y' as const) : ('x' as const),
  scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
  plugins: { legend: { position: 'bottom' as const } },
});

export function countBars(rows: { label: string; count: number }[], label: string, color = '#1f4e79'): Built {
  return {
    config: {
      type: 'bar',
      data: { labels: rows.map((r) => r.label), datasets: [{ label, data: rows.map((r) => r.count), backgroundColor: color }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    },
    table: { columns: ['', label], rows: rows.map((r) => [r.label, r.count]) },
  };
}

/** Stacked outcome bars for labelled rows (by triage, injury type, front, nationality). */
export function outcomeBars(rows: { label: string; counts: OutcomeCounts }[], outcomes: readonly string[], horizontal = false): Built {
  return {
    config: {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: outcomes.map((o) => ({ label: outcomeShort(o), data: rows.map((r) => count(r.counts, o)), backgroundColor: OUTCOME_COLORS[o] ?? '#64748b' })),
      },
      options: stackedOptions(horizontal),
    },
    table: {
      columns: ['', 'Total', ...outcomes.map(outcomeShort)],
      rows: rows.map((r) => [r.label, outcomes.reduce((a, o) => a + count(r.counts, o), 0), ...outcomes.map((o) => count(r.counts, o))]),
    },
  };
}

export const keyedRows = (list: KeyedOutcomes[], label: (key: string) => string = (k) => k) => list.map((r) => ({ label: label(r.key), counts: r }));

export function mapRows(map: Record<string, OutcomeCounts>, label: (key: string) => string = (k) => k): { label: string; counts: OutcomeCounts }[] {
  return Object.entries(map).map(([key, counts]) => ({ label: label(key), counts }));
}

export function sankey(d: DashboardData): Built {
  const names = Object.fromEntries(d.patient_flow.nodes.map((n) => [n.id, n.name]));
  const color = (id: string): string => {
    const o = OUTCOME_COLORS[id];
    if (o) return o;
    return FACILITY_COLORS[FACILITIES.indexOf(id)] ?? '#64748b';
  };
  const links = d.patient_flow.links.filter((l) => l.value > 0);
  return {
    config: {
      type: 'sankey',
      data: {
        datasets: [{
          label: 'Patient flow',
          data: links.map((l) => ({ from: l.source, to: l.target, flow: l.value })),
          colorFrom: (c: { raw?: unknown }) => color((c.raw as { from: string } | undefined)?.from ?? ''),
          colorTo: (c: { raw?: unknown }) => color((c.raw as { to: string } | undefined)?.to ?? ''),
          labels: Object.fromEntries(Object.keys(names).map((k) => [k, FACILITIES.includes(k) ? facilityLabel(k) : outcomeShort(k)])),
          parsing: { from: 'from', to: 'to', flow: 'flow' },
        }],
      },
      options: { plugins: { legend: { display: false } } },
    } as unknown as ChartConfiguration,
    table: { columns: ['From', 'To', 'Patients'], rows: links.map((l) => [names[l.source] ?? l.source, names[l.target] ?? l.target, l.value]) },
  };
}

/** Facility load (patients present each hour) as lines, one per role. */
export function loadLines(series: { t: number; load: number[] }[], label: (t: number) => string): Built {
  return {
    config: {
      type: 'line',
      data: {
        labels: series.map((s) => label(s.t)),
        datasets: FACILITIES.map((f, i) => ({
          label: facilityLabel(f), data: series.map((s) => s.load[i] ?? 0), borderColor: FACILITY_COLORS[i], backgroundColor: FACILITY_COLORS[i], pointRadius: 0, borderWidth: 2,
        })),
      },
      options: { plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true }, x: { ticks: { maxTicksLimit: 12 } } } },
    },
    table: { columns: ['Time', ...FACILITIES.map(facilityLabel)], rows: series.map((s) => [label(s.t), ...s.load]) },
  };
}
