import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/index.js';

export type JobPriority = 'low' | 'normal' | 'high';

/** pg-boss serves higher numbers first. */
const PRIORITY_RANK: Record<JobPriority, number> = { low: 0, normal: 5, high: 10 };

const QUEUE = 'medgen-generation';

interface Token { jobId: string }

/** One delivery of a job: the token to acknowledge and the job it names. */
export interface Delivery { tokenId: string; jobId: string }

/**
 * The durable queue (pg-boss on the same database, PGlite or PostgreSQL). It only carries
 * delivery tokens naming a job; the jobs table says what a job is and whether it may run, so a
 * duplicate or stale token is harmless: it is acknowledged and skipped when its claim fails.
 */
export class JobQueue {
  private readonly boss: PgBoss;

  constructor(private readonly handle: DatabaseHandle) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => handle.executeSql(text, values) },
      schema: handle.schema === 'public' ? 'pgboss' : `${handle.schema}_boss`,
      schedule: false,
      // Tokens are acknowledged as soon as they are claimed, so none stays active for long.
      expireInSeconds: 15 * 60,
      retryLimit: 2,
    });
    this.boss.on('error', () => undefined); // maintenance hiccups are retried by pg-boss itself
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Processes starting together on one PostgreSQL can deadlock creating the same queue
    // (40P01); the loser retries, and by then the queue exists.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.boss.createQueue(QUEUE);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async send(jobId: string, priority: JobPriority): Promise<void> {
    await this.boss.send(QUEUE, { jobId } satisfies Token, { priority: PRIORITY_RANK[priority] });
  }

  /**
   * The statement pg-boss would run to send one token for each job, captured through its `db`
   * option instead of being run, so the caller can commit it with the job rows themselves.
   */
  async sendStatement(jobs: readonly { jobId: string; priority: JobPriority }[]): Promise<{ text: string; values: unknown[] }> {
    let captured: { text: string; values: unknown[] } | undefined;
    const capture = {
      executeSql: (text: string, values?: unknown[]) => {
        captured = { text, values: values ?? [] };
        return Promise.resolve({ rows: [] });
      },
    };
    await this.boss.insert(jobs.map((j) => ({ name: QUEUE, data: { jobId: j.jobId } satisfies Token, priority: PRIORITY_RANK[j.priority] })), { db: capture });
    if (!captured) throw new Error('the queue library ran no statement to send jobs');
    return captured;
  }

  /** Up to `count` deliveries, highest priority first, then oldest. */
  async fetch(count: number): Promise<Delivery[]> {
    if (count <= 0) return [];
    // pg-boss's fetch answers [] when its query fails (it expects only unique violations there):
    // a lost database would look like an empty queue. Its error is caught on the way and thrown.
    let failure: unknown;
    const db = {
      executeSql: async (text: string, values?: unknown[]) => {
        try {
          return await this.handle.executeSql(text, values);
        } catch (err) {
          failure = err;
          throw err;
        }
      },
    };
    const jobs = await this.boss.fetch<Token>(QUEUE, { batchSize: count, priority: true, db });
    if (failure !== undefined && (failure as { code?: string }).code !== '23505') throw failure;
    return jobs.map((j) => ({ tokenId: j.id, jobId: j.data.jobId }));
  }

  async ack(tokenIds: string[]): Promise<void> {
    if (tokenIds.length > 0) await this.boss.complete(QUEUE, tokenIds);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true, close: false });
  }
}
