import { EventEmitter } from 'node:events';
import type { Config } from '../config/index.js';
import { isDatabaseUnavailable, type JobRow, type JobStatus, type JobsRepository, type RunSample } from '../db/index.js';
import type { CardLayout, OutputFormatId } from '../formats/index.js';
import type { JobLogger } from './log.js';
import type { JobMetrics } from './metrics.js';
import type { JobPriority, JobQueue } from './queue.js';
import { JobThreadPool, type JobRun, type RunOutcome } from './job-thread-pool.js';
import type { OutputStorage } from './storage.js';
import { jobEvent, type JobEvent } from './views.js';

/** After this many interrupted runs a job is failed instead of requeued. */
export const MAX_ATTEMPTS = 3;
const PERSIST_MS = 250;
const HEARTBEAT_MS = 2_000;

type Ownership = 'mine' | 'elsewhere' | 'gone';

interface Active {
  row: JobRow;
  run: JobRun;
  formats: string[];
  done: number;
  persisted: number;
  persistedAt: number;
  persisting: boolean;
  /** When this process last checked that no other process has claimed the job since. */
  checkedAt: number;
  /** The thread has settled: its outcome, not a heartbeat, decides what happens now. */
  settled: boolean;
}

export interface ExecutorOptions {
  config: Config;
  repo: JobsRepository;
  queue: JobQueue;
  storage: OutputStorage;
  metrics: JobMetrics;
  /** Passwords of encrypted jobs, in this process's memory only. */
  passwords: Map<string, string>;
  /** A running job whose heartbeat is older than this belongs to a dead process. */
  staleMs: number;
  /** Only this process can use the database (embedded): every running row at start is orphaned. */
  exclusiveDatabase: boolean;
  pollMs?: number;
  /** Outages, takeovers and reruns are logged here (warn/info, with job id and attempt). */
  log: JobLogger;
}

/**
 * Takes deliveries from the queue, claims each job in the jobs table (so it runs once), runs it
 * in a job thread within MAX_CONCURRENT_JOBS, persists progress, and records the outcome.
 */
export class JobExecutor {
  readonly events = new EventEmitter();
  private readonly active = new Map<string, Active>();
  private readonly timers: NodeJS.Timeout[] = [];
  private dispatching: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  private readonly finishing = new Set<Promise<void>>();
  /** Job threads wait here between jobs, so a small job does not pay for a thread start. */
  private readonly threads = new JobThreadPool();
  /** Size and run time of recently completed jobs, newest last (for estimates). */
  readonly samples: RunSample[] = [];
  /** Since when the database has been unreachable for this worker (logged once per outage). */
  private outageSince: number | undefined;
  /** The last other dispatch failure logged, so a failure repeated every poll is logged once. */
  private lastFailure: string | undefined;

  constructor(private readonly o: ExecutorOptions) {
    this.events.setMaxListeners(0);
  }

  get running(): number {
    return this.active.size;
  }

  isLocal(jobId: string): boolean {
    return this.active.has(jobId);
  }

  async start(): Promise<void> {
    await this.recover(this.o.exclusiveDatabase ? undefined : new Date(Date.now() - this.o.staleMs));
    // A queued job whose token was lost (a crash between insert and send) gets one again;
    // a duplicate token only fails its claim.
    for (const q of await this.o.repo.queued()) await this.o.queue.send(q.id, q.priority as JobPriority);
    this.timers.push(setInterval(() => this.tick(), PERSIST_MS));
    this.timers.push(setInterval(() => this.kick(), this.o.pollMs ?? 1_000));
    if (!this.o.exclusiveDatabase) {
      this.timers.push(setInterval(() => { void this.recover(new Date(Date.now() - this.o.staleMs)).catch((err: unknown) => this.failed(err)); }, Math.max(1_000, this.o.staleMs / 3)));
    }
    for (const t of this.timers) t.unref();
    this.kick();
  }

