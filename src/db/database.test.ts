import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDatabase, type DatabaseHandle } from './database.js';
import { isMigrated, migrateDown, migrateUp, migrationStatus } from './migrate.js';
import { openTestDatabase, testDatabaseKinds } from './test-databases.js';

describe.each(testDatabaseKinds())('database on $name', ({ url }) => {
  let h: DatabaseHandle;
  beforeAll(async () => { h = await openTestDatabase(url, false); });
  afterAll(async () => { await h.close(); });

  it('migrates up, reports status, rolls back and migrates again', async () => {
    expect(await isMigrated(h)).toBe(false);
    expect(await migrateUp(h)).toEqual(['001-initial', '002-exercise-feed']);
    expect(await migrateUp(h)).toEqual([]);
    expect(await isMigrated(h)).toBe(true);
    const status = await migrationStatus(h);
    expect(status.map((s) => s.name)).toEqual(['001-initial', '002-exercise-feed']);
    expect(status[0]?.executedAt).toBeInstanceOf(Date);

    await h.db.insertInto('api_keys').values({ key_hash: 'h1', key_prefix: 'sk_live_abcd', name: 'k', email: null, requests_per_day: null, patients_per_day: null, metadata: '{}' }).execute();
    const row = await h.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'k', is_active: true, patients_per_request: 1000, requests_per_minute: 60, requests_per_hour: 1000, requests_per_day: null });
    expect(row.created_at).toBeInstanceOf(Date);

    expect(await migrateDown(h)).toEqual(['002-exercise-feed']);
    expect(await isMigrated(h)).toBe(false);
    expect(await migrateDown(h)).toEqual(['001-initial']);
    await expect(h.db.selectFrom('api_keys').selectAll().execute()).rejects.toThrow();
    expect(await migrateUp(h)).toEqual(['001-initial', '002-exercise-feed']);
  });

  it('runs transactions and raw SQL for the queue library', async () => {
    await h.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_keys').values({ key_hash: 'h2', key_prefix: 'p', name: 'tx', email: null, requests_per_day: null, patients_per_day: null, metadata: '{}' }).execute();
    });
    await expect(h.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_keys').values({ key_hash: 'h3', key_prefix: 'p', name: 'rolled back', email: null, requests_per_day: null, patients_per_day: null, metadata: '{}' }).execute();
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const names = (await h.db.selectFrom('api_keys').select('name').execute()).map((r) => r.name);
    expect(names).toContain('tx');
    expect(names).not.toContain('rolled back');
    const multi = await h.executeSql('select 1 as a; select 2 as b');
    expect(multi.rows).toEqual([{ b: 2 }]);
    const param = await h.executeSql('select $1::int + 1 as n', [41]);
    expect(param.rows).toEqual([{ n: 42 }]);
    const facts = await describeDatabase(h);
    expect(facts.version).toMatch(/PostgreSQL/);
    expect(h.poolStats().size).toBeGreaterThanOrEqual(h.kind === 'pglite' ? 1 : 0);
  });
});
