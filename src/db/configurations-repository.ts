import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { DomainError } from '../errors/index.js';
import type { ConfigurationRow, Database } from './schema.js';

/** Who may see a row: its owner, or any admin key (a Principal fits). */
interface Caller { keyId: string; isAdmin: boolean }

export interface ConfigurationInput {
  name: string;
  description: string | null;
  /** The scenario as given (without name and description, which have columns of their own). */
  config: Record<string, unknown>;
}

/** The scenario input a saved configuration stands for: its config with its name and description. */
export function configurationScenario(row: Pick<ConfigurationRow, 'name' | 'description' | 'config'>): Record<string, unknown> {
  return { ...row.config, name: row.name, ...(row.description !== null ? { description: row.description } : {}) };
}

/** Another writer saved a version of the same lineage at the same moment, repeatedly. */
export class ConcurrentVersionError extends DomainError {
  constructor(message: string) {
    super('CONFIGURATION_CONFLICT', message);
  }
}

const UNIQUE_VIOLATION = '23505';
const VERSION_ATTEMPTS = 5;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
}

/**
 * All SQL about saved scenarios. Every saved change is a new row: the versions of one
 * configuration share `lineage_id` (the first version's id), `version` counts up from 1, each
 * row points at the version before it through `parent_config_id`, and exactly one row per
 * lineage has `is_latest`.
 */
export class ConfigurationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private visible<O>(q: SelectQueryBuilder<Database, 'configurations', O>, caller: Caller): SelectQueryBuilder<Database, 'configurations', O> {
    return caller.isAdmin ? q : q.where('owner_key_id', '=', caller.keyId);
  }

  async create(ownerKeyId: string | null, input: ConfigurationInput): Promise<ConfigurationRow> {
    const id = randomUUID();
    return this.db.insertInto('configurations').values({
      id, owner_key_id: ownerKeyId, lineage_id: id, parent_config_id: null, version: 1, is_latest: true,
      name: input.name, description: input.description, config: JSON.stringify(input.config),
    }).returningAll().executeTakeFirstOrThrow();
  }

  /** One version by its own row id, if the owner may see it. */
  findById(id: string, caller: Caller): Promise<ConfigurationRow | undefined> {
    return this.visible(this.db.selectFrom('configurations').selectAll().where('id', '=', id), caller).executeTakeFirst();
  }

  /**
   * What an id addresses: the configuration's id (its lineage id, version 1's row id) means its
   * latest version, as v1's in-place updates did; the row id of a later version means that
   * version. With `version`, that numbered version of the configuration the id belongs to.
   */
  async resolve(id: string, caller: Caller, version?: number): Promise<ConfigurationRow | undefined> {
    const row = await this.findById(id, caller);
    if (!row) return undefined;
    if (version !== undefined) {
      return this.visible(this.db.selectFrom('configurations').selectAll()
        .where('lineage_id', '=', row.lineage_id).where('version', '=', version), caller).executeTakeFirst();
    }
    if (row.id !== row.lineage_id || row.is_latest) return row;
    return this.visible(this.db.selectFrom('configurations').selectAll()
      .where('lineage_id', '=', row.lineage_id).where('is_latest', '=', true), caller).executeTakeFirst();
  }

  /** The latest version of each visible configuration, most recently saved first. */
  async listLatest(caller: Caller, skip: number, limit: number): Promise<{ rows: ConfigurationRow[]; total: number }> {
    const base = this.visible(this.db.selectFrom('configurations').where('is_latest', '=', true), caller);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('updated_at', 'desc').orderBy('id').offset(skip).limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  /** Every version of a lineage, oldest first. */
  versions(lineageId: string, caller: Caller): Promise<ConfigurationRow[]> {
    return this.visible(this.db.selectFrom('configurations').selectAll().where('lineage_id', '=', lineageId), caller)
      .orderBy('version', 'asc').execute();
  }

  /**
   * Saves a new version after the lineage's latest one (whichever version `lineageId` names).
   * Writers of one lineage take a transaction-scoped advisory lock first; should two still
   * collide on the (lineage_id, version) unique constraint, the loser retries on top of the
   * winner's version.
   */
  async addVersion(lineageId: string, ownerKeyId: string | null, input: ConfigurationInput): Promise<ConfigurationRow> {
    for (let attempt = 0; attempt < VERSION_ATTEMPTS; attempt++) {
      try {
        return await this.db.transaction().execute(async (tx) => {
          // Writers of one lineage queue here instead of colliding: with optimistic retries
          // alone, n concurrent writers can make one lose n - 1 times.
          await sql`select pg_advisory_xact_lock(hashtext(${lineageId}))`.execute(tx);
          const latest = await tx.selectFrom('configurations').select(['id', 'version'])
            .where('lineage_id', '=', lineageId).orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
          await tx.updateTable('configurations').set({ is_latest: false }).where('lineage_id', '=', lineageId).where('is_latest', '=', true).execute();
          return tx.insertInto('configurations').values({
            id: randomUUID(), owner_key_id: ownerKeyId, lineage_id: lineageId, parent_config_id: latest.id, version: latest.version + 1,
            is_latest: true, name: input.name, description: input.description, config: JSON.stringify(input.config),
          }).returningAll().executeTakeFirstOrThrow();
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new ConcurrentVersionError(`configuration ${lineageId} is being changed by someone else; try again`);
  }

  /** Deletes every version of a lineage; returns how many rows went. */
  async deleteLineage(lineageId: string): Promise<number> {
    const r = await this.db.deleteFrom('configurations').where('lineage_id', '=', lineageId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
