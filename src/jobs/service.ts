import { randomUUID } from 'node:crypto';
import { createRun, drawSeed, generateRange, parseScenario, patientAt, scenarioToInput, type Patient, type Run } from '../engine/index.js';
import type { Config } from '../config/index.js';
import { DomainError } from '../errors/index.js';
import {
  GroupCommit, JobsRepository, TERMINAL_STATUSES,
  type DatabaseHandle, type InsertedJob, type JobOutputRow, type JobRow, type JobStatus, type NewJob, type Viewer,
} from '../db/index.js';
import type { CardLayout, OutputFormatId } from '../formats/index.js';
import { JobExecutor } from './executor.js';
import { lineLogger, type JobLogger } from './log.js';
import type { JobMetrics } from './metrics.js';
import { JobQueue, type JobPriority } from './queue.js';
import { LocalStorage, type OutputStorage } from './storage.js';
import type { JobEvent } from './views.js';

/** Output formats a job may ask for (spec service §2.1). */
export const JOB_FORMATS = ['json', 'ndjson', 'csv', 'xml', 'xlsx', 'fhir', 'fhir-bulk', 'msel-csv', 'msel-xlsx', 'handover', 'cards-pdf'] as const satisfies readonly OutputFormatId[];
export type JobFormat = (typeof JOB_FORMATS)[number];

/** A request already checked by the route: a scenario input and the output options. */
export interface NewJobRequest {
  owner: Viewer;
  /** The scenario input (configuration or saved configuration), count override applied. */
  scenario: Record<string, unknown>;
  configurationId: string | null;
  formats: JobFormat[];
  compress: boolean;
  /** Page layout of cards.pdf; absent: a4. */
  cardLayout?: CardLayout;
  /** Kept in this process's memory only, never in the database. */
  password?: string;
  priority: JobPriority;
}

/** A request whose scenario has been checked and resolved, ready to be queued. */
export interface PreparedJob {
  req: NewJobRequest;
  /** The resolved scenario in its input form, seed included. */
  input: Record<string, unknown>;
  total: number;
}

export class ScenarioError extends DomainError {
  constructor(readonly problems: { path: string; message: string }[]) {
    super('SCENARIO_INVALID');
  }
}

export class JobStateError extends DomainError {
  constructor(message: string) {
    super('JOB_STATE', message);
  }
}

export interface JobServiceOptions {
  config: Config;
  database: DatabaseHandle;
  metrics: JobMetrics;
  storage?: OutputStorage;
  /** Run jobs in this process (the `serve` and `worker` roles); false for an API-only process. */
  runWorkers?: boolean;
  /** How old a running job's heartbeat must be before another process takes it over. */
  staleMs?: number;
  pollMs?: number;
  /** Where workers log outages and takeovers; by default JSON lines on stdout at LOG_LEVEL. */
  log?: JobLogger;
}

const RUN_CACHE = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETENTION_SWEEP_MS = 10 * 60_000;

/** The jobs module's public face: submit, read, cancel, delete, results, events, health. */
export class JobService {
  readonly repo: JobsRepository;
  readonly storage: OutputStorage;
  private readonly queue: JobQueue;
  private readonly executor: JobExecutor;
  private readonly passwords = new Map<string, string>();
  private readonly runs = new Map<string, Run>();
  private readonly timers: NodeJS.Timeout[] = [];
  private calibrated = 0;
  private started = false;

  constructor(private readonly o: JobServiceOptions) {
    this.repo = new JobsRepository(o.database.db);
    this.storage = o.storage ?? new LocalStorage(o.config.outputDir);
    this.queue = new JobQueue(o.database);
    this.executor = new JobExecutor({
      config: o.config, repo: this.repo, queue: this.queue, storage: this.storage, metrics: o.metrics, passwords: this.passwords,
      staleMs: o.staleMs ?? 30_000, exclusiveDatabase: o.database.kind === 'pglite', pollMs: o.pollMs,
      log: o.log ?? lineLogger(o.config.logLevel),
    });
  }

  /**
   * Whether this process runs jobs. An API-only process (`serve --no-workers`) cannot run an
   * encrypted job: its password lives in this process's memory only, and the job would be run by
   * a worker process that never saw it.
   */
  get runsJobs(): boolean {
    return this.o.runWorkers !== false;
  }

  get retentionHours(): number {
    return this.o.config.outputRetentionHours;
  }

