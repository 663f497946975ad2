import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from './database.js';
import { migrateUp } from './migrate.js';

/**
 * The databases a test runs against: the embedded one always, and the real PostgreSQL server
 * when TEST_DATABASE_URL is set (CI). Each gets a fresh schema so test files never share rows.
 */
export function testDatabaseKinds(): { name: string; url?: string }[] {
  const url = process.env.TEST_DATABASE_URL;
  return [{ name: 'pglite' }, ...(url ? [{ name: 'postgres', url }] : [])];
}

export async function openTestDatabase(url?: string, migrate = true): Promise<DatabaseHandle> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const h = await openDatabase({ url, dataDir: 'memory://', schema: url ? schema : undefined, poolMax: 5 });
  if (migrate) await migrateUp(h);
  const close = h.close.bind(h);
  return Object.assign(h, {
    async close() {
      if (url) await h.executeSql(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      await close();
    },
  });
}
