/** Socket-level failures: the server or the network between us went away. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** SQLSTATEs of a server that is shutting down, starting up or out of connection slots. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** pg and pg-pool report lost or impossible connections with these texts and no code. */
const LOST = /connection terminated|timeout exceeded when trying to connect|connection timeout|not queryable|connection error|server closed the connection|query read timeout/i;

/**
 * Whether an error means "the database cannot be reached right now" (as opposed to a bad query):
 * such a request is answered 503 and may be retried, and the handle counts as unavailable.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && LOST.test(message)) return true;
    // AggregateError (several addresses refused): unavailable when every attempt was.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0 && inner.every((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

export type QueryListener = (seconds: number, failed: boolean) => void;

export interface Availability {
  available: boolean;
  /** When the state last changed (or the handle opened). */
  since: Date;
  /** The failure that made it unavailable. */
  error?: string;
}

export type AvailabilityListener = (state: Availability) => void;

/**
 * What every query of one handle reports: timings for the metrics, and whether the database is
 * reachable (flips on the first connection failure and back on the first success), so the
 * service can log an outage once and its end once instead of every failed query.
 */
export class DatabaseMonitor {
  private readonly queries = new Set<QueryListener>();
  private readonly changes = new Set<AvailabilityListener>();
  private current: Availability = { available: true, since: new Date() };
  /** performance.now() of the last query that succeeded (0: none yet). */
  private lastSuccess = 0;

  /** Milliseconds since a query last succeeded on this handle (Infinity when none has). */
  sinceLastSuccessMs(): number {
    return this.lastSuccess === 0 ? Infinity : performance.now() - this.lastSuccess;
  }

  get state(): Availability {
    return { ...this.current };
  }

  onQuery(listener: QueryListener): () => void {
    this.queries.add(listener);
    return () => this.queries.delete(listener);
  }

  onAvailability(listener: AvailabilityListener): () => void {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  }

  /** A query ran (`err` when it failed); `seconds` absent when no query was sent (connect failed). */
  record(seconds: number | undefined, err?: unknown): void {
    if (seconds !== undefined) for (const l of this.queries) l(seconds, err !== undefined);
    if (err === undefined) {
      this.lastSuccess = performance.now();
      this.set(true);
    }
    else if (isDatabaseUnavailable(err)) this.set(false, err);
  }

  private set(available: boolean, err?: unknown): void {
    if (available === this.current.available) return;
    this.current = { available, since: new Date(), ...(err !== undefined ? { error: (err as Error).message ?? String(err) } : {}) };
    for (const l of this.changes) l(this.state);
  }
}

/** Times a promise and reports it to the monitor, passing its result or error through. */
export async function timed<T>(monitor: DatabaseMonitor, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await run();
    monitor.record((performance.now() - started) / 1000);
    return result;
  } catch (err) {
    monitor.record((performance.now() - started) / 1000, err);
    throw err;
  }
}
