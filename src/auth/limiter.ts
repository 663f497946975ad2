import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import type { KeyLimits } from './api-key.js';

export type LimitType = 'requests_per_minute' | 'requests_per_hour' | 'requests_per_day' | 'patients_per_day' | 'patients_per_request' | 'reads_per_minute';

/**
 * What a request is, for the windows: `work` makes patients (generation submits, streams) and
 * spends the key's own windows; `read` is everything else a key does (its jobs, events, results,
 * configurations, reference data), counted in one generous window of its own.
 */
export type RequestScope = 'work' | 'read';

/** One request window after this request was counted. `limit` null: unlimited. */
export interface WindowState {
  type: LimitType;
  limit: number | null;
  used: number;
  /** Milliseconds until the window starts afresh. */
  resetMs: number;
}

export type RequestDecision =
  | { ok: true; windows: WindowState[] }
  | { ok: false; refused: WindowState; windows: WindowState[] };

export type PatientDecision = { ok: true; used: number } | { ok: false; refused: WindowState };

/**
 * Per-key counters of the request windows and the daily patient quota. Counters only ever hold
 * admitted work: a refused request gives its points back, so hammering a full minute window
 * does not eat the hour or the day.
 */
export interface KeyLimiter {
  readonly store: 'memory' | 'redis';
  checkRequest(keyId: string, limits: KeyLimits): Promise<RequestDecision>;
  /** Counts a read in the key's read window (`perMinute` requests a minute). */
  checkRead(keyId: string, perMinute: number): Promise<RequestDecision>;
  /** The key's work windows and today's patients as they stand, without counting anything. */
  peek(keyId: string, limits: KeyLimits): Promise<{ windows: WindowState[]; patientsToday: number }>;
  checkPatients(keyId: string, count: number, perDay: number | null): Promise<PatientDecision>;
  /**
   * Gives back patients counted by `checkPatients` at `countedAt` (ms) for work that was not
   * accepted after all (the submit failed): they leave the day they were counted in.
   */
  returnPatients(keyId: string, count: number, countedAt: number): Promise<void>;
  /** Where the counters live is reachable (Redis); memory always is. */
  ping(): Promise<{ ok: boolean; ms: number; error?: string }>;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
/** Counters never refuse by themselves: the limit of each key is compared here. */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** Windows of one UTC day: the counter's key carries the date and lives a little over a day. */
function utcDay(now: number): { tag: string; resetMs: number } {
  const start = now - (now % DAY_MS);
  return { tag: new Date(start).toISOString().slice(0, 10), resetMs: start + DAY_MS - now };
}

type Factory = (name: string, seconds: number) => RateLimiterAbstract;

class RlfKeyLimiter implements KeyLimiter {
  private readonly minute: RateLimiterAbstract;
  private readonly hour: RateLimiterAbstract;
  private readonly day: RateLimiterAbstract;
  private readonly patients: RateLimiterAbstract;
  private readonly reads: RateLimiterAbstract;

  constructor(
    readonly store: 'memory' | 'redis',
    make: Factory,
    private readonly backend: { ping(): Promise<unknown>; close(): Promise<void> },
    private readonly now: () => number,
  ) {
    // Minute and hour windows start at a key's first request; day windows are UTC days,
    // the same days usage is recorded under.
    this.minute = make('m', 60);
    this.hour = make('h', 3600);
    this.day = make('d', 90_000);
    this.patients = make('p', 90_000);
    this.reads = make('r', 60);
  }

  async checkRead(keyId: string, perMinute: number): Promise<RequestDecision> {
    const r = await this.reads.consume(keyId);
    const window: WindowState = { type: 'reads_per_minute', limit: perMinute, used: r.consumedPoints, resetMs: r.msBeforeNext };
    if (window.used <= perMinute) return { ok: true, windows: [window] };
    await this.reads.reward(keyId);
    window.used -= 1;
    return { ok: false, refused: window, windows: [window] };
  }

  async peek(keyId: string, limits: KeyLimits): Promise<{ windows: WindowState[]; patientsToday: number }> {
    const now = this.now();
    const day = utcDay(now);
    const [m, h, d, p] = await Promise.all([
      this.minute.get(keyId), this.hour.get(keyId), this.day.get(`${keyId}:${day.tag}`), this.patients.get(`${keyId}:${day.tag}`),
    ]);
    return {
      windows: [
        { type: 'requests_per_minute', limit: limits.requests_per_minute, used: m?.consumedPoints ?? 0, resetMs: m?.msBeforeNext ?? 60_000 },
        { type: 'requests_per_hour', limit: limits.requests_per_hour, used: h?.consumedPoints ?? 0, resetMs: h?.msBeforeNext ?? 3_600_000 },
        { type: 'requests_per_day', limit: limits.requests_per_day, used: d?.consumedPoints ?? 0, resetMs: day.resetMs },
      ],
      patientsToday: p?.consumedPoints ?? 0,
    };
  }

