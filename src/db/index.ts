/** Persistence: one database handle (PGlite or PostgreSQL), migrations and repositories. */
export { openDatabase, describeDatabase, type DatabaseHandle, type DatabaseOptions, type PoolStats } from './database.js';
export { migrateUp, migrateDown, migrationStatus, isMigrated, type MigrationStatus } from './migrate.js';
export { KeysRepository } from './keys-repository.js';
export * from './schema.js';
