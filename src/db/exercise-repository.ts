import { sql, type ColumnType, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Viewer } from './jobs-repository.js';
import type { Database } from './schema.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export type ExerciseStatus = 'running' | 'paused' | 'completed' | 'stopped';
export const ACTIVE_EXERCISE_STATUSES: readonly ExerciseStatus[] = ['running', 'paused'];

/** Ranges of event seqs [from, to] a jump marked skipped: never released to subscribers. */
export type SkippedRanges = [number, number][];

export interface ExerciseRunsTable {
  id: Generated<string>;
  owner_key_id: string | null;
  name: string;
  /** The resolved scenario input, seed included. */
  scenario: Json<Record<string, unknown>>;
  total_patients: number;
  total_events: number;
  status: ExerciseStatus;
  speed: number;
  start_at: Timestamp;
  /** The clock: at wall time `anchor_wall` the scenario stood at `anchor_offset` seconds after T+0. */
  anchor_wall: Timestamp;
  anchor_offset: number;
  skipped: Json<SkippedRanges>;
  created_at: Timestamp;
  updated_at: Timestamp;
  ended_at: NullableTimestamp;
}

export type SubscriptionStatus = 'active' | 'dead';

export interface ExerciseSubscriptionsTable {
  id: Generated<string>;
  run_id: string;
  url: string;
  filter: Json<Record<string, string[]>>;
  format: 'json' | 'fhir';
  /** The signing secret: shown to the caller once, kept here to sign every delivery. */
  secret: string;
  status: SubscriptionStatus;
  max_attempts: number;
  /** The last event seq considered for this subscription (enqueued when it matched). */
  cursor: Generated<number>;
  created_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface ExerciseDeliveriesTable {
  subscription_id: string;
  seq: number;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  /** A process sending this delivery holds it until then (another process skips it meanwhile). */
  claimed_until: NullableTimestamp;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: NullableTimestamp;
}

export interface ExerciseDeliveryAttemptsTable {
  subscription_id: string;
  seq: number;
  attempt: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

// A type alias, not an interface: withTables wants an index-signature-compatible record.
export type ExerciseTables = {
  exercise_runs: ExerciseRunsTable;
  exercise_subscriptions: ExerciseSubscriptionsTable;
  exercise_deliveries: ExerciseDeliveriesTable;
  exercise_delivery_attempts: ExerciseDeliveryAttemptsTable;
};

export type ExerciseRunRow = Selectable<ExerciseRunsTable>;
export type SubscriptionRow = Selectable<ExerciseSubscriptionsTable>;
export type DeliveryRow = Selectable<ExerciseDeliveriesTable>;
export type DeliveryAttemptRow = Selectable<ExerciseDeliveryAttemptsTable>;

export interface NewExerciseRun {
  owner_key_id: string;
  name: string;
  scenario: Record<string, unknown>;
  total_patients: number;
  total_events: number;
  speed: number;
  start_at: Date;
}

export interface ClockUpdate {
  status?: ExerciseStatus;
  speed?: number;
  anchor_wall?: Date;
  anchor_offset?: number;
  skipped?: SkippedRanges;
  ended_at?: Date | null;
}

/** How one send went: acknowledged, to retry at `retryAt`, or dead-lettered. */
export type AttemptOutcome = { kind: 'delivered' } | { kind: 'retry'; retryAt: Date } | { kind: 'dead' };

export interface AttemptRecord {
  subscriptionId: string;
  seq: number;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface SubscriptionHealth {
  pending: number;
  delivered: number;
  dead: number;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
}

/** The head of a subscription's queue: claimed for sending, or not yet due (`waitUntil`). */
export type NextDelivery = { delivery: DeliveryRow } | { waitUntil: Date } | undefined;

/** All SQL of the live exercise feed: runs and their clock, subscriptions, deliveries. */
export class ExerciseRepository {
  private readonly db: Kysely<Database & ExerciseTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<ExerciseTables>();
  }

