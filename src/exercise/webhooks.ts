import type { DeliveryRow, ExerciseRepository, SubscriptionRow } from '../db/index.js';
import type { Clock } from './clock.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

export interface WebhookOptions {
  /** Attempts per event before it is dead-lettered (and the subscription with it). */
  maxAttempts: number;
  /** Wait before the 2nd attempt; doubled for each further one, up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A request not answered by then counts as failed. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { maxAttempts: 5, backoffBaseMs: 1_000, backoffMaxMs: 60_000, timeoutMs: 10_000 };

/** The wait after failed attempt `attempt` (1-based): base, 2×base, 4×base… capped. */
export function backoffMs(attempt: number, o: Pick<WebhookOptions, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

/** What to send for one event: its body and media type (JSON or a FHIR Bundle). */
export type PayloadOf = (sub: SubscriptionRow, seq: number) => { body: string; contentType: string; eventId: string; type: string } | undefined;

export interface WorkerDeps {
  repo: ExerciseRepository;
  clock: Clock;
  options: WebhookOptions;
  payload: PayloadOf;
  fetch: typeof fetch;
  onError: (err: unknown) => void;
}

/**
 * Sends one subscription's deliveries, in seq order, one at a time: its own loop and its own
 * timers, so a slow or dead receiver holds up only itself. A delivery is marked delivered only
 * after a 2xx answer, in the database, before the next is taken, so a restart resends only what
 * was not acknowledged.
 */
export class SubscriptionWorker {
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(public sub: SubscriptionRow, private readonly d: WorkerDeps) {}

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Something changed (new deliveries queued, replay, status): look again now. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Ends the loop. A request in flight may finish for `graceMs`, so an answer the receiver has
   * sent is recorded; after that it is aborted (not acknowledged, so it is sent again later).
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); })]);
    clearTimeout(timer);
    this.abort.abort();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        this.wakeUp = undefined;
        this.woken = false;
        if (timer !== undefined) this.d.clock.clearTimeout(timer);
        resolve();
      };
      const timer = Number.isFinite(ms) ? this.d.clock.setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1))) : undefined;
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.sub.status === 'dead') {
          await this.sleep(Infinity);
          continue;
        }
        const next = await this.d.repo.claimNext(this.sub.id, this.d.options.timeoutMs + 5_000, new Date(this.d.clock.now()));
        if (next === undefined) await this.sleep(Infinity);
        else if ('waitUntil' in next) await this.sleep(next.waitUntil.getTime() - this.d.clock.now());
        else if (this.stopped) await this.d.repo.releaseClaim(this.sub.id, next.delivery.seq);
        else await this.send(next.delivery);
      } catch (err) {
        if (this.stopped) break;
        this.d.onError(err);
        await this.sleep(1_000);
      }
    }
  }

  private async send(delivery: DeliveryRow): Promise<void> {
    const attempt = delivery.attempts + 1;
    const payload = this.d.payload(this.sub, delivery.seq);
    const started = this.d.clock.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!payload) error = 'the event is no longer available';
    else {
      const timestamp = Math.floor(started / 1000);
      try {
        const r = await this.d.fetch(this.sub.url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': payload.contentType,
            'user-agent': 'medgen-exercise-feed',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: sign(this.sub.secret, timestamp, payload.body),
            'x-medgen-delivery': `${this.sub.id}:${delivery.seq}`,
            'x-medgen-event-id': payload.eventId,
            'x-medgen-event-seq': String(delivery.seq),
            'x-medgen-event-type': payload.type,
            'x-medgen-attempt': String(attempt),
          },
          body: payload.body,
          signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.d.options.timeoutMs)]),
        });
        statusCode = r.status;
        await r.body?.cancel().catch(() => undefined);
        if (r.status < 200 || r.status > 299) error = `HTTP ${r.status}`;
      } catch (err) {
        if (this.abort.signal.aborted) {
          // Not acknowledged: released at once, so it goes out again after a restart without waiting for the claim to lapse.
          await this.d.repo.releaseClaim(this.sub.id, delivery.seq).catch(() => undefined);
          return;
        }
        error = (err as Error).name === 'TimeoutError' ? `no answer within ${this.d.options.timeoutMs} ms` : String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
      }
    }
    const now = this.d.clock.now();
    const outcome = error === null ? { kind: 'delivered' as const }
      : attempt >= this.sub.max_attempts ? { kind: 'dead' as const }
        : { kind: 'retry' as const, retryAt: new Date(now + backoffMs(attempt, this.d.options)) };
    await this.d.repo.recordAttempt({ subscriptionId: this.sub.id, seq: delivery.seq, attempt, at: new Date(now), statusCode, error, durationMs: now - started }, outcome);
    if (outcome.kind === 'dead') this.sub = { ...this.sub, status: 'dead' };
  }
}
