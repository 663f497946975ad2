import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { DatabaseMonitor, timed } from './availability.js';
import { PGliteDialect, SerialLock } from './pglite-driver.js';
import type { Database } from './schema.js';

// bigint (int8) counts as numbers: usage counters stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface DatabaseOptions {
  /** PostgreSQL URL; absent → embedded PGlite. */
  url?: string;
  /** Folder of the embedded database, or 'memory://' for a throwaway one. */
  dataDir?: string;
  /** A schema of its own (tests): created when missing and put first on the search path. */
  schema?: string;
  poolMax?: number;
  idleTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** How long getting a new PostgreSQL connection may take before the query fails (default 5 s). */
  connectTimeoutMs?: number;
  /** Sees every query's duration; the same as `monitor.onQuery` right after opening. */
  onQuery?: (seconds: number, failed: boolean) => void;
}

export interface PoolStats { size: number; idle: number; in_use: number; waiting: number }

/** One open database: Kysely for our SQL, `executeSql` for the queue library, and its facts. */
export interface DatabaseHandle {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Kysely<Database>;
  /** The schema our tables live in (`public` unless a schema was asked for). */
  readonly schema: string;
  /** Raw SQL for pg-boss: PGlite needs `exec` for parameterless multi-statement text. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  poolStats(): PoolStats;
  /** Query timings and reachability, fed by every query of this handle. */
  readonly monitor: DatabaseMonitor;
  /** Whether `onQuery` was given at open (its owner already feeds the query metrics). */
  readonly queriesObserved: boolean;
  /** The embedded instance, when there is one (served on a socket for other processes). */
  readonly pglite?: PGlite;
  readonly lock?: SerialLock;
  close(): Promise<void>;
}

function monitorFor(opts: DatabaseOptions): DatabaseMonitor {
  const monitor = new DatabaseMonitor();
  if (opts.onQuery) monitor.onQuery(opts.onQuery);
  return monitor;
}

function logger(monitor: DatabaseMonitor) {
  return (e: LogEvent) => monitor.record(e.queryDurationMillis / 1000, e.level === 'error' ? e.error : undefined);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) throw new Error(`invalid schema name "${opts.schema}"`);
  const schema = opts.schema ?? 'public';
  if (opts.url) return openPostgres(opts.url, schema, opts);
  return openPGlite(opts.dataDir ?? 'memory://', schema, opts);
}

async function openPostgres(url: string, schema: string, opts: DatabaseOptions): Promise<DatabaseHandle> {
  const options = [
    schema !== 'public' ? `-c search_path=${schema}` : '',
    opts.statementTimeoutMs ? `-c statement_timeout=${opts.statementTimeoutMs}` : '',
  ].filter(Boolean).join(' ');
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 20,
    idleTimeoutMillis: opts.idleTimeoutMs ?? 30_000,
    // Without these a lost server holds requests forever: a connect that never completes, or a
    // query on a connection whose peer vanished without a reset.
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    keepAlive: true,
    ...(opts.statementTimeoutMs ? { query_timeout: opts.statementTimeoutMs + 5_000 } : {}),
    ...(options ? { options } : {}),
  });
  const monitor = monitorFor(opts);
  // An idle client whose connection is lost emits here; unhandled it would end the process.
  // The pool replaces it on next use; the monitor notes the outage.
  pool.on('error', (err) => monitor.record(undefined, err));
  // A checked-out client (Kysely holds one per query or transaction) has no listener of the
  // pool's: its lost connection would be an uncaught 'error'. The query in flight fails anyway.
  pool.on('connect', (client) => client.on('error', (err) => monitor.record(undefined, err)));
  if (schema !== 'public') await pool.query(`create schema if not exists ${schema}`);
  // Connect failures never reach Kysely's query log, so the pool is watched at connect too.
  const watched = {
    connect: () => pool.connect().catch((err: unknown) => { monitor.record(undefined, err); throw err; }),
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: watched }), log: logger(monitor) });
  return {
    kind: 'postgres',
    db,
    schema,
    monitor,
    queriesObserved: opts.onQuery !== undefined,
    async executeSql(text, values) {
      const result: pg.QueryResult | pg.QueryResult[] = await timed(monitor, () => pool.query(text, values as unknown[] | undefined));
      // Multi-statement text yields one result per statement; callers want the last, as on PGlite.
      return Array.isArray(result) ? (result.at(-1) ?? { rows: [] }) : result;
    },
    poolStats: () => ({ size: pool.totalCount, idle: pool.idleCount, in_use: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

async function openPGlite(dataDir: string, schema: string, opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (!dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const lock = new SerialLock();
  if (schema !== 'public') await pglite.exec(`create schema if not exists ${schema}; set search_path to ${schema};`);
  const monitor = monitorFor(opts);
  const usage = { inUse: 0, waiting: 0 };
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, lock, usage), log: logger(monitor) });
  return {
    kind: 'pglite',
    db,
    schema,
    pglite,
    lock,
    monitor,
    queriesObserved: opts.onQuery !== undefined,
    executeSql(text, values) {
      usage.waiting++;
      return lock.run(async () => {
        usage.waiting--;
        usage.inUse++;
        try {
          return await timed(monitor, async () => {
            if (values && values.length > 0) return await pglite.query(text, values);
            const results = await pglite.exec(text);
            return results.at(-1) ?? { rows: [] };
          });
        } finally {
          usage.inUse--;
        }
      });
    },
    // One connection: in use while any query or transaction (ours or the queue's) holds the lock.
    poolStats: () => ({ size: 1, idle: usage.inUse > 0 ? 0 : 1, in_use: Math.min(1, usage.inUse), waiting: usage.waiting }),
    async close() {
      await db.destroy();
      await lock.run(() => pglite.close());
    },
  };
}

/** Server facts for `/api/v1/health/database`. */
export async function describeDatabase(h: DatabaseHandle): Promise<{ version: string; database: string; user: string }> {
  const r = await sql<{ version: string; database: string; user: string }>`select version() as version, current_database() as database, current_user as "user"`.execute(h.db);
  const row = r.rows[0];
  if (!row) throw new Error('database returned no row');
  return row;
}
