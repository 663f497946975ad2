import type { Authenticator, KeyService, OwnerAccess, Principal } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { ConfigurationsRepository, DatabaseHandle, KeysRepository, UsageRepository } from '../db/index.js';
import type { ExerciseService } from '../exercise/index.js';
import type { JobService } from '../jobs/index.js';
import type { Metrics } from './metrics.js';
import type { ScenarioResolution } from './services/scenario-resolution.js';

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

/** The repositories and services routes use, built once by the composition root (compose.ts). */
export interface Services {
  keys: KeysRepository;
  usage: UsageRepository;
  configurations: ConfigurationsRepository;
  /** Key administration (the `medgen keys` operations). */
  keyAdmin: KeyService;
  /** Saved configuration, preset or inline scenario → a checked scenario (generation and streaming). */
  scenarios: ScenarioResolution;
  /** The live exercise feed: runs, their clocks and webhook deliveries (started and stopped with the app). */
  exercises: ExerciseService;
  /** The job service; absent on an app built without one (the key tests), whose job routes are then not registered. */
  jobs?: JobService;
}

/** The services the HTTP layer composes; each route module takes what it needs from here. */
export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  authenticator: Authenticator;
  metrics: Metrics;
  services: Services;
  /** Extra health checks (job worker, redis) keyed by name. */
  healthChecks?: Record<string, () => Promise<CheckResult>>;
  /**
   * Fires shortly before a graceful shutdown cuts the connections still open, so long responses
   * (streams) can end validly with an error instead of being cut mid-record.
   */
  shutdown?: AbortSignal;
  /** The local owner key and its sign-in tokens, when MEDGEN_OWNER_KEY is on. */
  owner?: OwnerAccess;
  /** A job visible to this caller (its owner, or an admin key), else undefined; absent without a job service. */
  findJob?: (jobId: string, principal: Principal) => Promise<JobLookup | undefined>;
}
