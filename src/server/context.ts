import type { Authenticator } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { DatabaseHandle } from '../db/index.js';
import type { Metrics } from './metrics.js';

/** What a health check says about one dependency. */
export interface CheckResult {
  status: 'healthy' | 'warning' | 'unhealthy';
  [detail: string]: unknown;
}

/** The services the HTTP layer composes; each route module takes what it needs from here. */
export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  authenticator: Authenticator;
  metrics: Metrics;
  /** Extra health checks (job worker, redis) keyed by name. */
  healthChecks?: Record<string, () => Promise<CheckResult>>;
}