  async start(): Promise<void> {
    this.calibrate();
    await this.queue.start();
    this.executor.samples.push(...(await this.repo.recentRuns(20)).reverse());
    if (this.o.runWorkers !== false) await this.executor.start();
    await this.cleanupExpired();
    this.timers.push(setInterval(() => { void this.cleanupExpired().catch(() => undefined); }, RETENTION_SWEEP_MS));
    this.timers.push(setInterval(() => { void this.updateQueueGauge().catch(() => undefined); }, 5_000));
    for (const t of this.timers) t.unref();
    await this.updateQueueGauge();
    this.started = true;
  }

  /** Graceful: running jobs go back to the queue. Safe after a start that failed half-way. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.started = false;
    await this.executor.stop();
    await this.queue.stop();
  }

  /** Patients per second of a tiny in-process run: the estimate until real jobs have completed. */
  private calibrate(): void {
    const parsed = parseScenario({ total_patients: 200, seed: 1 });
    if (!parsed.ok) return;
    const t0 = performance.now();
    for (const p of generateRange(createRun(parsed.scenario))) JSON.stringify(p);
    this.calibrated = 200 / Math.max((performance.now() - t0) / 1000, 1e-3);
  }

  /**
   * Expected seconds for a job of this size: a fixed start-up cost (thread, modules) plus the
   * patients at the rate recent jobs achieved once started; the calibration run until then.
   */
  estimateSeconds(patients: number, formats: number): number {
    const samples = this.executor.samples;
    const small = samples.filter((x) => x.patients < 2_000);
    const overhead = small.length > 0 ? Math.min(5, ...small.map((x) => x.seconds)) : 0.5;
    const big = samples.filter((x) => x.patients >= 2_000 && x.seconds > overhead);
    const rate = big.length > 0
      ? big.reduce((a, x) => a + x.patients, 0) / big.reduce((a, x) => a + (x.seconds - overhead), 0)
      : this.calibrated / Math.max(1, formats);
    // Hundredths with a floor: a small job on a waiting job thread takes milliseconds, not 0 s.
    return Math.max(0.01, Math.round((overhead + patients / Math.max(rate, 1)) * 100) / 100);
  }

  /** Validates and resolves the scenario (seed drawn when absent); throws ScenarioError listing every problem. */
  prepare(req: NewJobRequest): PreparedJob {
    const parsed = parseScenario(req.scenario);
    if (!parsed.ok) throw new ScenarioError(parsed.errors);
    // The seed is fixed at submit: a rerun after a restart, and the results pages, give the same patients.
    const scenario = { ...parsed.scenario, seed: parsed.scenario.seed ?? drawSeed() };
    const total = scenario.total_patients;
    if (total > this.o.config.maxPatientsPerJob) {
      throw new ScenarioError([{ path: 'total_patients', message: `${total} patients exceeds the per-job limit of ${this.o.config.maxPatientsPerJob} (MAX_PATIENTS_PER_JOB)` }]);
    }
    return { req, input: scenarioToInput(scenario), total };
  }

  /**
   * Persists the job and queues it: the job row and its queue token are written by one
   * statement, so once this resolves (201) both survive a crash.
   */
  async submit(prepared: PreparedJob): Promise<{ row: InsertedJob; estimatedSeconds: number }> {
    const { req, total } = prepared;
    const id = randomUUID();
    // Known before the job is committed: a worker of this process may claim it at once.
    if (req.password !== undefined) this.passwords.set(id, req.password);
    const row = await this.submits.submit({
      id,
      owner_key_id: req.owner.keyId,
      status: 'queued',
      priority: req.priority,
      request: JSON.stringify({
        configuration_id: req.configurationId, output_formats: req.formats, use_compression: req.compress,
        use_encryption: req.password !== undefined, priority: req.priority, total_patients: total, card_layout: req.cardLayout,
      }),
      scenario: JSON.stringify(prepared.input),
      configuration_id: req.configurationId,
      total_patients: total,
      current_step: 'queued',
    }).catch((err: unknown) => {
      this.passwords.delete(id);
      throw err;
    });
    this.o.metrics.jobStatusChanges.inc({ from_status: 'pending', to_status: 'queued' });
    // An API-only process (`serve --no-workers`) leaves the job to the worker processes.
    if (this.o.runWorkers !== false) this.executor.kick();
    return { row, estimatedSeconds: this.estimateSeconds(total, req.formats.length) };
  }

  /**
   * Group commit of submits: jobs submitted while a batch is being written go out together as
   * the next one, job rows and queue tokens in one statement and one commit.
   */
  private readonly submits = new GroupCommit<NewJob & { id: string; priority: JobPriority }, InsertedJob>(async (jobs) => {
    const tokens = await this.queue.sendStatement(jobs.map((j) => ({ jobId: j.id, priority: j.priority })));
    const { rows, companionRows } = await this.repo.insertWith(jobs, tokens);
    // Fewer tokens than jobs (the queue was missing): send them the ordinary way; a duplicate
    // token is harmless, its claim finds nothing.
    if (companionRows < jobs.length) for (const j of jobs) await this.queue.send(j.id, j.priority);
    return rows;
  });