  /** Running rows left by a dead process: requeued, or failed after MAX_ATTEMPTS runs. */
  async recover(staleBefore?: Date): Promise<void> {
    for (const row of await this.o.repo.orphans(staleBefore)) {
      if (this.active.has(row.id)) continue;
      await this.o.storage.remove(row.id);
      const silentFor = Math.round((Date.now() - new Date(row.updated_at).getTime()) / 1000);
      const why = staleBefore ? `its worker stopped (no heartbeat for ${silentFor} s)` : 'it was running when this database\'s last server stopped';
      const fields = { job_id: row.id, attempt: row.attempts, heartbeat_at: new Date(row.updated_at).toISOString() };
      if (row.attempts >= MAX_ATTEMPTS) {
        const failed = await this.o.repo.transition(row.id, 'running', 'failed', { error: `the job was interrupted ${row.attempts} times (the process running it stopped); giving up`, step: 'failed' });
        if (failed) {
          this.o.log.warn(fields, `took over job ${row.id}: ${why}; failed after ${row.attempts} interrupted attempts of ${MAX_ATTEMPTS}`);
          this.changed('running', failed);
        }
      } else {
        const queued = await this.o.repo.transition(row.id, 'running', 'queued', { step: 'requeued after its worker stopped' });
        if (queued) {
          this.o.log.warn(fields, `took over job ${row.id}: ${why}; requeued for attempt ${row.attempts + 1} of ${MAX_ATTEMPTS}`);
          this.changed('running', queued);
          await this.o.queue.send(row.id, row.priority as JobPriority);
        }
      }
    }
  }

  /**
   * A database operation of this worker failed. An outage (the database cannot be reached) is
   * logged once, with the jobs running here, until `databaseAnswered`; other failures once per
   * distinct message.
   */
  private failed(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (isDatabaseUnavailable(err)) {
      if (this.outageSince !== undefined) return;
      this.outageSince = Date.now();
      const jobs = [...this.active.values()].map((a) => ({ job_id: a.row.id, attempt: a.row.attempts }));
      this.o.log.warn({ reason: message, jobs }, 'database unreachable: this worker takes no new jobs and cannot record progress or outcomes until it answers again; running jobs go on');
      return;
    }
    if (message === this.lastFailure) return;
    this.lastFailure = message;
    this.o.log.warn({ reason: message }, 'job dispatch failed; retrying at the next poll');
  }

  private databaseAnswered(): void {
    this.lastFailure = undefined;
    if (this.outageSince === undefined) return;
    const seconds = Math.round((Date.now() - this.outageSince) / 1000);
    this.outageSince = undefined;
    this.o.log.info({ down_seconds: seconds }, 'database reachable again: this worker takes jobs again');
  }

