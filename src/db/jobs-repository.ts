import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database, JobOutputRow, JobRow, JobStatus, NewJob } from './schema.js';

/** Who may see a row: its owner, or any admin key. */
export interface Viewer { keyId: string; isAdmin: boolean }

export interface NewJobOutput { name: string; format: string; path: string; bytes: number; sha256: string }

export interface RunSample { patients: number; seconds: number }

export interface JobListQuery { status?: JobStatus; offset: number; limit: number }

const ACTIVE: JobStatus[] = ['pending', 'queued', 'running'];

/** What a submit needs back of the row it inserted (the scenario is not read back and parsed). */
export type InsertedJob = Pick<JobRow, 'id' | 'status' | 'priority' | 'total_patients' | 'created_at'>;
const INSERTED = ['id', 'status', 'priority', 'total_patients', 'created_at'] as const;

/** One parameterised INSERT … RETURNING of another module (the queue's token), not yet run. */
export interface CompanionStatement { text: string; values: readonly unknown[] }

/**
 * `text` as a CTE that returns one row per row it writes, or undefined when it cannot be one.
 * It must be a single INSERT (optionally behind its own WITH) with no `$` in a string literal or
 * dollar quote (its placeholders are renumbered by a plain search). An INSERT … ON CONFLICT DO
 * NOTHING without RETURNING (the queue library's batch insert) gets `returning 1` appended.
 */
function returningRows(text: string): string | undefined {
  const quotedDollar = text.includes('$$') || (text.match(/'(?:[^']|'')*'/g) ?? []).some((literal) => literal.includes('$'));
  if (quotedDollar || text.includes(';') || !/^\s*(insert|with)\b/i.test(text)) return undefined;
  if (/\breturning\b/i.test(text)) return text;
  return /\bon\s+conflict\s+do\s+nothing\s*$/i.test(text) ? `${text.trimEnd()} returning 1` : undefined;
}