  find(id: string, viewer: Viewer): Promise<JobRow | undefined> {
    return this.repo.findVisible(id, viewer);
  }

  /** What other modules (visualizations) may read of a job the viewer can see. */
  async lookup(id: string, viewer: Viewer): Promise<{ id: string; status: string; total_patients: number; scenario: Record<string, unknown>; summary: Record<string, unknown> | null } | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.repo.findVisible(id, viewer);
    return row && { id: row.id, status: row.status, total_patients: row.total_patients, scenario: row.scenario, summary: row.summary };
  }

  /** Output files of several jobs, by job id. */
  outputsOf(ids: readonly string[]): Promise<Map<string, JobOutputRow[]>> {
    return this.repo.outputsOf(ids);
  }

  outputs(id: string): Promise<JobOutputRow[]> {
    return this.repo.outputs(id);
  }

  list(viewer: Viewer, query: { status?: JobStatus; offset: number; limit: number }): Promise<{ rows: JobRow[]; total: number }> {
    return this.repo.list(viewer, query);
  }

  /** Stops the job at once (wherever it runs) and removes its files; throws JobStateError when already terminal. */
  async cancel(row: JobRow): Promise<JobRow> {
    let current: JobRow | undefined = row;
    for (let i = 0; i < 3 && current; i++) {
      if (TERMINAL_STATUSES.includes(current.status)) throw new JobStateError(`job ${row.id} is already ${current.status}`);
      const cancelled = await this.repo.transition(row.id, current.status, 'cancelled', { step: 'cancelled' });
      if (cancelled) {
        // A job running in another process notices at its next heartbeat and stops there.
        await this.executor.abort(row.id, 'cancelled');
        this.executor.changed(current.status, cancelled);
        void this.updateQueueGauge().catch(() => undefined);
        return cancelled;
      }
      current = await this.repo.findById(row.id);
    }
    throw new JobStateError(`job ${row.id} changed state while being cancelled; try again`);
  }

  async delete(row: JobRow): Promise<void> {
    if (!TERMINAL_STATUSES.includes(row.status)) await this.cancel(row).catch((err: unknown) => { if (!(err instanceof JobStateError)) throw err; });
    await this.executor.abort(row.id, 'deleted');
    await this.repo.delete(row.id);
    this.runs.delete(row.id);
  }

  /** Patients [start, end) of a completed job, regenerated from its scenario and seed (same bytes as its files). */
  patients(row: JobRow, start: number, end: number): Patient[] {
    let run = this.runs.get(row.id);
    if (!run) {
      const parsed = parseScenario(row.scenario);
      if (!parsed.ok) throw new Error(`job ${row.id} has an unreadable scenario`);
      run = createRun(parsed.scenario);
      this.runs.set(row.id, run);
      if (this.runs.size > RUN_CACHE) this.runs.delete(this.runs.keys().next().value as string);
    }
    const out: Patient[] = [];
    for (let i = start; i < Math.min(end, run.total); i++) out.push(patientAt(run, i));
    return out;
  }

  subscribe(jobId: string, listener: (e: JobEvent) => void): () => void {
    return this.executor.subscribe(jobId, listener);
  }

  /** Deletes output files older than OUTPUT_RETENTION_HOURS, and their rows. */
  async cleanupExpired(now = new Date()): Promise<string[]> {
    const before = new Date(now.getTime() - this.o.config.outputRetentionHours * 3_600_000);
    const ids = await this.repo.expiredOutputJobs(before);
    for (const id of ids) {
      await this.storage.remove(id);
      await this.repo.deleteOutputs(id);
    }
    return ids;
  }

  private async updateQueueGauge(): Promise<Partial<Record<JobStatus, number>>> {
    const counts = await this.repo.countByStatus();
    for (const s of ['pending', 'queued', 'running'] as const) this.o.metrics.jobQueueSize.set({ status: s }, counts[s] ?? 0);
    return counts;
  }

  async health(): Promise<{ status: 'healthy' | 'warning' | 'unhealthy'; running: number; queued: number; capacity: number }> {
    const counts = await this.updateQueueGauge();
    const capacity = this.o.config.maxConcurrentJobs;
    return {
      status: this.started ? 'healthy' : 'unhealthy',
      running: counts.running ?? 0,
      queued: counts.queued ?? 0,
      capacity,
    };
  }
}
