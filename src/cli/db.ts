import type { Command } from 'commander';
import type * as DbModule from '../db/index.js';
import type { DatabaseHandle } from '../db/index.js';
import type { CliIo } from './io.js';
import { configOrFail } from './serve.js';

/** The database module is loaded here, not at the top, so that other commands start without it. */
async function withDatabase<T>(io: CliIo, fn: (h: DatabaseHandle, dbModule: typeof DbModule) => Promise<T>): Promise<T> {
  const config = configOrFail(io.env);
  const dbModule = await import('../db/index.js');
  // Through the running server's socket when `medgen serve` holds the embedded database.
  const h = await dbModule.openClientDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/db`, infoDir: config.dataDir, poolMax: 2 });
  try {
    return await fn(h, dbModule);
  } finally {
    await h.close();
  }
}

export function registerDb(program: Command, io: CliIo): void {
  const db = program.command('db').description('database schema: migrate, rollback, status (DATABASE_URL, else the embedded database)');
  db.command('migrate').description('apply every pending migration').action(async () => {
    const applied = await withDatabase(io, (h, dbModule) => dbModule.migrateUp(h));
    io.stdout.write(applied.length > 0 ? applied.map((n) => `applied ${n}\n`).join('') : 'database is up to date\n');
  });
  db.command('rollback').description('undo the last applied migration').action(async () => {
    const undone = await withDatabase(io, (h, dbModule) => dbModule.migrateDown(h));
    io.stdout.write(undone.length > 0 ? undone.map((n) => `rolled back ${n}\n`).join('') : 'nothing to roll back\n');
  });
  db.command('status').description('list migrations and when each was applied').option('--json', 'print JSON').action(async (opts: { json?: boolean }) => {
    const status = await withDatabase(io, (h, dbModule) => dbModule.migrationStatus(h));
    if (opts.json) {
      io.stdout.write(JSON.stringify(status.map((s) => ({ name: s.name, applied_at: s.executedAt?.toISOString() ?? null })), null, 2) + '\n');
      return;
    }
    for (const s of status) io.stdout.write(`${s.executedAt ? 'applied' : 'pending'}  ${s.name}${s.executedAt ? `  ${s.executedAt.toISOString()}` : ''}\n`);
  });
}