  /** Asks for a dispatch round (coalesced with one in progress). */
  kick(): void {
    if (this.stopping) return;
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = this.dispatch().then(() => this.databaseAnswered(), (err: unknown) => this.failed(err)).finally(() => {
      this.dispatching = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async dispatch(): Promise<void> {
    for (;;) {
      const free = this.o.config.maxConcurrentJobs - this.active.size;
      if (free <= 0 || this.stopping) return;
      const deliveries = await this.o.queue.fetch(free);
      if (deliveries.length === 0) return;
      // A delivery is a turn, not a particular job: every queued job has a token (submit, requeue
      // and start each send one), so N tokens may take the first N queued jobs in the table's
      // order — priority, then created_at, which a requeue keeps. A job requeued after its
      // worker died thus runs before jobs created after it, although its token is newer.
      // A job claimed while stopping is requeued by stop(), which waits for this round.
      const rows = await this.o.repo.claimNext(deliveries.length);
      await this.o.queue.ack(deliveries.map((d) => d.tokenId));
      for (const row of rows) this.launch(row);
    }
  }

  private launch(row: JobRow): void {
    this.changed('queued', row);
    if (row.attempts > 1) this.o.log.info({ job_id: row.id, attempt: row.attempts }, `running job ${row.id} again (attempt ${row.attempts} of ${MAX_ATTEMPTS}) after an interrupted run`);
    const request = row.request as { output_formats: OutputFormatId[]; use_compression?: boolean; use_encryption?: boolean; card_layout?: CardLayout };
    const password = this.o.passwords.get(row.id);
    if (request.use_encryption && password === undefined) {
      const p = this.o.repo.transition(row.id, 'running', 'failed', {
        // Its process restarted, or (a `serve` beside `medgen worker`s on one database) another
        // process's worker took the job.
        error: 'the encryption password is not stored (passwords are kept in memory only, by the process that accepted the job) and this process does not have it: that process restarted, or a worker of another process took the job; submit the job again',
        step: 'failed',
      }).then((failed) => { if (failed) this.changed('running', failed); });
      this.track(p);
      return;
    }
    const run = this.threads.run({
      scenario: row.scenario, formats: request.output_formats, outDir: this.o.storage.dirFor(row.id),
      gzip: request.use_compression === true, password, workers: this.o.config.jobWorkers, cardLayout: request.card_layout,
    }, { timeoutSeconds: this.o.config.jobTimeoutSeconds, memoryMb: this.o.config.jobMaxMemoryMb, nice: this.o.config.jobThreadNice }, (done) => {
      const a = this.active.get(row.id);
      if (a && done > a.done) {
        for (const f of a.formats) this.o.metrics.patientsGenerated.inc({ format: f }, done - a.done);
        a.done = done;
      }
    });
    this.active.set(row.id, { row, run, formats: request.output_formats, done: 0, persisted: -1, persistedAt: 0, persisting: false, checkedAt: Date.now(), settled: false });
    this.track(run.outcome.then((outcome) => {
      const a = this.active.get(row.id);
      if (a) a.settled = true;
      return this.finish(row, outcome);
    }));
  }

  private track(p: Promise<void>): void {
    const t = p.catch(() => undefined).finally(() => {
      this.finishing.delete(t);
      this.kick();
    });
    this.finishing.add(t);
  }

  private async finish(row: JobRow, outcome: RunOutcome): Promise<void> {
    const a = this.active.get(row.id);
    const started = row.started_at ? new Date(row.started_at).getTime() : Date.now();
    const seconds = (Date.now() - started) / 1000;
    try {
      if (outcome.kind === 'aborted') return; // cancel or stop did the bookkeeping
      if (outcome.kind === 'completed') {
        const outputs = outcome.files.map((f) => ({ name: f.name, format: f.format, path: this.o.storage.keyOf(f.path), bytes: f.bytes, sha256: f.sha256 }));
        const written = outcome.summary.total_patients;
        if (a && written > a.done) for (const f of a.formats) this.o.metrics.patientsGenerated.inc({ format: f }, written - a.done);
        // Guarded by this run's claim: a job taken over elsewhere is not completed by this run.
        const done = await this.o.repo.complete(row.id, row.attempts, { ...outcome.summary }, written, outputs);
        if (!done) {
          if (await this.ownership(row) === 'gone') await this.o.storage.remove(row.id); // cancelled or deleted meanwhile
          return;
        }
        this.samples.push({ patients: written, seconds });
        if (this.samples.length > 20) this.samples.shift();
        this.o.metrics.generationDuration.observe(seconds);
        this.o.metrics.jobExecution.observe(seconds);
        this.changed('running', done);
      } else {
        // A run whose job was requeued or claimed by another process meanwhile records nothing.
        const owner = await this.ownership(row);
        if (owner !== 'mine') {
          if (owner === 'gone') await this.o.storage.remove(row.id);
          return;
        }
        await this.o.storage.remove(row.id);
        this.o.metrics.generationErrors.inc({ error_type: outcome.errorType });
        const failed = await this.o.repo.transition(row.id, 'running', 'failed', { error: outcome.error, step: 'failed' });
        if (failed) {
          this.o.metrics.jobExecution.observe(seconds);
          this.changed('running', failed);
        }
      }
    } finally {
      this.active.delete(row.id);
      this.o.passwords.delete(row.id);
    }
  }

  /** Persists progress (throttled) and heartbeats; notices a job cancelled by another process. */
  private tick(): void {
    const now = Date.now();
    for (const a of this.active.values()) {
      if (a.persisting || a.settled || (a.done === a.persisted && now - a.persistedAt < HEARTBEAT_MS)) continue;
      a.persisting = true;
      const done = a.done;
      const progress = Math.min(99, Math.floor((done / Math.max(1, a.row.total_patients)) * 100));
      this.o.repo.progress(a.row.id, done, progress, 'generating').then(async (still) => {
        a.persisted = done;
        a.persistedAt = now;
        if (a.settled || this.active.get(a.row.id) !== a) return;
        let owner: Ownership = still ? 'mine' : 'gone';
        if (!still || now - a.checkedAt >= HEARTBEAT_MS) {
          a.checkedAt = now;
          owner = await this.ownership(a.row);
        }
        if (owner !== 'mine') {
          if (a.settled) return;
          if (owner === 'elsewhere') this.o.log.warn({ job_id: a.row.id, attempt: a.row.attempts }, `job ${a.row.id} was taken over by another worker (this run's heartbeat looked stale); this run stops and records nothing`);
          await a.run.abort('stopped elsewhere');
          if (owner === 'gone') await this.o.storage.remove(a.row.id);
          return;
        }
        this.emit({ ...a.row, status: 'running', patients_generated: done, progress, current_step: 'generating' });
      }).catch((err: unknown) => this.failed(err)).finally(() => { a.persisting = false; });
    }
  }

  /**
   * Whether this run still owns its job. A live process whose heartbeat could not be written for
   * longer than the stale window (a stalled database, an overloaded machine) finds its job
   * requeued or claimed again elsewhere ('elsewhere'): it must neither record an outcome nor
   * remove files another run is writing. 'gone': cancelled, failed or deleted; its files go.
   */
  private async ownership(row: JobRow): Promise<Ownership> {
    const current = await this.o.repo.findById(row.id);
    if (!current || current.status === 'cancelled' || current.status === 'failed') return 'gone';
    return current.status === 'running' && current.attempts === row.attempts ? 'mine' : 'elsewhere';
  }

  /** Stops a job running here (cancel, delete) and removes its files. */
  async abort(jobId: string, reason: string): Promise<void> {
    const a = this.active.get(jobId);
    if (a) {
      await a.run.abort(reason);
      this.active.delete(jobId);
      this.o.passwords.delete(jobId);
    }
    await this.o.storage.remove(jobId);
  }

  /** Graceful stop: running jobs go back to the queue (an interrupted run is not counted). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    await this.dispatching;
    for (const a of [...this.active.values()]) {
      await a.run.abort('requeue');
      this.active.delete(a.row.id);
      await this.o.storage.remove(a.row.id);
      const queued = await this.o.repo.transition(a.row.id, 'running', 'queued', { step: 'requeued at shutdown', attemptsDelta: -1 }).catch(() => undefined);
      if (queued) {
        this.changed('running', queued);
        await this.o.queue.send(a.row.id, a.row.priority as JobPriority).catch(() => undefined);
      }
    }
    await Promise.all([...this.finishing]);
    await this.threads.close();
  }

  /** Records a status change: metrics and an event for listeners. */
  changed(from: JobStatus, row: JobRow): void {
    this.o.metrics.jobStatusChanges.inc({ from_status: from, to_status: row.status });
    this.emit(row);
  }

  emit(row: JobRow): void {
    this.events.emit(row.id, jobEvent(row));
  }

  /** Listens to a job's events in this process; returns the unsubscribe function. */
  subscribe(jobId: string, listener: (e: JobEvent) => void): () => void {
    this.events.on(jobId, listener);
    return () => this.events.off(jobId, listener);
  }
}
