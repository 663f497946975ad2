import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely';

/**
 * Kysely dialect over an embedded PGlite. PGlite is one connection, so queries and transactions
 * are serialised through one lock; Kysely's own PostgreSQL compiler and adapter are reused.
 * (kysely-pglite-dialect pins PGlite < 0.5, hence these few lines of our own.)
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite, private readonly lock: SerialLock, private readonly usage: LockUsage = { inUse: 0, waiting: 0 }) {}
  createAdapter() { return new PostgresAdapter(); }
  createDriver(): Driver { return new PGliteDriver(this.pg, this.lock, this.usage); }
  createIntrospector(db: Kysely<unknown>) { return new PostgresIntrospector(db); }
  createQueryCompiler() { return new PostgresQueryCompiler(); }
}

/** Holders and waiters of the one connection, shown as the embedded database's pool figures. */
export interface LockUsage { inUse: number; waiting: number }

/** A FIFO lock: `run` waits for every earlier holder. */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
  /** Holds the lock until `release` is called. */
  acquire(): Promise<() => void> {
    return new Promise((granted) => {
      void this.run(() => new Promise<void>((release) => granted(release)));
    });
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.pg.query<R>(compiled.sql, [...compiled.parameters]);
    return {
      rows: res.rows,
      numAffectedRows: res.affectedRows === undefined ? undefined : BigInt(res.affectedRows),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on the embedded database');
  }
}

class PGliteDriver implements Driver {
  private release?: () => void;
  private readonly connection: PGliteConnection;
  constructor(pg: PGlite, private readonly lock: SerialLock, private readonly usage: LockUsage) {
    this.connection = new PGliteConnection(pg);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    this.usage.waiting++;
    try {
      this.release = await this.lock.acquire();
    } finally {
      this.usage.waiting--;
    }
    this.usage.inUse++;
    return this.connection;
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> { await c.executeQuery(CompiledQuery.raw('begin')); }
  async commitTransaction(c: DatabaseConnection): Promise<void> { await c.executeQuery(CompiledQuery.raw('commit')); }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> { await c.executeQuery(CompiledQuery.raw('rollback')); }
  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    if (release) this.usage.inUse--;
    release?.();
  }
  async destroy(): Promise<void> {}
}
