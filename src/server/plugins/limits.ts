import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createKeyLimiter, UsageRecorder, type KeyLimiter, type Principal, type WindowState } from '../../auth/index.js';
import type { AppDeps } from '../context.js';
import { errors } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { principalOf } from './auth.js';

export interface KeyLimits {
  limiter: KeyLimiter;
  usage: UsageRecorder;
  metrics: Metrics;
  /** The read window of every key (READ_REQUESTS_PER_MINUTE). */
  readsPerMinute: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-key request windows, patient quotas and usage counters (spec service §3.3). */
    keyLimits: KeyLimits;
  }
}

export interface LimitsOptions {
  /** A limiter made elsewhere (tests, benchmarks); by default memory, or Redis when REDIS_URL is set. */
  limiter?: KeyLimiter;
  usageFlushMs?: number;
}

/** Composes limiter and usage recorder; both are closed (usage flushed) when the app closes. */
export async function registerLimits(app: FastifyInstance, deps: AppDeps, opts: LimitsOptions = {}): Promise<void> {
  const limiter = opts.limiter ?? await createKeyLimiter({ redisUrl: deps.config.redisUrl, keyPrefix: deps.config.redisKeyPrefix });
  const usage = new UsageRecorder(deps.services.usage, {
    flushMs: opts.usageFlushMs,
    onError: (err) => app.log.error({ err }, 'usage counters not written; retrying at the next flush'),
  }).start();
  app.decorate('keyLimits', { limiter, usage, metrics: deps.metrics, readsPerMinute: deps.config.readRequestsPerMinute });
  if (limiter.store === 'redis') {
    // Without Redis the windows fall back to each instance's memory: degraded, not down.
    deps.healthChecks = {
      ...deps.healthChecks,
      redis: async () => {
        const p = await limiter.ping();
        return p.ok
          ? { status: 'healthy', latency_ms: Math.round(p.ms * 100) / 100, instances: p.instances }
          : { status: 'warning', error: p.error ?? 'unreachable', note: 'rate windows are counted in each instance\'s memory meanwhile, each admitting its share of every limit (the limit divided by the instances last seen)' };
      },
    };
  }
  // onClose hooks run after the HTTP server has closed, so every request has been counted.
  app.addHook('onClose', async () => {
    await usage.close();
    await limiter.close();
  });
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
const UNIT: Record<string, string> = { requests_per_minute: 'minute', requests_per_hour: 'hour', requests_per_day: 'day', reads_per_minute: 'minute' };

/** The IETF RateLimit-* fields describe the window closest to running out. */
function rateLimitHeaders(windows: readonly WindowState[]): Record<string, string> {
  let best: WindowState | undefined;
  for (const w of windows) {
    if (w.limit === null) continue;
    const left = w.limit - w.used;
    if (!best || left < (best.limit ?? 0) - best.used || (left === (best.limit ?? 0) - best.used && w.resetMs < best.resetMs)) best = w;
  }
  if (!best || best.limit === null) return {};
  return {
    'RateLimit-Limit': String(best.limit),
    'RateLimit-Remaining': String(Math.max(0, best.limit - best.used)),
    'RateLimit-Reset': String(seconds(best.resetMs)),
  };
}

/**
 * Counts the request (called by the auth hook in onRequest, before the body is read): work
 * routes (`config.limit: 'work'`: generation submits, streams) in the key's minute, hour and day
 * windows, every other keyed request in the key's read window. 429 with Retry-After and
 * X-Limit-Type when the window is full, else the informational headers; `X-Limit-Scope` says
 * which windows the request counted in.
 */
export async function checkRequestWindows(request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<void> {
  const { limiter, usage, metrics, readsPerMinute } = request.server.keyLimits;
  const scope = request.routeOptions.config?.limit === 'work' ? 'work' : 'read';
  const decision = scope === 'work'
    ? await limiter.checkRequest(principal.keyId, principal.limits)
    : await limiter.checkRead(principal.keyId, readsPerMinute);
  const rate = rateLimitHeaders(decision.windows);
  if (!decision.ok) {
    const { refused } = decision;
    metrics.rateLimitRejections.inc({ limit_type: refused.type });
    const what = scope === 'work' ? 'requests' : 'reads (jobs, results, configurations, reference data)';
    throw errors.tooMany(`Rate limit exceeded: ${refused.limit} ${what} per ${UNIT[refused.type] ?? 'window'}`, {
      ...rate,
      'RateLimit-Remaining': '0',
      'Retry-After': String(seconds(refused.resetMs)),
      'X-Limit-Scope': scope,
      'X-Limit-Type': refused.type,
      'X-Limit-Value': String(refused.limit),
    });
  }
  // Reads report the day's work without counting any.
  const workWindows = scope === 'work' ? decision.windows : (await limiter.peek(principal.keyId, principal.limits)).windows;
  const day = workWindows.find((w) => w.type === 'requests_per_day');
  reply.headers({
    'X-API-Key-Type': principal.isDemo ? 'demo' : 'live',
    'X-Limit-Scope': scope,
    'X-Patient-Limit': String(principal.limits.patients_per_request),
    'X-Daily-Limit': principal.limits.requests_per_day === null ? 'unlimited' : String(principal.limits.requests_per_day),
    'X-Daily-Usage': String(day?.used ?? 0),
    ...rate,
  });
  usage.request(principal.keyId);
  // Bytes on the wire for this response (headers and body, however the route writes them):
  // requests on one connection are sequential, so the socket's counter tells them apart.
  const socket = request.raw.socket;
  const start = socket.bytesWritten;
  reply.raw.once('close', () => usage.bytes(principal.keyId, socket.bytesWritten - start));
}

/** Patients a request has counted in its key's quota and usage, until its work is accepted. */
const charges = new WeakMap<FastifyRequest, { keyId: string; count: number; at: number }>();

/**
 * Gives back the patients `enforcePatients` counted for this request: its work was not accepted
 * after all (the submit failed with a 500, or a 503 in a database outage). Called by the error
 * handler before the error is answered, so the client's next request sees the quota as it was.
 * At most once per request.
 */
export async function returnPatients(request: FastifyRequest): Promise<void> {
  const charge = charges.get(request);
  if (!charge) return;
  charges.delete(request);
  const { limiter, usage } = request.server.keyLimits;
  usage.patients(charge.keyId, -charge.count);
  await limiter.returnPatients(charge.keyId, charge.count, charge.at);
}

/**
 * The patient checks of a generation or stream request, once the route knows how many patients
 * it will make: more than patients_per_request → 400 (the limit itself is allowed); over the
 * day's patient quota → 429. Accepted patients count towards the quota and the usage; an error
 * answered after this point gives them back (`returnPatients`).
 */
export async function enforcePatients(request: FastifyRequest, _reply: FastifyReply, count: number): Promise<void> {
  const principal = principalOf(request);
  const { limiter, usage, metrics } = request.server.keyLimits;
  const limit = principal.limits.patients_per_request;
  if (count > limit) {
    metrics.rateLimitRejections.inc({ limit_type: 'patients_per_request' });
    throw errors.badRequest(`Requested ${count} patients exceeds limit of ${limit}`, {
      'X-Limit-Scope': 'work',
      'X-Limit-Type': 'patients_per_request',
      'X-Limit-Value': String(limit),
      'X-Requested': String(count),
    });
  }
  const at = Date.now();
  const decision = await limiter.checkPatients(principal.keyId, count, principal.limits.patients_per_day);
  if (!decision.ok) {
    const { refused } = decision;
    metrics.rateLimitRejections.inc({ limit_type: 'patients_per_day' });
    throw errors.tooMany(`Daily patient quota exceeded: ${refused.used} of ${refused.limit} patients used today, ${count} requested`, {
      'Retry-After': String(seconds(refused.resetMs)),
      'X-Limit-Scope': 'work',
      'X-Limit-Type': 'patients_per_day',
      'X-Limit-Value': String(refused.limit),
      'X-Requested': String(count),
    });
  }
  usage.patients(principal.keyId, count);
  charges.set(request, { keyId: principal.keyId, count, at });
}