/** All SQL about jobs and their output files. */
export class JobsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  insert(job: NewJob): Promise<JobRow> {
    return this.db.insertInto('jobs').values(job).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * Inserts jobs and runs `companion` (the queue tokens naming them) atomically: the job rows and
   * their tokens are committed together, so no crash leaves one without the other. Normally one
   * statement, two set-based inserts (the companion becomes a CTE), however many jobs: submits
   * that arrive together share it (group commit, see JobService), one round trip and one commit.
   * A companion that cannot be nested runs in a transaction with the insert.
   * `companionRows`: rows the companion wrote (0 when it wrote none, e.g. its queue is missing).
   */
  async insertWith(jobs: readonly (NewJob & { id: string })[], companion: CompanionStatement): Promise<{ rows: InsertedJob[]; companionRows: number }> {
    const ordered = (rows: InsertedJob[]): InsertedJob[] => {
      const byId = new Map(rows.map((r) => [r.id, r]));
      return jobs.map((j) => {
        const row = byId.get(j.id);
        if (!row) throw new Error(`job insert returned no row for ${j.id}`);
        return row;
      });
    };
    const text = returningRows(companion.text);
    if (text === undefined) {
      return this.db.transaction().execute(async (tx) => {
        const rows = await tx.insertInto('jobs').values([...jobs]).returning(INSERTED).execute();
        const r = await tx.executeQuery(CompiledQuery.raw(companion.text, [...companion.values]));
        return { rows: ordered(rows), companionRows: r.rows.length };
      });
    }
    const insert = this.db.insertInto('jobs').values([...jobs]).returning(INSERTED).compile();
    // The companion keeps its $1…$n; the job insert's placeholders follow them.
    const shift = companion.values.length;
    const jobSql = insert.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + shift}`);
    const r = await this.db.executeQuery<InsertedJob & { medgen_companion_rows: number }>(CompiledQuery.raw(
      `with medgen_job as (${jobSql}), medgen_companion as (${text}) `
      + 'select medgen_job.*, (select count(*)::int from medgen_companion) as medgen_companion_rows from medgen_job',
      [...companion.values, ...insert.parameters]));
    const companionRows = Number(r.rows[0]?.medgen_companion_rows ?? 0);
    return { rows: ordered(r.rows.map(({ medgen_companion_rows: _n, ...row }) => row)), companionRows };
  }

  findById(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findVisible(id: string, viewer: Viewer): Promise<JobRow | undefined> {
    let q = this.db.selectFrom('jobs').selectAll().where('id', '=', id);
    if (!viewer.isAdmin) q = q.where('owner_key_id', '=', viewer.keyId);
    return q.executeTakeFirst();
  }

  /** The caller's jobs, newest first, and how many there are in all. */
  async list(viewer: Viewer, query: JobListQuery): Promise<{ rows: JobRow[]; total: number }> {
    let base = this.db.selectFrom('jobs');
    if (!viewer.isAdmin) base = base.where('owner_key_id', '=', viewer.keyId);
    if (query.status) base = base.where('status', '=', query.status);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(query.offset).limit(query.limit).execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  /**
   * queued → running for the first `count` queued jobs in serving order — highest priority
   * first, then oldest (`created_at`, which a requeue keeps) — in one statement. Rows another
   * process is claiming at the same moment are skipped (SKIP LOCKED), so two workers never
   * take the same job and neither waits for the other. Claimed rows come back in serving order.
   */
  async claimNext(count: number): Promise<JobRow[]> {
    if (count <= 0) return [];
    const now = new Date();
    const rank = sql<number>`case priority when 'high' then 0 when 'normal' then 1 else 2 end`;
    const rows = await this.db.updateTable('jobs')
      .set((eb) => ({ status: 'running', started_at: now, updated_at: now, attempts: eb('attempts', '+', 1), patients_generated: 0, progress: 0, current_step: 'starting', error: null }))
      .where('id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('status', '=', 'queued')
        .orderBy(rank).orderBy('created_at').orderBy('id').limit(count).forUpdate().skipLocked())
      .where('status', '=', 'queued')
      .returningAll().execute();
    const order = (r: JobRow): number => ({ high: 0, normal: 1 } as Record<string, number>)[r.priority] ?? 2;
    return rows.sort((a, b) => order(a) - order(b) || new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.id.localeCompare(b.id));
  }

  /** Progress of a running job (also its heartbeat); false when it is no longer running. */
  async progress(id: string, patients: number, progress: number, step: string): Promise<boolean> {
    const r = await this.db.updateTable('jobs')
      .set({ patients_generated: patients, progress, current_step: step, updated_at: new Date() })
      .where('id', '=', id).where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Records the outputs and marks the job completed, in one statement, only while the run that
   * claimed it (`attempts`) still owns it: a job cancelled, failed, requeued or claimed again by
   * another process meanwhile is left alone and nothing is returned.
   */
  async complete(id: string, attempts: number, summary: Record<string, unknown>, patients: number, outputs: NewJobOutput[]): Promise<JobRow | undefined> {
    const now = new Date();
    const r = await sql<JobRow>`with done as (
        update jobs set status = 'completed', summary = ${JSON.stringify(summary)}::jsonb, patients_generated = ${patients}, progress = 100,
          current_step = 'completed', completed_at = ${now}, updated_at = ${now}
        where id = ${id} and status = 'running' and attempts = ${attempts}
        returning *),
      outputs as (
        insert into job_outputs (job_id, name, format, path, bytes, sha256)
        select done.id, o.name, o.format, o.path, o.bytes, o.sha256
        from done cross join jsonb_to_recordset(${JSON.stringify(outputs)}::jsonb) as o(name text, format text, path text, bytes bigint, sha256 text)
        returning 1)
      select * from done`.execute(this.db);
    return r.rows[0];
  }


  /** Moves a job from `from` to a terminal status (or back to queued); undefined when it was not in `from`. */
  transition(id: string, from: JobStatus, to: JobStatus, fields: { error?: string | null; step?: string; attemptsDelta?: number } = {}): Promise<JobRow | undefined> {
    const now = new Date();
    const terminal = to === 'completed' || to === 'failed' || to === 'cancelled';
    return this.db.updateTable('jobs')
      .set((eb) => ({
        status: to,
        updated_at: now,
        ...(terminal ? { completed_at: now } : {}),
        ...(to === 'queued' ? { started_at: null, patients_generated: 0, progress: 0 } : {}),
        ...(fields.error !== undefined ? { error: fields.error } : {}),
        ...(fields.step !== undefined ? { current_step: fields.step } : {}),
        ...(fields.attemptsDelta ? { attempts: eb('attempts', '+', fields.attemptsDelta) } : {}),
      }))
      .where('id', '=', id).where('status', '=', from)
      .returningAll().executeTakeFirst();
  }

  /** Running jobs whose last heartbeat is older than `before` (all running jobs without it). */
  orphans(before?: Date): Promise<JobRow[]> {
    let q = this.db.selectFrom('jobs').selectAll().where('status', '=', 'running');
    if (before) q = q.where('updated_at', '<', before);
    return q.execute();
  }

  /** Queued jobs in the order the queue should serve them. */
  queued(): Promise<Pick<JobRow, 'id' | 'priority'>[]> {
    return this.db.selectFrom('jobs').select(['id', 'priority']).where('status', '=', 'queued').orderBy('created_at').execute();
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('jobs').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  outputs(jobId: string): Promise<JobOutputRow[]> {
    return this.db.selectFrom('job_outputs').selectAll().where('job_id', '=', jobId).orderBy('name').execute();
  }

  /** The output files of several jobs in one query, by job id (jobs without files are absent). */
  async outputsOf(jobIds: readonly string[]): Promise<Map<string, JobOutputRow[]>> {
    const byJob = new Map<string, JobOutputRow[]>();
    if (jobIds.length === 0) return byJob;
    const rows = await this.db.selectFrom('job_outputs').selectAll().where('job_id', 'in', [...jobIds]).orderBy('job_id').orderBy('name').execute();
    for (const r of rows) {
      const list = byJob.get(r.job_id);
      if (list) list.push(r);
      else byJob.set(r.job_id, [r]);
    }
    return byJob;
  }

  /** Jobs with output files created before `before`. */
  async expiredOutputJobs(before: Date): Promise<string[]> {
    const rows = await this.db.selectFrom('job_outputs').select('job_id').distinct().where('created_at', '<', before).execute();
    return rows.map((r) => r.job_id);
  }

  async deleteOutputs(jobId: string): Promise<void> {
    await this.db.deleteFrom('job_outputs').where('job_id', '=', jobId).execute();
  }

  /** Jobs per status (statuses with none are absent). */
  async countByStatus(): Promise<Partial<Record<JobStatus, number>>> {
    const rows = await this.db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', 'in', ACTIVE).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Size and run time of the most recent completed jobs, newest first. */
  async recentRuns(limit: number): Promise<RunSample[]> {
    const rows = await this.db.selectFrom('jobs')
      .select(['total_patients', sql<number>`extract(epoch from (completed_at - started_at))`.as('seconds')])
      .where('status', '=', 'completed').where('started_at', 'is not', null)
      .orderBy('completed_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({ patients: r.total_patients, seconds: Number(r.seconds) }));
  }
}
