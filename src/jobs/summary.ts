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

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Counts patients as they stream past; memory does not grow with their number. */
export class SummaryAccumulator {
  private total = 0;
  private readonly status = zeros(FINAL_STATUSES);
  private readonly triage = zeros(TRIAGE_CATEGORIES);
  private readonly injury = zeros(INJURY_TYPES);
  private readonly dashboard = new DashboardAccumulator();

  add(batch: readonly Patient[]): void {
    for (const p of batch) {
      this.total++;
      this.status[p.final_status]++;
      this.triage[p.triage_category]++;
      this.injury[p.injury_type]++;
      this.dashboard.add(p);
    }
  }

  result(seed: number | string): JobSummary {
    return {
      total_patients: this.total,
      by_final_status: { ...this.status },
      by_triage: { ...this.triage },
      by_injury_type: { ...this.injury },
      seed,
      dashboard: this.dashboard.result(),
    };
  }
}
