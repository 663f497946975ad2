import { CompiledQuery, sql, type Kysely } from 'kysely';
import { GroupCommit } from './group-commit.js';
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

/** A single INSERT (optionally behind its own read-only WITH) that returns rows: it can be a CTE. */
function nestable(text: string): boolean {
  // No `$` in a string literal or dollar quote: its placeholders can be renumbered by a plain search.
  const quotedDollar = text.includes('$$') || (text.match(/'(?:[^']|'')*'/g) ?? []).some((literal) => literal.includes('$'));
  return !quotedDollar && !text.includes(';') && /^\s*(insert|with)\b/i.test(text) && /\breturning\b/i.test(text);
}

interface InsertedWith { row: InsertedJob; companionRows: number }

/** All SQL about jobs and their output files. */
export class JobsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  insert(job: NewJob): Promise<JobRow> {
    return this.db.insertInto('jobs').values(job).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * Inserts a job and runs `companion` (the queue token naming it) atomically: the job row and
   * its token are committed together, so no crash leaves one without the other. Normally one
   * statement (the companion becomes a CTE), and submits arriving together share it (group
   * commit): one round trip and one commit for a whole batch, which is what submit latency under
   * load is made of. A companion that cannot be nested runs in a transaction of its own.
   * `companionRows`: rows the companion wrote (0 when it wrote none, e.g. its queue is missing).
   */
  insertWith(job: NewJob & { id: string }, companion: CompanionStatement): Promise<InsertedWith> {
    if (!nestable(companion.text)) {
      return this.db.transaction().execute(async (tx) => {
        const row = await tx.insertInto('jobs').values(job).returning(INSERTED).executeTakeFirstOrThrow();
        const r = await tx.executeQuery(CompiledQuery.raw(companion.text, [...companion.values]));
        return { row, companionRows: r.rows.length };
      });
    }
    return this.submits.submit({ job, companion });
  }

  private readonly submits = new GroupCommit<{ job: NewJob & { id: string }; companion: CompanionStatement }, InsertedWith>(async (items) => {
    const values: unknown[] = [];
    // Each statement keeps its own $1…$n, shifted past the parameters before it.
    const shifted = (text: string, params: readonly unknown[]): string => {
      const shift = values.length;
      values.push(...params);
      return text.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + shift}`);
    };
    const ctes: string[] = [];
    const selects: string[] = [];
    items.forEach(({ job, companion }, i) => {
      const insert = this.db.insertInto('jobs').values(job).returning(INSERTED).compile();
      ctes.push(`medgen_job_${i} as (${shifted(insert.sql, insert.parameters)})`, `medgen_companion_${i} as (${shifted(companion.text, companion.values)})`);
      selects.push(`select ${i} as medgen_index, medgen_job_${i}.*, (select count(*)::int from medgen_companion_${i}) as medgen_companion_rows from medgen_job_${i}`);
    });
    const r = await this.db.executeQuery<InsertedJob & { medgen_index: number; medgen_companion_rows: number }>(
      CompiledQuery.raw(`with ${ctes.join(', ')} ${selects.join(' union all ')}`, values));
    const out: InsertedWith[] = [];
    for (const { medgen_index: index, medgen_companion_rows: companionRows, ...row } of r.rows) out[Number(index)] = { row, companionRows: Number(companionRows) };
    if (out.length !== items.length || out.includes(undefined as never)) throw new Error('job insert returned fewer rows than it was given');
    return out;
  });

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
   * queued → running, once, for each of `ids` (one statement): a second delivery of the same job
   * finds nothing to claim. The claimed rows come back in the order of `ids`.
   */
  async claim(ids: readonly string[]): Promise<JobRow[]> {
    if (ids.length === 0) return [];
    const now = new Date();
    const rows = await this.db.updateTable('jobs')
      .set((eb) => ({ status: 'running', started_at: now, updated_at: now, attempts: eb('attempts', '+', 1), patients_generated: 0, progress: 0, current_step: 'starting', error: null }))
      .where('id', 'in', [...new Set(ids)]).where('status', '=', 'queued')
      .returningAll().execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
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
