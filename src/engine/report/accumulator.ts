/**
 * Streams patients into counters for the realism report. Memory does not grow with the number
 * of patients: only counters are kept, and the keyed tables (days, nationalities, fronts) are
 * capped at MAX_KEYS distinct keys, the excess counted under "(other)".
 */
import { FINAL_STATUSES, INJURY_TYPES, TRIAGE_CATEGORIES } from '../types.js';
import type { FinalStatus, InjuryType, Patient, Triage } from '../types.js';
import { checkBands } from './bands.js';
import { normaliseRecord } from './record.js';
import { CasualtyStatsAccumulator } from './statistics.js';
import type { ReportRecord } from './record.js';
import type { FrontShare, NationalityShare, OutcomeBreakdown, RealismReport, ScenarioLike } from './types.js';

export const MAX_KEYS = 1000;
export const OTHER = '(other)';

type Outcomes = Pick<OutcomeBreakdown, 'total' | FinalStatus | 'reachedR1'>;

function emptyOutcomes(): Outcomes {
  return { total: 0, KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0, Died_DNBI: 0, reachedR1: 0 };
}

function table<K extends string>(keys: readonly K[]): Record<K, Outcomes> {
  return Object.fromEntries(keys.map((k) => [k, emptyOutcomes()])) as Record<K, Outcomes>;
}

function rate(n: number, d: number): number {
  return d > 0 ? n / d : 0;
}

function breakdown(o: Outcomes): OutcomeBreakdown {
  return {
    ...o,
    kiaRate: rate(o.KIA, o.total),
    dowRateOfReachingR1: rate(o.DOW, o.reachedR1),
    rtdRate: rate(o.RTD, o.total),
  };
}

function mapValues<K extends string>(t: Record<K, Outcomes>): Record<K, OutcomeBreakdown> {
  const out = {} as Record<K, OutcomeBreakdown>;
  for (const k of Object.keys(t) as K[]) out[k] = breakdown(t[k]);
  return out;
}

function bump(m: Map<string, number>, k: string): void {
  const n = m.get(k);
  if (n !== undefined) m.set(k, n + 1);
  else if (m.size < MAX_KEYS) m.set(k, 1);
  else m.set(OTHER, (m.get(OTHER) ?? 0) + 1);
}

/** Sort key of a day label: "Day N" by N, anything else after all days. */
function dayOrder(a: string, b: string): number {
  const na = /^Day (\d+)$/.exec(a);
  const nb = /^Day (\d+)$/.exec(b);
  if (na && nb) return Number(na[1]) - Number(nb[1]);
  if (na || nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Expected shares from a scenario: fronts by normalised casualty rate, nations weighted by them. */
export function expectedShares(scenario: ScenarioLike | undefined): { fronts: Map<string, number>; nations: Map<string, number> } | undefined {
  const fronts = scenario?.front_configs ?? [];
  const rateOf = (r: number): number => (Number.isFinite(r) && r > 0 ? r : 0);
  const sum = fronts.reduce((s, f) => s + rateOf(f.casualty_rate), 0);
  if (sum <= 0) return undefined;
  const out = { fronts: new Map<string, number>(), nations: new Map<string, number>() };
  for (const f of fronts) {
    const w = rateOf(f.casualty_rate) / sum;
    out.fronts.set(f.name, (out.fronts.get(f.name) ?? 0) + w);
    for (const n of f.nationality_distribution ?? []) {
      const code = n.nationality_code.toUpperCase();
      out.nations.set(code, (out.nations.get(code) ?? 0) + (w * n.percentage) / 100);
    }
  }
  return out;
}

function shares(counts: Map<string, number>, total: number, expected: Map<string, number> | undefined): { key: string; count: number; share: number; expected?: number }[] {
  const keys = new Set([...counts.keys(), ...(expected?.keys() ?? [])]);
  const rows = [...keys].map((key) => {
    const count = counts.get(key) ?? 0;
    const row: { key: string; count: number; share: number; expected?: number } = { key, count, share: rate(count, total) };
    if (expected) row.expected = expected.get(key) ?? 0;
    return row;
  });
  return rows.sort((a, b) => b.count - a.count || (b.expected ?? 0) - (a.expected ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export class ReportAccumulator {
  private total = 0;
  private rejectedCount = 0;
  private readonly reasons = new Map<string, number>();
  private readonly byStatus = Object.fromEntries(FINAL_STATUSES.map((s) => [s, 0])) as Record<FinalStatus, number>;
  private readonly byInjury = table<InjuryType>(INJURY_TYPES);
  private readonly byTriage = table<Triage>(TRIAGE_CATEGORIES);
  private readonly perDay = new Map<string, number>();
  private readonly perHour = new Array<number>(24).fill(0);
  private readonly nations = new Map<string, number>();
  private readonly fronts = new Map<string, number>();
  private readonly stats = new CasualtyStatsAccumulator();
  private readonly expected: ReturnType<typeof expectedShares>;
  private readonly expectedTotal: number | undefined;

  /** @param scenario the scenario the patients came from, to compare shares against it. */
  constructor(scenario?: ScenarioLike) {
    this.expected = expectedShares(scenario);
    this.expectedTotal = scenario?.total_patients;
  }

  /** Counts one patient; a record that cannot be read is counted as rejected, with its reason. */
  add(p: Patient | Record<string, unknown>): void {
    const n = normaliseRecord(p);
    if (!n.ok) {
      this.rejectedCount++;
      this.reasons.set(n.reason, (this.reasons.get(n.reason) ?? 0) + 1);
      return;
    }
    this.count(n.record);
    this.stats.add(p as Record<string, unknown>, n.record.injuryType, n.record.finalStatus);
  }

  private count(r: ReportRecord): void {
    this.total++;
    this.byStatus[r.finalStatus]++;
    for (const o of [this.byInjury[r.injuryType], this.byTriage[r.triage]]) {
      o.total++;
      o[r.finalStatus]++;
      if (r.reachedR1) o.reachedR1++;
    }
    bump(this.perDay, r.day);
    this.perHour[r.hour] = (this.perHour[r.hour] as number) + 1;
    bump(this.nations, r.nationality);
    bump(this.fronts, r.front);
  }

  /** The report so far; the accumulator can keep counting afterwards. */
  result(): RealismReport {
    const days = [...this.perDay.keys()].sort(dayOrder);
    const base = {
      total: this.total,
      ...(this.expectedTotal !== undefined ? { expectedTotal: this.expectedTotal } : {}),
      rejected: { count: this.rejectedCount, reasons: Object.fromEntries([...this.reasons].sort(([a], [b]) => (a < b ? -1 : 1))) },
      byFinalStatus: { ...this.byStatus },
      byInjuryType: mapValues(this.byInjury),
      byTriage: mapValues(this.byTriage),
      perDay: Object.fromEntries(days.map((d) => [d, this.perDay.get(d) as number])),
      perHourOfDay: [...this.perHour],
      nationalityShares: shares(this.nations, this.total, this.expected?.nations)
        .map(({ key, ...rest }): NationalityShare => ({ code: key, ...rest })),
      frontShares: shares(this.fronts, this.total, this.expected?.fronts)
        .map(({ key, ...rest }): FrontShare => ({ front: key, ...rest })),
    };
    const statistics = this.stats.result();
    const bands = checkBands(statistics);
    return { ...base, statistics, bands, ok: this.total > 0 && bands.every((b) => b.pass) };
  }
}
