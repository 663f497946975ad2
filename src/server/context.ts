import type { Authenticator, OwnerAccess, Principal } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { DatabaseHandle } from '../db/index.js';
import type { Metrics } from './metrics.js';

/** What a health check says about one dependency. */
export interface CheckResult {
  status: 'healthy' | 'warning' | 'unhealthy';
  [detail: string]: unknown;
}

/** What other route modules (visualizations) may read of a job. */
export interface JobLookup {
  id: string;
  status: string;
  total_patients: number;
  /** The resolved scenario the job generated (seed included). */
  scenario: Record<string, unknown>;
  /** Set when completed: totals plus `dashboard` (the aggregates of engine/report/dashboard). */
  summary: Record<string, unknown> | null;
}

/** The services the HTTP layer composes; each route module takes what it needs from here. */
export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  authenticator: Authenticator;
  metrics: Metrics;
  /** Extra health checks (job worker, redis) keyed by name. */
  healthChecks?: Record<string, () => Promise<CheckResult>>;
  /**
   * Fires shortly before a graceful shutdown cuts the connections still open, so long responses
   * (streams) can end validly with an error instead of being cut mid-record.
   */
  shutdown?: AbortSignal;
  /** The local owner key and its sign-in tokens, when MEDGEN_OWNER_KEY is on. */
  owner?: OwnerAccess;
  /** A job visible to this caller (its owner, or an admin key), else undefined. Set by the jobs module. */
  findJob?: (jobId: string, principal: Principal) => Promise<JobLookup | undefined>;
}
