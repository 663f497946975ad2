import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
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
  /**
   * Where the counters live is reachable (Redis); memory always is. `instances`: the instances
   * sharing the Redis counters as last seen (Redis only).
   */
  ping(): Promise<{ ok: boolean; ms: number; error?: string; instances?: number }>;
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

/** What the windows need of a counter store: rate-limiter-flexible's limiters, or SharedWindow. */
interface Counter {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  reward(key: string, points?: number): Promise<unknown>;
  get(key: string): Promise<RateLimiterRes | null>;
}

type Factory = (name: string, seconds: number) => Counter;

/** How often an instance tells Redis it is alive and reads how many are; also how soon Redis's return is noticed. */
const HEARTBEAT_MS = 2_000;
/** An instance that has not said so for this long no longer counts. */
const INSTANCE_TTL_MS = 10_000;
/** Last counts read from Redis that a window remembers (per key), oldest forgotten first. */
const REMEMBERED_KEYS = 50_000;

/**
 * The instances sharing one Redis, and whether Redis is reachable for this one. While it is not,
 * every window counts in this process's memory and admits its share of each limit: the limit
 * divided by the number of instances last seen (`SharedWindow`).
 */
class Fleet {
  down = false;
  instances = 1;
  readonly windows: SharedWindow[] = [];
  private readonly id = randomUUID();
  private readonly setKey: string;
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;

  constructor(private readonly redis: Redis, prefix: string, private readonly now: () => number) {
    this.setKey = `${prefix}:rl:instances`;
  }

  lost(): void {
    this.down = true;
  }

  /**
   * Says this instance is alive and reads how many are; when Redis has come back, carries the
   * outage's counts into it first, and only then counts in Redis again.
   */
  beat(): Promise<void> {
    this.beating ??= (async () => {
      try {
        const now = this.now();
        const r = await this.redis.multi()
          .zadd(this.setKey, now, this.id)
          .zremrangebyscore(this.setKey, '-inf', now - INSTANCE_TTL_MS)
          .zcard(this.setKey)
          .pexpire(this.setKey, INSTANCE_TTL_MS * 6)
          .exec();
        const count = Number(r?.[2]?.[1] ?? 1);
        if (this.down) {
          for (const w of this.windows) await w.carryOver();
          this.down = false;
        }
        this.instances = Math.max(1, count);
      } catch {
        this.down = true;
      }
    })().finally(() => { this.beating = undefined; });
    return this.beating;
  }

  start(): void {
    this.timer ??= setInterval(() => { void this.beat(); }, HEARTBEAT_MS).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.beating;
    // Leave at once, so the others' share grows back without waiting for the TTL.
    if (!this.down) await this.redis.zrem(this.setKey, this.id).catch(() => undefined);
  }
}

/**
 * One window counted in Redis, shared by every instance; while Redis is unreachable, in this
 * process's memory, with a bound: the count it reports is the key's count last read from Redis
 * plus this instance's count since, multiplied by the number of instances. So each of N instances
 * admits about 1/N of what was left of the limit, and together they do not exceed it. What was
 * counted in memory is owed to Redis and added to its counter when Redis answers again (when the
 * memory window is still running), so the outage's requests still count in the window afterwards.
 */
class SharedWindow implements Counter {
  /** Each key's count and window end as last read from Redis. */
  private readonly seen = new Map<string, { points: number; until: number }>();
  /** Points counted in memory during the outage (negative: given back), owed to Redis. */
  private readonly owed = new Map<string, number>();

  constructor(
    private readonly shared: RateLimiterRedis,
    private readonly local: RateLimiterMemory,
    private readonly fleet: Fleet,
    private readonly now: () => number,
  ) {
    fleet.windows.push(this);
  }

  private remember(key: string, r: RateLimiterRes): RateLimiterRes {
    this.seen.delete(key);
    this.seen.set(key, { points: r.consumedPoints, until: this.now() + r.msBeforeNext });
    if (this.seen.size > REMEMBERED_KEYS) this.seen.delete(this.seen.keys().next().value as string);
    return r;
  }

  /** What the fleet has counted, as far as this instance can know during the outage. */
  private estimate(key: string, local: RateLimiterRes | null): RateLimiterRes | null {
    const s = this.seen.get(key);
    const now = this.now();
    const base = s && s.until > now ? s.points : 0;
    if (!local && base === 0) return null;
    const mine = local?.consumedPoints ?? 0;
    const msBeforeNext = s && s.until > now ? s.until - now : (local?.msBeforeNext ?? 0);
    return new RateLimiterRes(0, msBeforeNext, base + this.fleet.instances * mine, false);
  }

