import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { describeDatabase, isMigrated } from '../../db/index.js';
import type { App } from '../app-type.js';
import type { AppDeps, CheckResult } from '../context.js';

const tags = ['health'];
const Anything = Type.Object({}, { additionalProperties: true });

/** Rejects after `ms` so a stuck dependency never holds a health request. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function checkDatabase(deps: AppDeps): Promise<CheckResult> {
  const started = performance.now();
  try {
    await within(2_000, sql`select 1`.execute(deps.database.db));
    return { status: 'healthy', kind: deps.database.kind, latency_ms: Number((performance.now() - started).toFixed(2)) };
  } catch (err) {
    return { status: 'unhealthy', kind: deps.database.kind, error: (err as Error).message };
  }
}

async function checkDisk(path: string): Promise<CheckResult> {
  try {
    const s = await within(2_000, statfs(path).catch(() => statfs('.')));
    const usedPercent = Number((100 * (1 - s.bavail / s.blocks)).toFixed(1));
    return { status: usedPercent >= 90 ? 'warning' : 'healthy', used_percent: usedPercent, free_bytes: s.bavail * s.bsize };
  } catch (err) {
    return { status: 'unhealthy', error: (err as Error).message };
  }
}

function checkMemory(): CheckResult {
  const usedPercent = Number((100 * (1 - freemem() / totalmem())).toFixed(1));
  return { status: usedPercent >= 85 ? 'warning' : 'healthy', used_percent: usedPercent, process_rss_bytes: process.memoryUsage.rss() };
}

/** A query that succeeded this recently proves the database reachable without a new probe. */
const FRESH_QUERY_MS = 2_000;
/** How long a confirmed migration state is trusted before it is read again. */
const MIGRATED_TRUST_MS = 30_000;

/**
 * Readiness without adding to a busy pool: when requests already queue for a connection and the
 * service's own queries keep succeeding, those successes are the proof, so a saturated pool does
 * not turn a healthy instance "not ready" and out of its load balancer (a database lost in that
 * state shows within FRESH_QUERY_MS). Otherwise it probes, one probe at a time, and every
 * concurrent caller shares its answer.
 */
class Readiness {
  private migratedAt = -Infinity;
  private probing: Promise<string | undefined> | undefined;

  constructor(private readonly deps: AppDeps) {}

  /** Why the instance is not ready, or undefined when it is. */
  check(): Promise<string | undefined> {
    const { monitor } = this.deps.database;
    const trusted = performance.now() - this.migratedAt < MIGRATED_TRUST_MS;
    // A probe would queue behind the busy pool: recent successes answer instead.
    const queued = this.deps.database.poolStats().waiting > 0;
    if (queued && trusted && monitor.state.available && monitor.sinceLastSuccessMs() < FRESH_QUERY_MS) return Promise.resolve(undefined);
    this.probing ??= this.probe().finally(() => { this.probing = undefined; });
    return this.probing;
  }

  private async probe(): Promise<string | undefined> {
    try {
      if (await within(2_000, isMigrated(this.deps.database))) {
        this.migratedAt = performance.now();
        return undefined;
      }
      this.migratedAt = -Infinity;
      return 'database schema is not migrated (run `medgen db migrate`)';
    } catch (err) {
      return `database unreachable: ${(err as Error).message}`;
    }
  }
}

export function registerHealthRoutes(app: App, deps: AppDeps): void {
  app.get('/health', { schema: { tags, summary: 'Liveness (v1)', response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'healthy' }));

  const readiness = new Readiness(deps);
  const ready = async (_req: unknown, reply: { code(n: number): unknown }) => {
    const error = await readiness.check();
    if (error === undefined) return { status: 'ready' };
    reply.code(503);
    // Names the check that failed, in the shape of /api/v1/health's checks.
    return { status: 'not_ready', error, checks: { database: { status: 'unhealthy', error } } };
  };
  const ReadyBody = Type.Object({
    status: Type.String(),
    error: Type.Optional(Type.String()),
    checks: Type.Optional(Type.Record(Type.String(), Type.Object({ status: Type.String(), error: Type.Optional(Type.String()) }))),
  });
  app.get('/ready', { schema: { tags, summary: 'Readiness (v1)', response: { 200: ReadyBody, 503: ReadyBody } } }, ready);
  app.get('/api/v1/health/ready', { schema: { tags, summary: 'Database reachable and migrated', response: { 200: ReadyBody, 503: ReadyBody } } }, ready);

  app.get('/api/v1/health/live', { schema: { tags, summary: 'Process alive (touches nothing)', response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'alive' }));

  app.get('/api/v1/health', {
    schema: { tags, summary: 'Every dependency', response: { 200: Anything, 503: Anything } },
  }, async (_request, reply) => {
    const extra = Object.entries(deps.healthChecks ?? {});
    const [database, disk, ...extras] = await Promise.all([
      checkDatabase(deps),
      checkDisk(deps.config.outputDir),
      ...extra.map(([, check]) => check().catch((err: Error): CheckResult => ({ status: 'unhealthy', error: err.message }))),
    ]);
    const checks: Record<string, CheckResult> = { api: { status: 'healthy' }, database: database as CheckResult, disk_space: disk as CheckResult, memory: checkMemory() };
    extra.forEach(([name], i) => { checks[name] = extras[i] as CheckResult; });
    const statuses = Object.values(checks).map((c) => c.status);
    const status = statuses.includes('unhealthy') ? 'unhealthy' : statuses.includes('warning') ? 'warning' : 'healthy';
    reply.code(status === 'unhealthy' ? 503 : 200);
    return { status, timestamp: new Date().toISOString(), checks };
  });

  app.get('/api/v1/health/database', {
    schema: { tags, summary: 'Database server, pool and timings', response: { 200: Anything, 503: Anything } },
  }, async (_request, reply) => {
    try {
      const started = performance.now();
      const facts = await within(2_000, describeDatabase(deps.database));
      return {
        status: 'healthy',
        database: facts,
        pool: deps.database.poolStats(),
        metrics: { query_ms: Number((performance.now() - started).toFixed(2)), kind: deps.database.kind },
        config: { pool_max: deps.config.dbPoolMax, idle_timeout_ms: deps.config.dbPoolIdleTimeoutMs, statement_timeout_ms: deps.config.dbStatementTimeoutMs, embedded: deps.database.kind === 'pglite' },
      };
    } catch (err) {
      reply.code(503);
      return { status: 'unhealthy', error: (err as Error).message, pool: deps.database.poolStats() };
    }
  });
}
