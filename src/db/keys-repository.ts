import type { Kysely } from 'kysely';
import type { ApiKeyRow, ApiKeyUpdate, Database, NewApiKey } from './schema.js';

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

  async touch(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', 'in', ids).execute();
  }
}
