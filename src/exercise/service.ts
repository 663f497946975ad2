import {
  ExerciseRepository, type DeliveryAttemptRow, type ExerciseRunRow, type SubscriptionHealth, type SubscriptionRow, type Viewer,
} from '../db/index.js';
import {
  casualtyTimeline, createRun, drawSeed, parseScenario, patientAt, scenarioToInput, type CasualtyEvent, type Patient, type Run, type Scenario,
} from '../engine/index.js';
import { casualtyCardsPdf, type CardLayout } from '../formats/index.js';
import { systemClock, type Clock } from './clock.js';
import { jump, offsetAt, pause, resume, setSpeed, type ClockState } from './exercise-clock.js';
import { addRange, countDue, RunFeed, type FeedListener } from './feed.js';
import { eventBundle } from './fhir-event.js';
import { matches } from './filter.js';
import { runView, type ExerciseView } from './view.js';
import { Deliveries } from './deliveries.js';
import { DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions } from './webhooks.js';
import { newSecret } from './signature.js';
import { ExerciseError, type Control, type ExerciseServiceOptions, type NewExercise, type NewSubscription, type SubscriptionView } from './types.js';

/** Between ticks of one run: events falling due closer together go out together. */
const MIN_TICK_MS = 10;
/** Timers further out are re-armed (setTimeout's range, and a clock changed elsewhere). */
const MAX_TIMER_MS = 60_000;
/**
 * Finished runs kept in memory for late readers and run lists (a timeline is rebuilt from the
 * scenario on demand, about as long as generating its patients): more than a page of the control page's list.
 */
const CACHED_FINISHED = 32;

const ENDED = new Set(['completed', 'stopped']);

const clockOf = (row: ExerciseRunRow): ClockState => ({ status: row.status, speed: row.speed, anchorWall: row.anchor_wall.getTime(), anchorOffset: row.anchor_offset });

/**
 * Exercise runs: each releases its scenario's casualty events on an exercise clock to listeners
 * (SSE) and webhook subscriptions. The clock is persisted on every control, deliveries as they
 * are queued and acknowledged; released events follow from the clock, so a restart resumes
 * where the run stood and catches up what fell due meanwhile.
 */
export class ExerciseService {
  readonly repo: ExerciseRepository;
  private readonly clock: Clock;
  private readonly feeds = new Map<string, { row: ExerciseRunRow; feed: RunFeed; run: Run }>();
  private readonly deliveries: Deliveries;
  private readonly webhook: WebhookOptions;
  private syncTimer: unknown;
  private lastSync = 0;
  private stopped = false;

  constructor(private readonly o: ExerciseServiceOptions) {
    this.repo = new ExerciseRepository(o.database.db);
    this.clock = o.clock ?? systemClock;
    this.webhook = { ...DEFAULT_WEBHOOK_OPTIONS, ...o.webhooks };
    this.deliveries = new Deliveries({
      repo: this.repo, clock: this.clock, options: this.webhook, fetch: o.fetch ?? fetch,
      onError: (err) => o.onError?.(err), payload: (sub, seq) => this.payload(sub, seq),
    });
  }

  get maxPatients(): number { return this.o.maxPatients ?? 5_000; }

