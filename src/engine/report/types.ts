/**
 * Shapes of the realism report (domain spec §4.3 calibration bands). All rates and shares are
 * fractions in [0, 1]; the text formatter prints them as percentages.
 */
import type { FinalStatus, InjuryType, Triage } from '../types.js';
import type { CasualtyStatistics } from './statistics.js';

/**
 * The part of a scenario the report reads: enough to say which nationality and front shares
 * were asked for. A full `Scenario` fits it, and so does a raw v1 scenario JSON.
 */
export interface ScenarioLike {
  front_configs?: {
    name: string;
    casualty_rate: number;
    nationality_distribution: { nationality_code: string; percentage: number }[];
  }[];
  total_patients?: number;
}

/** Outcome counts of one group of patients (an injury type, a triage category). */
export interface OutcomeBreakdown {
  total: number;
  KIA: number;
  DOW: number;
  RTD: number;
  Remains_Role4: number;
  Died_DNBI: number;
  /** Patients of the group that reached R1 (arrived there or at a later role). */
  reachedR1: number;
  /** KIA / total (0 when the group is empty). */
  kiaRate: number;
  /** DOW / reachedR1 (0 when nobody reached R1). */
  dowRateOfReachingR1: number;
  /** RTD / total (0 when the group is empty). */
  rtdRate: number;
}

export interface NationalityShare {
  code: string;
  count: number;
  /** count / total accepted patients. */
  share: number;
  /** Share the scenario asked for, when a scenario with fronts was given. */
  expected?: number;
}

export interface FrontShare {
  front: string;
  count: number;
  share: number;
  expected?: number;
}

/**
 * One calibration band. `min` is inclusive; `max` is inclusive unless `maxExclusive` is set
 * (the spec's "< 1 %"). A band that is not applicable (too small a population, or informational
 * for this kind of scenario) passes; `inside` still says where its value lies.
 */
export interface BandCheck {
  /** Stable key (cfr, pct_kia, pct_dow, dnbi_deaths, explosive, gunshot, extremities, …). */
  id: string;
  name: string;
  value: number;
  min?: number;
  max?: number;
  maxExclusive?: boolean;
  /** Size of the population the value was computed on. */
  denominator?: number;
  pass: boolean;
  applicable: boolean;
  /** The value lies inside the band (whether or not the band applies). */
  inside: boolean;
  /** Computed and shown, but not checked for this scenario (e.g. mechanism bands outside conventional war). */
  informational: boolean;
  /** Where the band comes from (docs/calibration.md has the references). */
  source: string;
  /** Why the band is not applicable or informational. */
  note?: string;
}

export interface RealismReport {
  /** Accepted patients; every table below sums to it. */
  total: number;
  /** The scenario's `total_patients`, when a scenario was given. */
  expectedTotal?: number;
  rejected: { count: number; reasons: Record<string, number> };
  byFinalStatus: Record<FinalStatus, number>;
  byInjuryType: Record<InjuryType, OutcomeBreakdown>;
  byTriage: Record<Triage, OutcomeBreakdown>;
  /** Keyed by `day_of_injury` ("Day N"), in day order; "(unknown)" when a record lacks it. */
  perDay: Record<string, number>;
  /** Injuries per UTC hour of day, index 0–23. */
  perHourOfDay: number[];
  nationalityShares: NationalityShare[];
  frontShares: FrontShare[];
  /** The combat-casualty statistics (Holcomb 2006), wound pattern, times and triage changes. */
  statistics: CasualtyStatistics;
  bands: BandCheck[];
  /** At least one patient, and every applicable band passes. */
  ok: boolean;
}