  private owe(key: string, points: number): void {
    const total = (this.owed.get(key) ?? 0) + points;
    if (total === 0) this.owed.delete(key);
    else this.owed.set(key, total);
  }

  /** A Redis command failed: anything but a limiter's refusal (never made, limits are compared outside) means Redis is away. */
  private failed(err: unknown): void {
    if (err instanceof RateLimiterRes) throw err;
    this.fleet.lost();
  }

  async consume(key: string, points = 1): Promise<RateLimiterRes> {
    if (!this.fleet.down) {
      try {
        return this.remember(key, await this.shared.consume(key, points));
      } catch (err) {
        this.failed(err);
      }
    }
    const local = await this.local.consume(key, points);
    this.owe(key, points);
    return this.estimate(key, local) as RateLimiterRes;
  }

  async reward(key: string, points = 1): Promise<void> {
    if (!this.fleet.down) {
      try {
        this.remember(key, await this.shared.reward(key, points));
        return;
      } catch (err) {
        this.failed(err);
      }
    }
    await this.local.reward(key, points);
    this.owe(key, -points);
  }

  async get(key: string): Promise<RateLimiterRes | null> {
    if (!this.fleet.down) {
      try {
        const r = await this.shared.get(key);
        return r ? this.remember(key, r) : null;
      } catch (err) {
        this.failed(err);
      }
    }
    return this.estimate(key, await this.local.get(key));
  }

  /** Adds what was counted in memory to Redis's counters; throws (and keeps the rest) when Redis fails again. */
  async carryOver(): Promise<void> {
    for (const [key, points] of [...this.owed]) {
      const local = await this.local.get(key);
      // A memory window that has ended holds nothing the current window should count.
      if (local && local.msBeforeNext > 0) {
        if (points > 0) await this.shared.penalty(key, points);
        else await this.shared.reward(key, -points);
      }
      this.owed.delete(key);
      await this.local.delete(key);
    }
  }
}

class RlfKeyLimiter implements KeyLimiter {
  private readonly minute: Counter;
  private readonly hour: Counter;
  private readonly day: Counter;
  private readonly patients: Counter;
  private readonly reads: Counter;

  constructor(
    readonly store: 'memory' | 'redis',
    make: Factory,
    private readonly backend: { ping(): Promise<unknown>; close(): Promise<void>; instances?(): number },
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

  async ping(): Promise<{ ok: boolean; ms: number; error?: string; instances?: number }> {
    const start = performance.now();
    try {
      await this.backend.ping();
      const instances = this.backend.instances?.();
      return { ok: true, ms: performance.now() - start, ...(instances === undefined ? {} : { instances }) };
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
  const memory = (name: string, seconds: number): RateLimiterMemory => new RateLimiterMemory({ keyPrefix: `${prefix}:rl:${name}`, points: UNBOUNDED, duration: seconds });
  if (!opts.redisUrl) return new RlfKeyLimiter('memory', memory, { ping: async () => undefined, close: async () => undefined }, now);

  // No offline queue: while Redis is away a command fails at once and this process's memory
  // counts instead, so requests are neither stalled nor let through.
  const redis = new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  redis.on('error', () => undefined); // reported by the health check
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, opts.connectWaitMs ?? 2_000);
    redis.once('ready', () => { clearTimeout(timer); resolve(); });
  });
  // If Redis is unreachable a request is counted in memory instead of failing, within this
  // instance's share of the limit, and owed to Redis until it returns (Fleet, SharedWindow).
  const fleet = new Fleet(redis, prefix, now);
  const make: Factory = (name, seconds) => new SharedWindow(
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rl:${name}`, points: UNBOUNDED, duration: seconds }),
    memory(name, seconds),
    fleet,
    now,
  );
  const limiter = new RlfKeyLimiter('redis', make, {
    ping: async () => {
      await redis.ping();
      await fleet.beat();
      // Healthy again only once the outage's counts are back in Redis.
      if (fleet.down) throw new Error('Redis answers, but the counts of the outage are not carried back yet');
    },
    instances: () => fleet.instances,
    close: async () => {
      await fleet.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  }, now);
  await fleet.beat();
  fleet.start();
  return limiter;
}
