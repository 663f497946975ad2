import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Counts of one key on one UTC day (`day` as YYYY-MM-DD). */
export interface UsageDelta {
  key_id: string;
  day: string;
  requests: number;
  patients: number;
  bytes: number;
}

export interface UsageTotals { requests: number; patients: number; bytes: number }

const num = (v: unknown): number => Number(v ?? 0);

/** All SQL about per-key, per-day usage counters. */
export class UsageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds the deltas to the day rows (created when missing) and sets last_used_at, in one
   * statement each. Counts of keys deleted meanwhile are dropped rather than failing the batch.
   */
  async add(deltas: readonly UsageDelta[], usedAt: Date): Promise<void> {
    if (deltas.length === 0) return;
    const ids = deltas.map((d) => d.key_id);
    await sql`
      insert into api_key_usage (key_id, day, requests, patients, bytes)
      select u.key_id, u.day, u.requests, u.patients, u.bytes
      from unnest(${ids}::uuid[], ${deltas.map((d) => d.day)}::date[], ${deltas.map((d) => d.requests)}::bigint[],
                  ${deltas.map((d) => d.patients)}::bigint[], ${deltas.map((d) => d.bytes)}::bigint[])
           as u(key_id, day, requests, patients, bytes)
      where exists (select 1 from api_keys k where k.id = u.key_id)
      on conflict (key_id, day) do update set
        requests = api_key_usage.requests + excluded.requests,
        patients = api_key_usage.patients + excluded.patients,
        bytes = api_key_usage.bytes + excluded.bytes`.execute(this.db);
    const touched = [...new Set(deltas.filter((d) => d.requests > 0).map((d) => d.key_id))];
    if (touched.length > 0) {
      await this.db.updateTable('api_keys').set({ last_used_at: usedAt })
        .where('id', 'in', touched)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', usedAt)]))
        .execute();
    }
  }

  /** The key's day rows from `since` (YYYY-MM-DD) on, oldest first. */
  async days(keyId: string, since: string): Promise<UsageDelta[]> {
    const rows = await this.db.selectFrom('api_key_usage')
      .select(['key_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'requests', 'patients', 'bytes'])
      .where('key_id', '=', keyId).where('day', '>=', since).orderBy('day').execute();
    return rows.map((r) => ({ key_id: r.key_id, day: r.day, requests: num(r.requests), patients: num(r.patients), bytes: num(r.bytes) }));
  }

  /** All-time totals per key, for lists. */
  async totalsByKey(keyIds: readonly string[]): Promise<Map<string, UsageTotals>> {
    const out = new Map<string, UsageTotals>();
    if (keyIds.length === 0) return out;
    const rows = await this.db.selectFrom('api_key_usage')
      .select(['key_id', sql<string>`sum(requests)`.as('requests'), sql<string>`sum(patients)`.as('patients'), sql<string>`sum(bytes)`.as('bytes')])
      .where('key_id', 'in', keyIds).groupBy('key_id').execute();
    for (const r of rows) out.set(r.key_id, { requests: num(r.requests), patients: num(r.patients), bytes: num(r.bytes) });
    return out;
  }

  /** Totals per day over every key from `since` on, oldest first. */
  async dailyTotals(since: string): Promise<(UsageTotals & { day: string; keys: number })[]> {
    const rows = await this.db.selectFrom('api_key_usage')
      .select([
        sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
        sql<string>`sum(requests)`.as('requests'), sql<string>`sum(patients)`.as('patients'), sql<string>`sum(bytes)`.as('bytes'),
        sql<string>`count(distinct key_id)`.as('keys'),
      ])
      .where('day', '>=', since).groupBy('day').orderBy('day').execute();
    return rows.map((r) => ({ day: r.day, requests: num(r.requests), patients: num(r.patients), bytes: num(r.bytes), keys: num(r.keys) }));
  }

  /** The keys with the most requests since `since`. */
  async topKeys(since: string, limit: number): Promise<(UsageTotals & { key_id: string })[]> {
    const rows = await this.db.selectFrom('api_key_usage')
      .select(['key_id', sql<string>`sum(requests)`.as('requests'), sql<string>`sum(patients)`.as('patients'), sql<string>`sum(bytes)`.as('bytes')])
      .where('day', '>=', since).groupBy('key_id').orderBy(sql`sum(requests)`, 'desc').limit(limit).execute();
    return rows.map((r) => ({ key_id: r.key_id, requests: num(r.requests), patients: num(r.patients), bytes: num(r.bytes) }));
  }
}