  insertRun(run: NewExerciseRun): Promise<ExerciseRunRow> {
    return this.db.insertInto('exercise_runs').values({
      owner_key_id: run.owner_key_id, name: run.name, scenario: JSON.stringify(run.scenario),
      total_patients: run.total_patients, total_events: run.total_events, status: 'running', speed: run.speed,
      start_at: run.start_at, anchor_wall: run.start_at, anchor_offset: 0, skipped: '[]',
    }).returningAll().executeTakeFirstOrThrow();
  }

  findRun(id: string): Promise<ExerciseRunRow | undefined> {
    return this.db.selectFrom('exercise_runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findVisibleRun(id: string, viewer: Viewer): Promise<ExerciseRunRow | undefined> {
    let q = this.db.selectFrom('exercise_runs').selectAll().where('id', '=', id);
    if (!viewer.isAdmin) q = q.where('owner_key_id', '=', viewer.keyId);
    return q.executeTakeFirst();
  }

  async listRuns(viewer: Viewer, offset: number, limit: number): Promise<{ rows: ExerciseRunRow[]; total: number }> {
    let base = this.db.selectFrom('exercise_runs');
    if (!viewer.isAdmin) base = base.where('owner_key_id', '=', viewer.keyId);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  /** Runs whose clock may still release events (what a starting server resumes). */
  activeRuns(): Promise<ExerciseRunRow[]> {
    return this.db.selectFrom('exercise_runs').selectAll().where('status', 'in', [...ACTIVE_EXERCISE_STATUSES]).orderBy('created_at').execute();
  }

  /** Runs updated after `since` (another process changed a clock). */
  changedSince(since: Date): Promise<ExerciseRunRow[]> {
    return this.db.selectFrom('exercise_runs').selectAll().where('updated_at', '>', since).execute();
  }

  async countActive(ownerKeyId: string): Promise<number> {
    const r = await this.db.selectFrom('exercise_runs').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_key_id', '=', ownerKeyId).where('status', 'in', [...ACTIVE_EXERCISE_STATUSES]).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Sets the clock when the run is still in `from` (a concurrent stop wins); undefined when it was not. */
  updateClock(id: string, from: readonly ExerciseStatus[], update: ClockUpdate): Promise<ExerciseRunRow | undefined> {
    const { skipped, ...rest } = update;
    return this.db.updateTable('exercise_runs')
      .set({ ...rest, ...(skipped ? { skipped: JSON.stringify(skipped) } : {}), updated_at: new Date() })
      .where('id', '=', id).where('status', 'in', [...from])
      .returningAll().executeTakeFirst();
  }

  // --- subscriptions -------------------------------------------------------------------------

  insertSubscription(sub: { run_id: string; url: string; filter: Record<string, string[]>; format: 'json' | 'fhir'; secret: string; max_attempts: number; cursor: number }): Promise<SubscriptionRow> {
    return this.db.insertInto('exercise_subscriptions').values({ ...sub, filter: JSON.stringify(sub.filter), status: 'active' }).returningAll().executeTakeFirstOrThrow();
  }

  subscriptions(runId: string): Promise<SubscriptionRow[]> {
    return this.db.selectFrom('exercise_subscriptions').selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('id').execute();
  }

  /** Subscriptions of every run that still releases events, or has deliveries left to send. */
  async liveSubscriptions(): Promise<SubscriptionRow[]> {
    return this.db.selectFrom('exercise_subscriptions').selectAll()
      .where((eb) => eb.or([
        eb('run_id', 'in', eb.selectFrom('exercise_runs').select('id').where('status', 'in', [...ACTIVE_EXERCISE_STATUSES])),
        eb.exists(eb.selectFrom('exercise_deliveries').select('seq').whereRef('exercise_deliveries.subscription_id', '=', 'exercise_subscriptions.id').where('status', '=', 'pending')),
      ])).execute();
  }

  findSubscription(runId: string, id: string): Promise<SubscriptionRow | undefined> {
    return this.db.selectFrom('exercise_subscriptions').selectAll().where('run_id', '=', runId).where('id', '=', id).executeTakeFirst();
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.db.deleteFrom('exercise_subscriptions').where('id', '=', id).execute();
  }

  async countSubscriptions(runId: string): Promise<number> {
    const r = await this.db.selectFrom('exercise_subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Queues `seqs` for the subscription and moves its cursor to `cursor`, atomically: once this
   * resolves the events will be delivered even after a crash. Already queued seqs are kept as
   * they are, so two processes (or a restart) releasing the same events queue them once.
   */
  async enqueue(subscriptionId: string, seqs: readonly number[], cursor: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < seqs.length; i += 1000) {
        const values = seqs.slice(i, i + 1000).map((seq) => ({ subscription_id: subscriptionId, seq, status: 'pending' as const, next_attempt_at: new Date(), claimed_until: null, last_status_code: null, last_error: null, delivered_at: null }));
        await tx.insertInto('exercise_deliveries').values(values).onConflict((oc) => oc.columns(['subscription_id', 'seq']).doNothing()).execute();
      }
      await tx.updateTable('exercise_subscriptions').set({ cursor: sql<number>`greatest(${sql.ref('cursor')}, ${cursor})` }).where('id', '=', subscriptionId).execute();
    });
  }

  /**
   * The lowest pending seq of the subscription (deliveries go out in order): claimed for
   * `leaseMs` when due, else when it will be; undefined when nothing is pending or another
   * process holds it.
   */
  async claimNext(subscriptionId: string, leaseMs: number, now = new Date()): Promise<NextDelivery> {
    // The usual case, a due head, in one statement; only when it claims nothing is the head read to say why.
    const claimed = await sql<DeliveryRow>`
      with head as (
        select seq from exercise_deliveries
        where subscription_id = ${subscriptionId} and status = 'pending' order by seq limit 1
      )
      update exercise_deliveries d set claimed_until = ${new Date(now.getTime() + leaseMs)}
      from head
      where d.subscription_id = ${subscriptionId} and d.seq = head.seq and d.status = 'pending'
        and d.next_attempt_at <= ${now} and (d.claimed_until is null or d.claimed_until < ${now})
      returning d.*`.execute(this.db);
    const row = claimed.rows[0];
    if (row) return { delivery: row };
    const head = await this.db.selectFrom('exercise_deliveries').select(['next_attempt_at'])
      .where('subscription_id', '=', subscriptionId).where('status', '=', 'pending').orderBy('seq').limit(1).executeTakeFirst();
    if (!head) return undefined;
    const due = head.next_attempt_at.getTime();
    return { waitUntil: due > now.getTime() ? head.next_attempt_at : new Date(now.getTime() + leaseMs) };
  }

  /** Gives a claimed delivery back unsent (a stopping process). */
  async releaseClaim(subscriptionId: string, seq: number): Promise<void> {
    await this.db.updateTable('exercise_deliveries').set({ claimed_until: null }).where('subscription_id', '=', subscriptionId).where('seq', '=', seq).execute();
  }

  /** Logs one attempt and applies its outcome; a dead letter also marks the subscription dead. */
  async recordAttempt(a: AttemptRecord, outcome: AttemptOutcome): Promise<void> {
    if (outcome.kind !== 'dead') {
      // The usual outcomes in one statement (one round trip per delivery): the log row and the delivery's new state.
      const delivered = outcome.kind === 'delivered';
      await sql`
        with logged as (
          insert into exercise_delivery_attempts (subscription_id, seq, attempt, at, status_code, error, duration_ms)
          values (${a.subscriptionId}, ${a.seq}, ${a.attempt}, ${a.at}, ${a.statusCode}, ${a.error}, ${Math.round(a.durationMs)})
        )
        update exercise_deliveries set attempts = ${a.attempt}, claimed_until = null, last_status_code = ${a.statusCode}, last_error = ${a.error},
          status = ${delivered ? 'delivered' : 'pending'}, delivered_at = ${delivered ? a.at : null},
          next_attempt_at = ${outcome.kind === 'retry' ? outcome.retryAt : a.at}
        where subscription_id = ${a.subscriptionId} and seq = ${a.seq}`.execute(this.db);
      return;
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('exercise_delivery_attempts').values({
        subscription_id: a.subscriptionId, seq: a.seq, attempt: a.attempt, at: a.at, status_code: a.statusCode, error: a.error, duration_ms: Math.round(a.durationMs),
      }).execute();
      await tx.updateTable('exercise_deliveries').set({ attempts: a.attempt, claimed_until: null, last_status_code: a.statusCode, last_error: a.error, status: 'dead' })
        .where('subscription_id', '=', a.subscriptionId).where('seq', '=', a.seq).execute();
      await tx.updateTable('exercise_subscriptions').set({ status: 'dead' }).where('id', '=', a.subscriptionId).execute();
    });
  }

  /**
   * Sends again: dead deliveries (and, from `fromSeq` on, delivered ones too) become pending
   * with a fresh attempt count, and the subscription active again.
   */
  async replay(subscriptionId: string, fromSeq?: number): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      await tx.updateTable('exercise_subscriptions').set({ status: 'active' }).where('id', '=', subscriptionId).execute();
      let q = tx.updateTable('exercise_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: new Date(), claimed_until: null, delivered_at: null })
        .where('subscription_id', '=', subscriptionId);
      q = fromSeq === undefined ? q.where('status', '=', 'dead') : q.where((eb) => eb.or([eb('status', '=', 'dead'), eb('seq', '>=', fromSeq)]));
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
  }

  /** Delivery counts by status and the last attempt of each subscription of a run. */
  async health(subscriptionIds: readonly string[]): Promise<Map<string, SubscriptionHealth>> {
    const out = new Map<string, SubscriptionHealth>(subscriptionIds.map((id) => [id, { pending: 0, delivered: 0, dead: 0, last_attempt_at: null, last_status_code: null, last_error: null }]));
    if (subscriptionIds.length === 0) return out;
    const [counts, last] = await Promise.all([
      this.db.selectFrom('exercise_deliveries').select(['subscription_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
        .where('subscription_id', 'in', [...subscriptionIds]).groupBy(['subscription_id', 'status']).execute(),
      this.db.selectFrom('exercise_delivery_attempts').selectAll().distinctOn('subscription_id')
        .where('subscription_id', 'in', [...subscriptionIds]).orderBy('subscription_id').orderBy('at', 'desc').orderBy('attempt', 'desc').execute(),
    ]);
    for (const c of counts) {
      const h = out.get(c.subscription_id);
      if (h) h[c.status] = Number(c.n);
    }
    for (const a of last) {
      const h = out.get(a.subscription_id);
      if (h) Object.assign(h, { last_attempt_at: a.at.toISOString(), last_status_code: a.status_code, last_error: a.error });
    }
    return out;
  }

  /** Every attempt of a subscription, newest first. */
  attempts(subscriptionId: string, offset: number, limit: number): Promise<DeliveryAttemptRow[]> {
    return this.db.selectFrom('exercise_delivery_attempts').selectAll().where('subscription_id', '=', subscriptionId)
      .orderBy('at', 'desc').orderBy('seq', 'desc').orderBy('attempt', 'desc').offset(offset).limit(limit).execute();
  }

  /** The delivery state of given seqs (tests and the delivery log). */
  deliveries(subscriptionId: string): Promise<DeliveryRow[]> {
    return this.db.selectFrom('exercise_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('seq').execute();
  }
}
