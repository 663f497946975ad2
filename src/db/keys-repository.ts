import { sql, type Kysely } from 'kysely';
import type { ApiKeyRow, ApiKeyUpdate, Database, NewApiKey } from './schema.js';

/** LIKE treats % and _ as wildcards; user text must match literally. */
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** All SQL about API keys and their usage. */
export class KeysRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findByHash(hash: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
  }

  findById(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(key: NewApiKey): Promise<ApiKeyRow> {
    return this.db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
  }

  /** Inserts the key, or updates the listed columns of the row with the same hash. */
  async upsertByHash(key: NewApiKey, update: ApiKeyUpdate): Promise<ApiKeyRow> {
    return this.db.insertInto('api_keys').values(key)
      .onConflict((oc) => oc.column('key_hash').doUpdateSet({ ...update, updated_at: new Date() }))
      .returningAll().executeTakeFirstOrThrow();
  }

  async update(id: string, update: ApiKeyUpdate): Promise<ApiKeyRow | undefined> {
    return this.db.updateTable('api_keys').set({ ...update, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** Keys whose display prefix starts with `prefix` (at most `limit`). */
  findByPrefix(prefix: string, limit = 2): Promise<ApiKeyRow[]> {
    const pattern = `${escapeLike(prefix)}%`;
    return this.db.selectFrom('api_keys').selectAll().where('key_prefix', 'like', pattern).orderBy('created_at').limit(limit).execute();
  }

  /** Newest first; `active`: active and unexpired only; `search` matches name or email, case-insensitively. */
  list(filter: { active?: boolean; demo?: boolean; search?: string; limit: number; offset?: number }): Promise<ApiKeyRow[]> {
    let q = this.db.selectFrom('api_keys').selectAll();
    if (filter.active) {
      const now = new Date();
      q = q.where('is_active', '=', true).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
    }
    if (filter.demo) q = q.where('is_demo', '=', true);
    if (filter.search) {
      const pattern = `%${escapeLike(filter.search)}%`;
      q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
    }
    return q.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset ?? 0).execute();
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Deactivates the built-in keys of one kind and origin (metadata `builtin`, `origin`) except the one with `keepHash`. */
  async deactivateBuiltIns(kind: string, origin: string, keepHash: string): Promise<number> {
    const r = await this.db.updateTable('api_keys').set({ is_active: false, updated_at: new Date() })
      .where(sql<boolean>`metadata->>'builtin' = ${kind}`).where(sql<boolean>`metadata->>'origin' = ${origin}`)
      .where('key_hash', '<>', keepHash).where('is_active', '=', true).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Keys past their expiry, except the built-in ones. */
  expired(at: Date): Promise<ApiKeyRow[]> {
    return this.db.selectFrom('api_keys').selectAll()
      .where('expires_at', '<=', at).where(sql<boolean>`not (metadata ? 'builtin')`)
      .orderBy('expires_at').execute();
  }

  async deleteMany(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.db.deleteFrom('api_keys').where('id', 'in', ids).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Creates the replacement and deactivates the old key in one transaction. */
  rotate(oldId: string, replacement: NewApiKey): Promise<ApiKeyRow> {
    return this.db.transaction().execute(async (tx) => {
      const created = await tx.insertInto('api_keys').values(replacement).returningAll().executeTakeFirstOrThrow();
      await tx.updateTable('api_keys').set({ is_active: false, updated_at: new Date() }).where('id', '=', oldId).execute();
      return created;
    });
  }

  /** How many keys are in each state at `at`. */
  async counts(at: Date): Promise<{ total: number; active: number; inactive: number; expired: number; demo: number; admin: number }> {
    const r = await this.db.selectFrom('api_keys').select([
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where is_active and (expires_at is null or expires_at > ${at}))`.as('active'),
      sql<string>`count(*) filter (where not is_active)`.as('inactive'),
      sql<string>`count(*) filter (where expires_at <= ${at})`.as('expired'),
      sql<string>`count(*) filter (where is_demo)`.as('demo'),
      sql<string>`count(*) filter (where is_admin)`.as('admin'),
    ]).executeTakeFirstOrThrow();
    return { total: Number(r.total), active: Number(r.active), inactive: Number(r.inactive), expired: Number(r.expired), demo: Number(r.demo), admin: Number(r.admin) };
  }

  findByIds(ids: readonly string[]): Promise<ApiKeyRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('api_keys').selectAll().where('id', 'in', ids).execute();
  }
}
