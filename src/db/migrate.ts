import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DatabaseHandle } from './database.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-exercise-feed.js';

/** Every migration, in order; names sort in application order. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-exercise-feed': m002,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

function migrator(h: DatabaseHandle): Migrator {
  return new Migrator({ db: h.db, provider, migrationTableSchema: h.schema });
}

export interface MigrationStatus { name: string; executedAt: Date | null }

function unwrap(set: MigrationResultSet): string[] {
  if (set.error) throw set.error instanceof Error ? set.error : new Error(String(set.error));
  return (set.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(h: DatabaseHandle): Promise<string[]> {
  return unwrap(await migrator(h).migrateToLatest());
}

/** Undoes the last applied migration; returns its name (none when nothing is applied). */
export async function migrateDown(h: DatabaseHandle): Promise<string[]> {
  return unwrap(await migrator(h).migrateDown());
}

export async function migrationStatus(h: DatabaseHandle): Promise<MigrationStatus[]> {
  const list = await migrator(h).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}

export async function isMigrated(h: DatabaseHandle): Promise<boolean> {
  return (await migrationStatus(h)).every((m) => m.executedAt !== null);
}
