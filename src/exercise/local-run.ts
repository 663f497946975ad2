import type { CasualtyEvent } from '../engine/index.js';
import type { Clock } from './clock.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';
import { backoffMs, type WebhookOptions } from './webhooks.js';

/** Where a run without a server stands: for the live status line. */
export interface LocalStatus {
  released: number;
  total: number;
  /** Scenario seconds after T+0 the clock stands at. */
  offset: number;
  /** Wall ms until the next event falls due (0 when it is due or late). */
  nextInMs: number;
  /** How late the last event went out, ms. */
  lagMs: number;
  failed: number;
}

export interface LocalRunOptions {
  timeline: readonly CasualtyEvent[];
  speed: number;
  /** StartEx, wall ms: the clock reaches T+0 then; events already due go out at once. */
  start: number;
  clock: Clock;
  /** Sends one event; resolves once it is out (printed, or acknowledged by the webhook). */
  emit: (e: CasualtyEvent) => Promise<boolean>;
  onStatus?: (s: LocalStatus) => void;
  statusEveryMs?: number;
  signal?: AbortSignal;
}

/**
 * The exercise clock without a server (`medgen exercise run`): releases each event when the
 * clock reaches it, in order, one at a time; a slow receiver makes the events after it late (the
 * status line shows the lag) but never reorders them.
 */
export async function runLocal(o: LocalRunOptions): Promise<LocalStatus> {
  const status: LocalStatus = { released: 0, total: o.timeline.length, offset: 0, nextInMs: 0, lagMs: 0, failed: 0 };
  const dueAt = (e: CasualtyEvent): number => o.start + (e.offset / o.speed) * 1000;
  const report = (): void => {
    status.offset = ((o.clock.now() - o.start) / 1000) * o.speed;
    const next = o.timeline[status.released];
    status.nextInMs = next ? Math.max(0, dueAt(next) - o.clock.now()) : 0;
    o.onStatus?.({ ...status });
  };
  let ticker: unknown;
  const tick = (): void => {
    report();
    ticker = o.clock.setTimeout(tick, o.statusEveryMs ?? 1_000);
  };
  tick();
  try {
    for (const e of o.timeline) {
      const wait = dueAt(e) - o.clock.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const t = o.clock.setTimeout(resolve, wait);
          o.signal?.addEventListener('abort', () => { o.clock.clearTimeout(t); resolve(); }, { once: true });
        });
      }
      if (o.signal?.aborted) break;
      status.lagMs = Math.max(0, o.clock.now() - dueAt(e));
      if (!(await o.emit(e))) status.failed++;
      status.released++;
    }
  } finally {
    o.clock.clearTimeout(ticker);
    report();
  }
  return status;
}

/**
 * Posts one event to a webhook, signed as the server signs (docs/exercise-feed.md), retrying
 * with backoff; false when every attempt failed.
 */
export async function postSigned(url: string, secret: string, body: string, headers: Record<string, string>, o: WebhookOptions, clock: Clock): Promise<boolean> {
  for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
    const timestamp = Math.floor(clock.now() / 1000);
    try {
      const r = await fetch(url, {
        method: 'POST', redirect: 'manual', body, signal: AbortSignal.timeout(o.timeoutMs),
        headers: { 'content-type': 'application/json', ...headers, [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: sign(secret, timestamp, body), 'x-medgen-attempt': String(attempt) },
      });
      await r.body?.cancel().catch(() => undefined);
      if (r.status >= 200 && r.status < 300) return true;
    } catch {
      // a refused or timed-out request is a failed attempt like a 5xx
    }
    if (attempt < o.maxAttempts) await new Promise<void>((resolve) => clock.setTimeout(resolve, backoffMs(attempt, o)));
  }
  return false;
}