  async checkRequest(keyId: string, limits: KeyLimits): Promise<RequestDecision> {
    const day = utcDay(this.now());
    const dayKey = `${keyId}:${day.tag}`;
    const [m, h, d] = await Promise.all([
      this.minute.consume(keyId),
      this.hour.consume(keyId),
      this.day.consume(dayKey),
    ]);
    const windows: WindowState[] = [
      { type: 'requests_per_minute', limit: limits.requests_per_minute, used: m.consumedPoints, resetMs: m.msBeforeNext },
      { type: 'requests_per_hour', limit: limits.requests_per_hour, used: h.consumedPoints, resetMs: h.msBeforeNext },
      { type: 'requests_per_day', limit: limits.requests_per_day, used: d.consumedPoints, resetMs: day.resetMs },
    ];
    const refused = windows.find((w) => w.limit !== null && w.used > w.limit);
    if (!refused) return { ok: true, windows };
    await Promise.all([this.minute.reward(keyId), this.hour.reward(keyId), this.day.reward(dayKey)]);
    for (const w of windows) w.used -= 1;
    return { ok: false, refused, windows };
  }

  async checkPatients(keyId: string, count: number, perDay: number | null): Promise<PatientDecision> {
    if (count <= 0) return { ok: true, used: 0 };
    const day = utcDay(this.now());
    const key = `${keyId}:${day.tag}`;
    // Counted for unlimited keys too, so a key can be told how many it made today.
    const res: RateLimiterRes = await this.patients.consume(key, count);
    if (perDay === null || res.consumedPoints <= perDay) return { ok: true, used: res.consumedPoints };
    await this.patients.reward(key, count);
    return { ok: false, refused: { type: 'patients_per_day', limit: perDay, used: res.consumedPoints - count, resetMs: day.resetMs } };
  }

  async returnPatients(keyId: string, count: number, countedAt: number): Promise<void> {
    if (count > 0) await this.patients.reward(`${keyId}:${utcDay(countedAt).tag}`, count);
  }

  async ping(): Promise<{ ok: boolean; ms: number; error?: string }> {
    const start = performance.now();
    try {
      await this.backend.ping();
      return { ok: true, ms: performance.now() - start };
    } catch (err) {
      return { ok: false, ms: performance.now() - start, error: (err as Error).message };
    }
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

export interface KeyLimiterOptions {
  /** Redis URL: counters shared by every instance; absent → this process's memory. */
  redisUrl?: string;
  /** Prefix of every Redis key (several deployments or test runs may share one Redis). */
  keyPrefix?: string;
  now?: () => number;
  /** How long start-up waits for Redis before counting in memory meanwhile (default 2 s). */
  connectWaitMs?: number;
}

/** The memory or Redis limiter behind one interface. */
export async function createKeyLimiter(opts: KeyLimiterOptions = {}): Promise<KeyLimiter> {
  const prefix = opts.keyPrefix ?? 'medgen';
  const now = opts.now ?? Date.now;
  const memory: Factory = (name, seconds) => new RateLimiterMemory({ keyPrefix: `${prefix}:rl:${name}`, points: UNBOUNDED, duration: seconds });
  if (!opts.redisUrl) return new RlfKeyLimiter('memory', memory, { ping: async () => undefined, close: async () => undefined }, now);

  // No offline queue: while Redis is away a command fails at once and the insurance limiter
  // (this process's memory) counts instead, so requests are neither stalled nor let through.
  const redis = new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  redis.on('error', () => undefined); // reported by the health check
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, opts.connectWaitMs ?? 2_000);
    redis.once('ready', () => { clearTimeout(timer); resolve(); });
  });
  // If Redis is unreachable a request is counted in memory instead of failing.
  const make: Factory = (name, seconds) => new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:rl:${name}`,
    points: UNBOUNDED,
    duration: seconds,
    insuranceLimiter: memory(name, seconds),
  });
  return new RlfKeyLimiter('redis', make, {
    ping: () => redis.ping(),
    close: async () => { await redis.quit().catch(() => redis.disconnect()); },
  }, now);
}
