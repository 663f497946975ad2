import type { Config } from '../config/index.js';
import { isMigrated, migrateUp, openServedDatabase, type DatabaseHandle } from '../db/index.js';
import { DomainError } from '../errors/index.js';
import type { JobService } from '../jobs/index.js';
import { sql } from 'kysely';
import { buildApp } from './app.js';
import type { App } from './app-type.js';
import { compose } from './compose.js';
import type { AppDeps } from './context.js';
import { Metrics } from './metrics.js';

export interface ServerOptions {
  /** Use this open database instead of opening one from the config (tests). */
  database?: DatabaseHandle;
  logger?: boolean;
  /** Run jobs in this process (default); false for an API-only process beside `medgen worker`s. */
  runWorkers?: boolean;
}

export interface CloseOptions {
  /**
   * How long requests in flight may take to finish; then their connections are cut, so that the
   * usage counters are flushed and the pools closed before the process must exit. Unbounded
   * when absent.
   */
  drainMs?: number;
}

export interface RunningServer {
  app: App;
  deps: AppDeps;
  /** `http://host:port` the server listens on. */
  url: string;
  /** The job service (tests reach retention and recovery through it). */
  jobs: JobService;
  /** A new one-time link that signs a browser in with the owner key; undefined without one. */
  signInLink(): string | undefined;
  close(opts?: CloseOptions): Promise<void>;
}

/** A database that cannot be reached at start: the message names where, never the password. */
export class DatabaseUnreachableError extends DomainError {
  constructor(message: string) {
    super('DATABASE_UNREACHABLE', message);
  }
}

async function assertReachable(database: DatabaseHandle, url: string | undefined): Promise<void> {
  try {
    await sql`select 1`.execute(database.db);
  } catch (err) {
    let where = 'the embedded database';
    if (url) {
      const u = new URL(url);
      where = `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
    }
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new DatabaseUnreachableError(`cannot reach ${where} (${reason}); check DATABASE_URL and that the server is running`);
  }
}

/** Opens the database (migrating when configured), composes the services (compose.ts) and builds the app. */
export async function createServer(config: Config, opts: ServerOptions = {}): Promise<{ app: App; deps: AppDeps; jobs: JobService; close(opts?: CloseOptions): Promise<void> }> {
  const metrics = new Metrics();
  // An embedded database is served on a local socket so that CLI commands can use it meanwhile.
  const database = opts.database ?? await openServedDatabase({
    infoDir: config.dataDir,
    url: config.databaseUrl,
    dataDir: `${config.dataDir}/db`,
    poolMax: config.dbPoolMax,
    idleTimeoutMs: config.dbPoolIdleTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    onQuery: (seconds) => metrics.dbQueryDuration.observe(seconds),
  });
  const ownsDatabase = opts.database === undefined;
  try {
    await assertReachable(database, config.databaseUrl);
    if (config.autoMigrate) await migrateUp(database);
    else if (!(await isMigrated(database))) throw new Error('the database schema is not migrated: run `medgen db migrate` (or set AUTO_MIGRATE=true)');
    const { deps, jobs, shutdown, attachLogger } = await compose(config, database, metrics, { runWorkers: opts.runWorkers });
    const app = await buildApp(deps, { logger: opts.logger });
    attachLogger(app);
    try {
      await jobs.start();
    } catch (err) {
      await jobs.stop().catch(() => undefined);
      await app.close();
      throw err;
    }
    return {
      app,
      deps,
      jobs,
      async close(o: CloseOptions = {}) {
        // Running jobs go back to the queue at once, beside the HTTP drain: they do not depend
        // on it, and a long download must not keep them running (and unrequeued) until the
        // deadline. Requests still in flight may submit jobs meanwhile: the queue's sends keep
        // working until the database closes.
        const [stopped, drained] = await Promise.allSettled([jobs.stop(), drain(app, o.drainMs, shutdown)]);
        if (ownsDatabase) await database.close();
        for (const r of [stopped, drained]) if (r.status === 'rejected') throw r.reason;
      },
    };
  } catch (err) {
    if (ownsDatabase) await database.close();
    throw err;
  }
}

/**
 * Stops accepting connections, lets requests in flight finish (idle keep-alive connections are
 * closed at once), and after `drainMs` cuts the connections still open; then the app's onClose
 * hooks run (usage flushed, limiter closed). A little before the cut, `shutdown` fires: streams
 * still running stop and end with an error tail, so their clients get a valid document.
 */
async function drain(app: App, drainMs: number | undefined, shutdown: AbortController): Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  if (drainMs !== undefined) {
    timers.push(setTimeout(() => shutdown.abort(new Error('server shutting down')), Math.max(0, drainMs - Math.min(1_000, drainMs / 4))));
    timers.push(setTimeout(() => app.server.closeAllConnections(), drainMs));
  }
  try {
    await app.close();
  } finally {
    for (const t of timers) clearTimeout(t);
  }
}

/** Creates the server and listens on the configured host and port. */
export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const server = await createServer(config, opts);
  try {
    await server.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await server.close();
    throw err;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  // Browsers are shown `localhost`, the name a user types; the token rides in the fragment, which
  // browsers never send to a server, so it stays out of access logs and Referer headers.
  const browserHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const signInLink = (): string | undefined => {
    const token = server.deps.owner?.issueToken();
    return token === undefined ? undefined : `http://${browserHost}:${port}/settings#signin=${token}`;
  };
  return { ...server, url, signInLink };
}
