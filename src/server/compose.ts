import { Authenticator, KeyService, OwnerAccess } from '../auth/index.js';
import type { Config } from '../config/index.js';
import { ConfigurationsRepository, KeysRepository, UsageRepository, type DatabaseHandle } from '../db/index.js';
import { ExerciseService } from '../exercise/index.js';
import { JobService } from '../jobs/index.js';
import type { App } from './app-type.js';
import type { AppDeps, Services } from './context.js';
import type { Metrics } from './metrics.js';
import { ScenarioResolution } from './services/scenario-resolution.js';

/** Where services log what goes wrong in the background (the app's logger, once it exists). */
export interface ServiceLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

/** The repositories and request services over one database, built once and handed to every route. */
export function composeServices(config: Config, database: DatabaseHandle, opts: { jobs?: JobService; log?: ServiceLog } = {}): Services {
  const keys = new KeysRepository(database.db);
  const usage = new UsageRepository(database.db);
  const configurations = new ConfigurationsRepository(database.db);
  return {
    keys, usage, configurations,
    keyAdmin: new KeyService(keys, usage),
    scenarios: new ScenarioResolution(configurations, config.maxPatientsPerJob),
    exercises: new ExerciseService({ database, onError: (err) => opts.log?.warn({ err }, 'exercise feed') }),
    jobs: opts.jobs,
  };
}

export interface Composition {
  deps: AppDeps;
  jobs: JobService;
  /** Aborted a little before a graceful shutdown cuts the connections (see AppDeps.shutdown). */
  shutdown: AbortController;
  /** The jobs and the exercise feed log through the app's logger, which exists only once the app is built over `deps`. */
  attachLogger(app: App): void;
}

/**
 * The composition root of the server: over an open, migrated database it builds the job
 * service, the repositories and services, the authenticator (built-in keys ensured) and the
 * owner key, once. Routes receive them through `deps` and construct nothing themselves.
 */
export async function compose(config: Config, database: DatabaseHandle, metrics: Metrics, opts: { runWorkers?: boolean } = {}): Promise<Composition> {
  const logger: { app?: App } = {};
  const log: ServiceLog = {
    info: (fields: Record<string, unknown>, msg: string) => logger.app?.log.info(fields, msg),
    warn: (fields: Record<string, unknown>, msg: string) => logger.app?.log.warn(fields, msg),
  };
  const jobs = new JobService({ config, database, metrics, runWorkers: opts.runWorkers !== false, staleMs: config.jobStaleSeconds * 1000, log });
  const services = composeServices(config, database, { jobs, log });
  const authenticator = new Authenticator(services.keys, { demoKeyEnabled: config.demoKeyEnabled, operatorKey: config.apiKey });
  await authenticator.ensureBuiltInKeys();
  const owner = config.ownerKey ? await OwnerAccess.open(services.keys, { dataDir: config.dataDir, maxPatients: config.maxPatientsPerJob }) : undefined;
  const shutdown = new AbortController();
  const deps: AppDeps = {
    config, database, authenticator, metrics, services, shutdown: shutdown.signal, owner,
    healthChecks: { job_worker: () => jobs.health() },
    findJob: (jobId, principal) => jobs.lookup(jobId, principal),
  };
  return { deps, jobs, shutdown, attachLogger: (app) => { logger.app = app; } };
}
