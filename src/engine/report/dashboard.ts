/**
 * Dashboard aggregates of a run (service spec §2, visualizations): totals, a Sankey of the
 * evacuation flow, per-facility outcomes, casualties per day and hour, and breakdowns by front,
 * nationality, injury type and triage. Only counters are kept, so memory does not grow with the
 * number of patients; keyed tables (days, fronts, nationalities) are capped at MAX_KEYS keys, the
 * excess counted under "(other)". Accumulators merge, so each worker can count its own range;
 * `result()` is lossless, so `DashboardAccumulator.from(result)` rebuilds one on another thread.
 */
import { FACILITIES, FINAL_STATUSES, INJURY_TYPES, TRIAGE_CATEGORIES } from '../types.js';
import type { Facility, FinalStatus, Patient } from '../types.js';
import { MAX_KEYS, OTHER } from './accumulator.js';
import { checkBands } from './bands.js';
import { utcHour } from './record.js';
import { CasualtyStatsAccumulator } from './statistics.js';
import type { CasualtyStatistics } from './statistics.js';
import type { BandCheck } from './types.js';

export type OutcomeCounts = Record<FinalStatus, number>;

/** One row of a breakdown: how many patients have this key, and how they ended. */
export interface KeyedOutcomes extends OutcomeCounts {
  key: string;
  count: number;
}

export interface FacilityStats {
  /** Patients who arrived at the facility. */
  arrivals: number;
  /** Patients whose outcome happened there (or in the transit leaving it). */
  kia: number;
  dow: number;
  rtd: number;
  remains: number;
  died_dnbi: number;
}

export interface FlowNode {
  id: string;
  name: string;
}

/** Sankey link between node ids; `value` is a patient count, links with no patient are left out. */
export interface FlowLink {
  source: string;
  target: string;
  value: number;
}

export interface DashboardData {
  summary: {
    total_patients: number;
    kia: number;
    dow: number;
    rtd: number;
    remains_role4: number;
    died_dnbi: number;
    by_final_status: OutcomeCounts;
  };
  patient_flow: { nodes: FlowNode[]; links: FlowLink[] };
  facility_stats: Record<Facility, FacilityStats>;
  /** Day of fighting (1-based) ascending; only days with casualties. */
  casualties_by_day: { day: number; count: number }[];
  /** Always 24 rows, UTC hour of injury 0–23. */
  casualties_by_hour: { hour: number; count: number }[];
  /** Most casualties first. */
  by_front: KeyedOutcomes[];
  by_nationality: KeyedOutcomes[];
  /** Every injury type / triage category in fixed order, zeros included. */
  by_injury_type: KeyedOutcomes[];
  by_triage: KeyedOutcomes[];
  outcome_by_triage: Record<string, OutcomeCounts>;
  outcome_by_injury_type: Record<string, OutcomeCounts>;
  /** Combat-casualty statistics (Holcomb 2006 CFR, %KIA, %DOW), wound pattern, times to Role 1 and surgery, triage changes. */
  statistics: CasualtyStatistics;
  /** The calibration bands checked on `statistics` (docs/calibration.md). */
  bands: BandCheck[];
}

export const FACILITY_NAMES: Record<Facility, string> = {
  POI: 'Point of Injury', R1: 'Role 1', R2: 'Role 2', R3: 'Role 3', R4: 'Role 4',
};
export const OUTCOME_NAMES: Record<FinalStatus, string> = {
  KIA: 'Killed in Action', DOW: 'Died of Wounds', RTD: 'Returned to Duty', Remains_Role4: 'Remains at Role 4',
  Died_DNBI: 'Died (disease/non-battle)',
};

/** Sankey nodes in order: the facilities, then the outcomes. Links live in a node × node count matrix. */
const NODE_IDS: readonly string[] = [...FACILITIES, ...FINAL_STATUSES];
const NODE_INDEX: Record<string, number> = Object.fromEntries(NODE_IDS.map((id, i) => [id, i]));
const NODES = NODE_IDS.length;

function outcomes(): OutcomeCounts {
  return { KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0, Died_DNBI: 0 };
}

function emptyFacility(): FacilityStats {
  return { arrivals: 0, kia: 0, dow: 0, rtd: 0, remains: 0, died_dnbi: 0 };
}

const FACILITY_FIELD: Record<FinalStatus, keyof FacilityStats> = { KIA: 'kia', DOW: 'dow', RTD: 'rtd', Remains_Role4: 'remains', Died_DNBI: 'died_dnbi' };
const IS_INJURY_TYPE: ReadonlySet<string> = new Set(INJURY_TYPES);
const IS_STATUS: ReadonlySet<string> = new Set(FINAL_STATUSES);

