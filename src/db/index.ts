/** Persistence: one database handle (PGlite or PostgreSQL), migrations and repositories. */
export { openDatabase, describeDatabase, type DatabaseHandle, type DatabaseOptions, type PoolStats } from './database.js';
export { migrateUp, migrateDown, migrationStatus, isMigrated, type MigrationStatus } from './migrate.js';
export { KeysRepository } from './keys-repository.js';
export { UsageRepository, type UsageDelta, type UsageTotals } from './usage-repository.js';
export { openServedDatabase, openClientDatabase, findDatabaseOwner, socketUrl, DatabaseBusyError, SOCKET_INFO_FILE, type SocketInfo } from './embedded-socket.js';
export { ConfigurationsRepository, ConcurrentVersionError, configurationScenario, type ConfigurationInput } from './configurations-repository.js';
export * from './schema.js';
export { isDatabaseUnavailable } from './availability.js';
export { GroupCommit } from './group-commit.js';
export { JobsRepository, type InsertedJob, type Viewer, type NewJobOutput, type JobListQuery, type RunSample } from './jobs-repository.js';
export * from './exercise-repository.js';
