import type { ExerciseRepository, SubscriptionRow, SubscriptionStatus } from '../db/index.js';
import type { CasualtyEvent } from '../engine/index.js';
import type { Clock } from './clock.js';
import type { RunFeed } from './feed.js';
import { matches } from './filter.js';
import { SubscriptionWorker, type PayloadOf, type WebhookOptions } from './webhooks.js';

export interface DeliveriesOptions {
  repo: ExerciseRepository;
  clock: Clock;
  options: WebhookOptions;
  fetch: typeof fetch;
  payload: PayloadOf;
  onError: (err: unknown) => void;
}

/**
 * The webhook side of the runs held in memory: each subscription's filter and cursor, its queue
 * of writes (kept in order), and its sender. Released batches come in from the release loop;
 * what matches is written to the database, then the subscription's sender is woken.
 */
export class Deliveries {
  private readonly subs = new Map<string, SubscriptionRow[]>();
  private readonly workers = new Map<string, SubscriptionWorker>();
  private readonly queues = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly o: DeliveriesOptions) {}

  /** Whether a run has subscriptions here (a run with some stays in memory). */
  has(runId: string): boolean {
    return (this.subs.get(runId)?.length ?? 0) > 0;
  }

  /** The status its sender knows (dead as soon as it dead-letters), else the row's. */
  status(sub: SubscriptionRow): SubscriptionStatus {
    return this.workers.get(sub.id)?.sub.status ?? sub.status;
  }

  /** Starts serving a subscription; events released before its cursor (a restart) are queued now. */
  add(sub: SubscriptionRow, feed: RunFeed | undefined): void {
    this.subs.set(sub.run_id, [...(this.subs.get(sub.run_id) ?? []).filter((s) => s.id !== sub.id), sub]);
    if (this.workers.has(sub.id) || this.stopped) return;
    this.workers.set(sub.id, new SubscriptionWorker(sub, this.o).start());
    if (feed) this.queue(feed, feed.timeline.slice(sub.cursor, feed.position));
  }

  /** The subscription is active again (a replay): its sender looks at its queue now. */
  reactivate(sub: SubscriptionRow, feed: RunFeed | undefined): void {
    const worker = this.workers.get(sub.id);
    if (!worker) return this.add({ ...sub, status: 'active' }, feed);
    worker.sub = { ...worker.sub, status: 'active' };
    worker.wake();
  }

  async remove(sub: SubscriptionRow): Promise<void> {
    this.subs.set(sub.run_id, (this.subs.get(sub.run_id) ?? []).filter((s) => s.id !== sub.id));
    const worker = this.workers.get(sub.id);
    this.workers.delete(sub.id);
    await worker?.stop();
  }

  /** Queues the batch's matching events for each subscription of the run, one subscription's writes in order. */
  queue(feed: RunFeed, batch: readonly CasualtyEvent[]): void {
    const last = batch[batch.length - 1];
    if (!last) return;
    for (const sub of this.subs.get(feed.runId) ?? []) {
      const seqs = batch.filter((e) => e.seq > sub.cursor && !feed.isSkipped(e.seq) && matches(sub.filter, e)).map((e) => e.seq);
      if (seqs.length === 0) continue;
      const prev = this.queues.get(sub.id) ?? Promise.resolve();
      const next = prev.then(async () => {
        await this.o.repo.enqueue(sub.id, seqs, last.seq);
        sub.cursor = Math.max(sub.cursor, last.seq);
        this.workers.get(sub.id)?.wake();
      }).catch((err: unknown) => this.o.onError(err));
      this.queues.set(sub.id, next);
    }
  }

  /** Lets queued writes finish, then stops every sender (each may finish the request in flight). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.queues.values()]);
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
  }
}