/** Counter per key, capped at MAX_KEYS keys; a key beyond the cap is counted under OTHER. */
class Capped<K extends string | number> {
  readonly map = new Map<K | typeof OTHER, number>();

  slot(k: K): K | typeof OTHER {
    return this.map.has(k) || this.map.size < MAX_KEYS ? k : OTHER;
  }

  add(k: K, n = 1): void {
    const s = this.slot(k);
    this.map.set(s, (this.map.get(s) ?? 0) + n);
  }
}

/** Per-key totals with the outcome split; keys capped like Capped. */
class OutcomeTable {
  readonly map = new Map<string, KeyedOutcomes>();

  row(key: string): KeyedOutcomes {
    let r = this.map.get(key);
    if (r === undefined) {
      if (this.map.size >= MAX_KEYS && key !== OTHER) return this.row(OTHER);
      r = { key, count: 0, ...outcomes() };
      this.map.set(key, r);
    }
    return r;
  }

  add(key: string, status: FinalStatus, n = 1): void {
    const r = this.row(key);
    r.count += n;
    r[status] += n;
  }

  addRow(src: KeyedOutcomes): void {
    const r = this.row(src.key);
    r.count += src.count;
    for (const s of FINAL_STATUSES) r[s] += src[s] ?? 0;
  }