  /** Resumes every run that was running or paused, and the delivery of every live subscription. */
  async start(): Promise<void> {
    this.lastSync = this.clock.now();
    for (const row of await this.repo.activeRuns()) this.load(row);
    for (const sub of await this.repo.liveSubscriptions()) {
      if (!this.feeds.has(sub.run_id)) {
        const row = await this.repo.findRun(sub.run_id);
        if (row) this.load(row);
      }
      this.deliveries.add(sub, this.feeds.get(sub.run_id)?.feed);
    }
    for (const { feed } of this.feeds.values()) this.tick(feed);
    this.scheduleSync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.syncTimer !== undefined) this.clock.clearTimeout(this.syncTimer);
    for (const { feed } of this.feeds.values()) {
      if (feed.timer !== undefined) this.clock.clearTimeout(feed.timer);
      for (const l of [...feed.listeners]) l.onEnd();
      feed.listeners.clear();
    }
    await this.deliveries.stop();
  }

  /** Reads a scenario for an exercise: every problem with its path, or the scenario with its seed fixed. */
  prepare(input: Record<string, unknown>, seed?: number | string): Scenario {
    const parsed = parseScenario(seed === undefined ? input : { ...input, seed });
    if (!parsed.ok) throw new ExerciseError('invalid', 'the scenario is invalid', parsed.errors.map((e) => ({ path: e.path, message: e.message })));
    if (parsed.scenario.total_patients > this.maxPatients) {
      throw new ExerciseError('invalid', 'too many patients', [{ path: 'total_patients', message: `an exercise holds at most ${this.maxPatients} patients (its timeline is kept in memory), got ${parsed.scenario.total_patients}` }]);
    }
    return { ...parsed.scenario, seed: parsed.scenario.seed ?? drawSeed() };
  }

  /** Refuses (429) a key that already runs as many exercises as it may; checked before its patients are counted. */
  async assertCanStart(owner: Viewer): Promise<void> {
    const limit = this.o.maxActiveRunsPerKey ?? 5;
    if (await this.repo.countActive(owner.keyId) >= limit) throw new ExerciseError('limit', `this key already has ${limit} exercises running or paused (the most it may); stop one first`);
  }

  async create(owner: Viewer, x: NewExercise): Promise<ExerciseView> {
    await this.assertCanStart(owner);
    const run = createRun(x.scenario);
    const timeline = casualtyTimeline(run);
    const row = await this.repo.insertRun({
      owner_key_id: owner.keyId, name: x.name, scenario: scenarioToInput(run.scenario), total_patients: run.total,
      total_events: timeline.length, speed: x.speed, start_at: x.start,
    });
    const feed = this.load(row, run, timeline);
    this.tick(feed);
    return this.view(row.id) as ExerciseView;
  }

  async list(viewer: Viewer, offset: number, limit: number): Promise<{ views: ExerciseView[]; total: number }> {
    const { rows, total } = await this.repo.listRuns(viewer, offset, limit);
    return { views: rows.map((r) => this.view(this.load(r).runId) as ExerciseView), total };
  }

  async get(id: string, viewer: Viewer): Promise<ExerciseView | undefined> {
    const row = await this.repo.findVisibleRun(id, viewer);
    return row ? this.view(this.load(row).runId) : undefined;
  }

  /** Applies a control; undefined when the caller may not see the run. */
  async control(id: string, viewer: Viewer, c: Control): Promise<ExerciseView | undefined> {
    const found = await this.repo.findVisibleRun(id, viewer);
    if (!found) return undefined;
    const feed = this.load(found);
    const now = this.clock.now();
    const cur = feed.clock;
    if (ENDED.has(cur.status)) throw new ExerciseError('state', `the exercise has ${cur.status === 'completed' ? 'completed' : 'been stopped'}; it cannot ${c.op}`);
    if ((c.op === 'pause' && cur.status === 'paused') || (c.op === 'resume' && cur.status === 'running')) return this.view(id);
    let next: ClockState;
    let skipped = feed.skipped;
    if (c.op === 'pause') next = pause(cur, now);
    else if (c.op === 'resume') next = resume(cur, now);
    else if (c.op === 'stop') next = { ...pause(cur, now), status: 'stopped' };
    else if (c.op === 'speed') next = setSpeed(cur, c.speed, now);
    else {
      const here = offsetAt(cur, now);
      if (c.offset < here) throw new ExerciseError('invalid', 'cannot jump back', [{ path: 'to', message: `must not be before the current scenario time (T+${Math.floor(here)} s): released events cannot be taken back` }]);
      const last = feed.timeline[feed.timeline.length - 1]?.offset ?? 0;
      const target = Math.min(c.offset, last);
      next = jump(cur, target, now);
      if (c.skipped === 'skip') skipped = addRange(skipped, feed.position + 1, countDue(feed.timeline, target));
    }
    const row = await this.repo.updateClock(id, ['running', 'paused'], {
      status: next.status, speed: next.speed, anchor_wall: new Date(next.anchorWall), anchor_offset: next.anchorOffset, skipped,
      ...(c.op === 'stop' ? { ended_at: new Date(now) } : {}),
    });
    if (!row) throw new ExerciseError('state', 'the exercise has ended meanwhile');
    this.apply(row);
    return this.view(id);
  }

  /**
   * Follows a run: first the released events after `afterSeq` that pass `filter`, then each
   * batch as it is released, then `onEnd` when the run completes or stops. Returns the way to
   * stop listening; undefined when the caller may not see the run.
   */
  async listen(id: string, viewer: Viewer, afterSeq: number, listener: FeedListener): Promise<(() => void) | undefined> {
    const row = await this.repo.findVisibleRun(id, viewer);
    if (!row) return undefined;
    const feed = this.load(row);
    const history = feed.history(afterSeq, listener.filter, this.clock.now());
    if (history.length > 0) listener.onEvents(history);
    if (ENDED.has(feed.clock.status) || this.stopped) {
      listener.onEnd(this.stopped ? undefined : feed.clock.status);
      return () => undefined;
    }
    feed.listeners.add(listener);
    return () => { feed.listeners.delete(listener); };
  }

  // --- webhook subscriptions -------------------------------------------------------------------

  async subscribe(id: string, viewer: Viewer, s: NewSubscription): Promise<{ view: SubscriptionView; secret: string } | undefined> {
    const row = await this.repo.findVisibleRun(id, viewer);
    if (!row) return undefined;
    const feed = this.load(row);
    if (ENDED.has(feed.clock.status)) throw new ExerciseError('state', 'the exercise has ended: there is nothing left to deliver');
    const limit = this.o.maxSubscriptionsPerRun ?? 10;
    if (await this.repo.countSubscriptions(id) >= limit) throw new ExerciseError('limit', `this exercise already has ${limit} subscriptions (the most it may)`);
    const secret = newSecret();
    const sub = await this.repo.insertSubscription({
      run_id: id, url: s.url, filter: { ...s.filter }, format: s.format, secret, max_attempts: s.maxAttempts ?? this.webhook.maxAttempts, cursor: feed.position,
    });
    this.deliveries.add(sub, feed);
    return { view: (await this.subscriptionViews([sub]))[0] as SubscriptionView, secret };
  }

  async subscriptions(id: string, viewer: Viewer): Promise<SubscriptionView[] | undefined> {
    const row = await this.repo.findVisibleRun(id, viewer);
    return row ? this.subscriptionViews(await this.repo.subscriptions(id)) : undefined;
  }

  async subscription(id: string, viewer: Viewer, subId: string): Promise<SubscriptionRow | undefined> {
    const row = await this.repo.findVisibleRun(id, viewer);
    return row ? this.repo.findSubscription(id, subId) : undefined;
  }

  async deliveryLog(sub: SubscriptionRow, offset: number, limit: number): Promise<DeliveryAttemptRow[]> {
    return this.repo.attempts(sub.id, offset, limit);
  }

  async replay(sub: SubscriptionRow, fromSeq?: number): Promise<number> {
    const n = await this.repo.replay(sub.id, fromSeq);
    this.deliveries.reactivate(sub, this.feeds.get(sub.run_id)?.feed);
    return n;
  }

  async unsubscribe(sub: SubscriptionRow): Promise<void> {
    await this.repo.deleteSubscription(sub.id);
    await this.deliveries.remove(sub);
  }

  /** One casualty's whole record (the control page opens it); undefined for an unknown run or patient. */
  async patient(id: string, viewer: Viewer, patientId: number): Promise<Patient | undefined> {
    const row = await this.repo.findVisibleRun(id, viewer);
    if (!row) return undefined;
    this.load(row);
    const held = this.feeds.get(id);
    if (!held || !Number.isInteger(patientId) || patientId < 0 || patientId >= held.run.total) return undefined;
    return patientAt(held.run, patientId);
  }

  /**
   * One casualty's role-player and controller cards (PDF), as the exercise pack prints them;
   * dated by the scenario, never the clock, so the same request gives the same bytes.
   */
  async patientCard(id: string, viewer: Viewer, patientId: number, layout: CardLayout): Promise<Buffer | undefined> {
    const patient = await this.patient(id, viewer, patientId);
    const held = this.feeds.get(id);
    if (!patient || !held) return undefined;
    const { scenario } = held.run;
    return casualtyCardsPdf(patient, {
      created: `${scenario.base_date}T00:00:00Z`, title: `${scenario.name} — casualty ${patient.id}`,
      subject: `exercise ${id}, seed ${String(held.run.seed)}`, creator: 'medgen',
    }, layout);
  }

  /** The run's timeline as events (the record of one casualty, a test's expectations). */
  timeline(id: string): readonly CasualtyEvent[] | undefined {
    return this.feeds.get(id)?.feed.timeline;
  }

  // --- internals ------------------------------------------------------------------------------

  private async subscriptionViews(rows: SubscriptionRow[]): Promise<SubscriptionView[]> {
    const health = await this.repo.health(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id, run_id: r.run_id, url: r.url, format: r.format, filter: r.filter, status: this.deliveries.status(r),
      max_attempts: r.max_attempts, created_at: r.created_at.toISOString(), health: health.get(r.id) as SubscriptionHealth,
    }));
  }

  private view(id: string): ExerciseView | undefined {
    const held = this.feeds.get(id);
    return held ? runView(held.row, held.feed, this.clock.now()) : undefined;
  }

  /** The run in memory, built from its row when first needed (same scenario and seed → same timeline). */
  private load(row: ExerciseRunRow, run?: Run, timeline?: CasualtyEvent[]): RunFeed {
    const held = this.feeds.get(row.id);
    if (held) return held.feed;
    let engineRun = run;
    if (!engineRun) {
      const parsed = parseScenario(row.scenario);
      if (!parsed.ok) throw new Error(`exercise ${row.id}: its stored scenario no longer parses`);
      engineRun = createRun(parsed.scenario);
    }
    const feed = new RunFeed(row.id, timeline ?? casualtyTimeline(engineRun), clockOf(row), row.skipped);
    // A finished run has released what its frozen clock reached; a live one releases on its first tick.
    if (ENDED.has(row.status)) feed.position = feed.dueAt(this.clock.now());
    this.feeds.set(row.id, { row, feed, run: engineRun });
    this.evictFinished();
    return feed;
  }

  private evictFinished(): void {
    const finished = [...this.feeds.entries()].filter(([id, h]) => ENDED.has(h.feed.clock.status) && h.feed.listeners.size === 0 && !this.deliveries.has(id));
    for (const [id] of finished.slice(0, Math.max(0, finished.length - CACHED_FINISHED))) this.feeds.delete(id);
  }

  /** A row read back after a change (here or in another process): the feed follows its clock. */
  private apply(row: ExerciseRunRow): void {
    const held = this.feeds.get(row.id);
    if (!held) {
      if (!ENDED.has(row.status)) this.tick(this.load(row));
      return;
    }
    held.row = row;
    held.feed.clock = clockOf(row);
    held.feed.skipped = row.skipped;
    this.tick(held.feed);
  }

  /** Releases what the clock has reached, ends a finished run, and arms the timer for the next event. */
  private tick(feed: RunFeed): void {
    if (feed.timer !== undefined) this.clock.clearTimeout(feed.timer);
    feed.timer = undefined;
    if (this.stopped) return;
    const now = this.clock.now();
    const target = feed.dueAt(now);
    if (target > feed.position) {
      const batch = feed.timeline.slice(feed.position, target);
      feed.position = target;
      const released = batch.filter((e) => !feed.isSkipped(e.seq)).map((e) => feed.toReleased(e, now));
      for (const l of feed.listeners) {
        const mine = released.filter((e) => matches(l.filter, e));
        if (mine.length > 0) l.onEvents(mine);
      }
      this.deliveries.queue(feed, batch);
    }
    if (ENDED.has(feed.clock.status)) {
      for (const l of [...feed.listeners]) l.onEnd(feed.clock.status);
      feed.listeners.clear();
      return;
    }
    if (feed.position >= feed.timeline.length && feed.clock.status === 'running') {
      void this.complete(feed);
      return;
    }
    const due = feed.nextDueWall();
    if (Number.isFinite(due)) feed.timer = this.clock.setTimeout(() => this.tick(feed), Math.min(MAX_TIMER_MS, Math.max(MIN_TICK_MS, due - now)));
  }

  private async complete(feed: RunFeed): Promise<void> {
    const now = this.clock.now();
    const last = feed.timeline[feed.timeline.length - 1]?.offset ?? 0;
    try {
      const row = await this.repo.updateClock(feed.runId, ['running'], { status: 'completed', anchor_wall: new Date(now), anchor_offset: last, ended_at: new Date(now) });
      if (row) this.apply(row);
      else {
        const current = await this.repo.findRun(feed.runId);
        if (current) this.apply(current);
      }
    } catch (err) {
      this.o.onError?.(err);
      feed.timer = this.clock.setTimeout(() => this.tick(feed), 1_000);
    }
  }

  private payload(sub: SubscriptionRow, seq: number): { body: string; contentType: string; eventId: string; type: string } | undefined {
    const held = this.feeds.get(sub.run_id);
    const e = held?.feed.timeline[seq - 1];
    if (!held || !e) return undefined;
    const body = sub.format === 'fhir'
      ? eventBundle(patientAt(held.run, e.patient_id), e)
      : JSON.stringify({ run_id: sub.run_id, subscription_id: sub.id, event: e });
    return { body, contentType: sub.format === 'fhir' ? 'application/fhir+json' : 'application/json', eventId: e.id, type: e.type };
  }

  private scheduleSync(): void {
    const ms = this.o.syncMs ?? 1_000;
    if (this.stopped || ms <= 0) return;
    this.syncTimer = this.clock.setTimeout(() => {
      void this.sync().finally(() => this.scheduleSync());
    }, ms);
  }

  /** Picks up clocks changed by other processes (a control sent to another API process). */
  private async sync(): Promise<void> {
    const since = this.lastSync;
    this.lastSync = this.clock.now();
    try {
      for (const row of await this.repo.changedSince(new Date(since - 2_000))) {
        const held = this.feeds.get(row.id);
        if (!held || held.row.updated_at.getTime() < row.updated_at.getTime()) this.apply(row);
      }
    } catch (err) {
      this.o.onError?.(err);
    }
  }
}

