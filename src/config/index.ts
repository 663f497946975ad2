import { resolve } from 'node:path';

/** Everything the service reads from its environment (spec service §7), typed and checked. */
export interface Config {
  port: number;
  host: string;
  /** Unset → embedded PGlite database under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  redisUrl?: string;
  /** Prefix of every Redis key, so deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  /** Legacy single operator key with admin rights. */
  apiKey?: string;
  demoKeyEnabled: boolean;
  /**
   * Whether this server keeps a local owner key (admin, up to MAX_PATIENTS_PER_JOB patients per
   * request) and prints a one-time sign-in link for the web UI at start. Default: on with the
   * embedded database (a local install), off with DATABASE_URL.
   */
  ownerKey: boolean;
  /** Reads (jobs, events, results, configurations, reference data) a key may make per minute. */
  readRequestsPerMinute: number;
  corsOrigins: string[];
  outputDir: string;
  maxPatientsPerJob: number;
  jobTimeoutSeconds: number;
  jobMaxMemoryMb: number;
  maxConcurrentJobs: number;
  dbPoolMax: number;
  dbPoolIdleTimeoutMs: number;
  dbStatementTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  metricsToken?: string;
  bodyLimitBytes: number;
  autoMigrate: boolean;
  shutdownTimeoutMs: number;
  /**
   * A running job whose heartbeat (written at least every 2 s) is older than this many seconds
   * belongs to a dead process and is taken over by another worker.
   */
  jobStaleSeconds: number;
  outputRetentionHours: number;
  /** Worker threads per job (generation inside a job). */
  jobWorkers: number;
  /**
   * OS priority (nice, 0–19) of job threads, so request handling on the main thread wins the CPU
   * over generation; 0 runs them at the process's own priority.
   */
  jobThreadNice: number;
  /** Directory of the built web UI, served at `/`. */
  webDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  text(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, got "${v}"`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.text(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    this.problems.push(`${name} must be true or false, got "${v}"`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) throw new Error();
      return v;
    } catch {
      this.problems.push(`${name} must be a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL, got "${v}"`);
      return undefined;
    }
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const v = this.text(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (!(values as readonly string[]).includes(v)) {
      this.problems.push(`${name} must be one of ${values.join(', ')}, got "${v}"`);
      return fallback;
    }
    return v as T;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration; throws ConfigError listing every bad value. */
export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  const dataDir = resolve(r.text('DATA_DIR') ?? './data');
  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const apiKey = r.text('API_KEY');
  if (apiKey !== undefined && apiKey.length < 16) r.problems.push('API_KEY must be at least 16 characters');
  const config: Config = {
    port: r.int('PORT', 8000, 0, 65535),
    host: r.text('HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: r.text('REDIS_KEY_PREFIX') ?? 'medgen',
    apiKey,
    demoKeyEnabled: r.bool('DEMO_KEY_ENABLED', true),
    ownerKey: r.bool('MEDGEN_OWNER_KEY', databaseUrl === undefined),
    readRequestsPerMinute: r.int('READ_REQUESTS_PER_MINUTE', 600, 1, 1_000_000),
    corsOrigins: (r.text('CORS_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0),
    outputDir: resolve(r.text('OUTPUT_DIR') ?? `${dataDir}/outputs`),
    maxPatientsPerJob: r.int('MAX_PATIENTS_PER_JOB', 1_000_000, 1, 100_000_000),
    jobTimeoutSeconds: r.int('JOB_TIMEOUT_SECONDS', 3600, 1),
    jobMaxMemoryMb: r.int('JOB_MAX_MEMORY_MB', 512, 64, 65536),
    maxConcurrentJobs: r.int('MAX_CONCURRENT_JOBS', 2, 1, 64),
    dbPoolMax: r.int('DB_POOL_MAX', 20, 1, 1000),
    dbPoolIdleTimeoutMs: r.int('DB_POOL_IDLE_TIMEOUT_MS', 30_000, 0),
    dbStatementTimeoutMs: r.int('DB_STATEMENT_TIMEOUT_MS', 30_000, 0),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsToken: r.text('METRICS_TOKEN'),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1 << 20, 1024),
    autoMigrate: r.bool('AUTO_MIGRATE', databaseUrl === undefined),
    shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0),
    // Below 5 s a busy but live worker could miss its 2 s heartbeat often enough to lose its job.
    jobStaleSeconds: r.int('JOB_STALE_SECONDS', 30, 5, 86_400),
    outputRetentionHours: r.int('OUTPUT_RETENTION_HOURS', 72, 1),
    jobWorkers: r.int('JOB_WORKERS', 1, 1, 64),
    jobThreadNice: r.int('JOB_THREAD_NICE', 10, 0, 19),
    webDir: resolve(r.text('WEB_DIR') ?? new URL('../../web/dist', import.meta.url).pathname),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