  /** Rows in `order` first (zeros included), then the rest by count, descending. */
  rows(order: readonly string[] = []): KeyedOutcomes[] {
    for (const k of order) this.row(k);
    const fixed = order.map((k) => ({ ...(this.map.get(k) as KeyedOutcomes) }));
    const inOrder = new Set(order);
    const rest = [...this.map.values()].filter((r) => !inOrder.has(r.key)).map((r) => ({ ...r }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return [...fixed, ...rest];
  }
}

/** Day number of "Day N", or undefined. */
function dayNumber(label: string): number | undefined {
  const n = label.startsWith('Day ') ? Number(label.slice(4)) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** UTC hour of the injury; engine timestamps are `YYYY-MM-DDTHH:MM:SSZ`, read without a regex. */
function hourOf(ts: string): number | undefined {
  if (ts.length === 20 && ts.charCodeAt(19) === 90 /* Z */) {
    const h = (ts.charCodeAt(11) - 48) * 10 + (ts.charCodeAt(12) - 48);
    if (h >= 0 && h < 24) return h;
  }
  return utcHour(ts);
}

export class DashboardAccumulator {
  private total = 0;
  private readonly status = outcomes();
  private readonly links = new Array<number>(NODES * NODES).fill(0);
  private readonly facilities = Object.fromEntries(FACILITIES.map((f) => [f, emptyFacility()])) as Record<Facility, FacilityStats>;
  private readonly days = new Capped<number>();
  private readonly hours = new Array<number>(24).fill(0);
  private readonly fronts = new OutcomeTable();
  private readonly nations = new OutcomeTable();
  private readonly injuries = new OutcomeTable();
  private readonly triage = new OutcomeTable();
  private stats = new CasualtyStatsAccumulator();

  /** Rebuilds an accumulator from a result (e.g. one sent from a worker thread), to merge it. */
  static from(data: DashboardData): DashboardAccumulator {
    const acc = new DashboardAccumulator();
    acc.total = data.summary.total_patients;
    for (const s of FINAL_STATUSES) acc.status[s] = data.summary.by_final_status[s] ?? 0;
    for (const l of data.patient_flow.links) acc.link(l.source, l.target, l.value);
    for (const f of FACILITIES) Object.assign(acc.facilities[f], data.facility_stats[f]);
    if (data.statistics) acc.stats = CasualtyStatsAccumulator.from(data.statistics);
    for (const d of data.casualties_by_day) acc.days.add(d.day, d.count);
    for (const h of data.casualties_by_hour) acc.hours[h.hour] = h.count;
    for (const r of data.by_front) acc.fronts.addRow(r);
    for (const r of data.by_nationality) acc.nations.addRow(r);
    for (const r of data.by_injury_type) acc.injuries.addRow(r);
    for (const r of data.by_triage) acc.triage.addRow(r);
    return acc;
  }

  private link(source: string, target: string, n: number): void {
    const from = NODE_INDEX[source];
    const to = NODE_INDEX[target];
    if (from === undefined || to === undefined) return;
    this.links[from * NODES + to] = (this.links[from * NODES + to] as number) + n;
  }

  add(p: Patient): void {
    const status = p.final_status;
    this.total++;
    this.status[status]++;

    const visited = p.timeline_summary.facilities_visited;
    let previous: Facility | undefined;
    for (const f of visited) {
      this.facilities[f].arrivals++;
      if (previous !== undefined) this.link(previous, f, 1);
      previous = f;
    }
    const last = p.last_facility;
    this.facilities[last][FACILITY_FIELD[status]]++;
    this.link(last, status, 1);

    const day = dayNumber(p.day_of_injury);
    if (day !== undefined) this.days.add(day);
    const hour = hourOf(p.injury_timestamp);
    if (hour !== undefined) this.hours[hour] = (this.hours[hour] as number) + 1;

    this.fronts.add(p.front, status);
    this.nations.add(p.nationality, status);
    this.injuries.add(p.injury_type, status);
    this.triage.add(p.triage_category, status);
    if (IS_INJURY_TYPE.has(p.injury_type) && IS_STATUS.has(status)) this.stats.add(p as unknown as Record<string, unknown>, p.injury_type, status);
  }

  /** Adds another accumulator's counts to this one; `other` is left unchanged. */
  merge(other: DashboardAccumulator): void {
    this.total += other.total;
    for (const s of FINAL_STATUSES) this.status[s] += other.status[s];
    for (let k = 0; k < this.links.length; k++) this.links[k] = (this.links[k] as number) + (other.links[k] as number);
    for (const f of FACILITIES) {
      const a = this.facilities[f];
      const b = other.facilities[f];
      for (const field of Object.keys(a) as (keyof FacilityStats)[]) a[field] += b[field];
    }
    for (const [d, n] of other.days.map) {
      if (d === OTHER) this.days.map.set(OTHER, (this.days.map.get(OTHER) ?? 0) + n);
      else this.days.add(d, n);
    }
    for (let h = 0; h < 24; h++) this.hours[h] = (this.hours[h] as number) + (other.hours[h] as number);
    for (const r of other.fronts.map.values()) this.fronts.addRow(r);
    for (const r of other.nations.map.values()) this.nations.addRow(r);
    for (const r of other.injuries.map.values()) this.injuries.addRow(r);
    for (const r of other.triage.map.values()) this.triage.addRow(r);
    this.stats.merge(other.stats);
  }

  /** The aggregates so far; counting may continue afterwards. */
  result(): DashboardData {
    const s = this.status;
    const names: Record<string, string> = { ...FACILITY_NAMES, ...OUTCOME_NAMES };
    const links: FlowLink[] = [];
    this.links.forEach((value, k) => {
      if (value > 0) links.push({ source: NODE_IDS[Math.floor(k / NODES)] as string, target: NODE_IDS[k % NODES] as string, value });
    });
    const days = [...this.days.map].filter(([d]) => d !== OTHER) as [number, number][];
    const outcomeMap = (t: OutcomeTable, order: readonly string[]): Record<string, OutcomeCounts> =>
      Object.fromEntries(t.rows(order).map(({ KIA, DOW, RTD, Remains_Role4, Died_DNBI, key }) => [key, { KIA, DOW, RTD, Remains_Role4, Died_DNBI }]));
    const statistics = this.stats.result();
    return {
      summary: {
        total_patients: this.total, kia: s.KIA, dow: s.DOW, rtd: s.RTD, remains_role4: s.Remains_Role4, died_dnbi: s.Died_DNBI, by_final_status: { ...s },
      },
      patient_flow: { nodes: NODE_IDS.map((id) => ({ id, name: names[id] as string })), links },
      facility_stats: Object.fromEntries(FACILITIES.map((f) => [f, { ...this.facilities[f] }])) as Record<Facility, FacilityStats>,
      casualties_by_day: days.sort((a, b) => a[0] - b[0]).map(([day, count]) => ({ day, count })),
      casualties_by_hour: this.hours.map((count, hour) => ({ hour, count })),
      by_front: this.fronts.rows(),
      by_nationality: this.nations.rows(),
      by_injury_type: this.injuries.rows(INJURY_TYPES),
      by_triage: this.triage.rows(TRIAGE_CATEGORIES),
      outcome_by_triage: outcomeMap(this.triage, TRIAGE_CATEGORIES),
      outcome_by_injury_type: outcomeMap(this.injuries, INJURY_TYPES),
      statistics,
      bands: checkBands(statistics),
    };
  }
}
