import {
  DashboardAccumulator, FINAL_STATUSES, INJURY_TYPES, TRIAGE_CATEGORIES,
  type FinalStatus, type InjuryType, type Patient, type Triage,
} from '../engine/index.js';

/** What a completed job reports about its patients (spec service §2.2). */
export interface JobSummary {
  total_patients: number;
  by_final_status: Record<FinalStatus, number>;
  by_triage: Record<Triage, number>;
  by_injury_type: Record<InjuryType, number>;
  seed: number | string;
  /** The aggregates the dashboard route serves (engine DashboardAccumulator). */
  dashboard: unknown;
}

const counts = <K extends string>(keys: readonly K[], rows: readonly { key: string; count: number }[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, rows.find((r) => r.key === k)?.count ?? 0])) as Record<K, number>;

/**
 * Counts patients as they stream past; memory does not grow with their number. The totals are
 * read off the dashboard aggregates, which already count every status, triage and injury type.
 */
export class SummaryAccumulator {
  private readonly dashboard = new DashboardAccumulator();

  add(batch: readonly Patient[]): void {
    for (const p of batch) this.dashboard.add(p);
  }

  result(seed: number | string): JobSummary {
    const d = this.dashboard.result();
    return {
      total_patients: d.summary.total_patients,
      by_final_status: Object.fromEntries(FINAL_STATUSES.map((k) => [k, d.summary.by_final_status[k]])) as Record<FinalStatus, number>,
      by_triage: counts(TRIAGE_CATEGORIES, d.by_triage),
      by_injury_type: counts(INJURY_TYPES, d.by_injury_type),
      seed,
      dashboard: d,
    };
  }
}
