import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatabaseBusyError, findDatabaseOwner, migrateUp, openClientDatabase, openServedDatabase, socketUrl, SOCKET_INFO_FILE, type DatabaseHandle,
} from '../src/db/index.js';

const keyRow = (hash: string, name: string) => ({ key_hash: hash, key_prefix: hash.slice(0, 12), name, email: null, metadata: '{}' });

describe('the embedded database served on a local socket', () => {
  let dir: string;
  let server: DatabaseHandle;
  const open = () => ({ infoDir: dir, dataDir: join(dir, 'db') });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medgen-sock-'));
    server = await openServedDatabase(open());
    await migrateUp(server);
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is claimed by one process, which other openers find', async () => {
    const owner = await findDatabaseOwner(dir);
    expect(owner?.pid).toBe(process.pid);
    expect(owner?.socket_dir).toBe(dir);
    await expect(openServedDatabase(open())).rejects.toBeInstanceOf(DatabaseBusyError);
  });

  it('lets a client run queries and transactions interleaved with the server\'s own, without mixing them', async () => {
    const client = await openClientDatabase(open());
    try {
      expect(client.kind).toBe('postgres');
      const tasks: Promise<unknown>[] = [];
      for (let i = 0; i < 15; i++) {
        // Each server transaction sees only its own uncommitted row on top of what is committed.
        tasks.push(server.db.transaction().execute(async (tx) => {
          const before = await tx.selectFrom('api_keys').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
          await tx.insertInto('api_keys').values(keyRow(`srv-${i}`, 'server')).execute();
          await new Promise((r) => setTimeout(r, 3));
          const after = await tx.selectFrom('api_keys').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
          return after.n - before.n;
        }));
        tasks.push(client.db.transaction().execute(async (tx) => {
          await tx.insertInto('api_keys').values(keyRow(`cli-${i}`, 'client')).execute();
          await new Promise((r) => setTimeout(r, 3));
          if (i % 3 === 0) throw new Error('roll back');
          return 1;
        }).catch(() => 'rolled back'));
        tasks.push(client.db.selectFrom('api_keys').select('id').execute());
      }
      const results = await Promise.all(tasks);
      expect(results.filter((_, i) => i % 3 === 0)).toEqual(Array(15).fill(1));
      const counts = await server.db.selectFrom('api_keys').select(['name', sql<number>`count(*)::int`.as('n')]).groupBy('name').orderBy('name').execute();
      expect(counts).toEqual([{ name: 'client', n: 10 }, { name: 'server', n: 15 }]);
    } finally {
      await client.close();
    }
  });

  it('rolls back and unlocks when a client disappears inside a transaction', async () => {
    const owner = await findDatabaseOwner(dir);
    const raw = new pg.Client({ connectionString: socketUrl(owner ?? { pid: 0, started_at: '' }) });
    raw.on('error', () => undefined);
    await raw.connect();
    await raw.query('begin');
    await raw.query(`insert into api_keys (key_hash, key_prefix, name) values ('gone', 'gone', 'vanished')`);
    const serverQuery = server.db.selectFrom('api_keys').select('name').where('key_hash', '=', 'gone').execute();
    (raw as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await serverQuery).toEqual([]);
    expect(await server.db.selectFrom('api_keys').selectAll().where('key_hash', '=', 'gone').execute()).toEqual([]);
  });

  it('refuses a client while another process has the database open directly', async () => {
    const other = await mkdtemp(join(tmpdir(), 'medgen-sock-'));
    try {
      await writeFile(join(other, SOCKET_INFO_FILE), JSON.stringify({ pid: process.pid, started_at: new Date().toISOString() }));
      await expect(openClientDatabase({ infoDir: other, dataDir: join(other, 'db') })).rejects.toBeInstanceOf(DatabaseBusyError);
      // A claim left by a process that is gone is taken over.
      await writeFile(join(other, SOCKET_INFO_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, started_at: new Date().toISOString() }));
      const direct = await openClientDatabase({ infoDir: other, dataDir: join(other, 'db') });
      expect(direct.kind).toBe('pglite');
      expect((await findDatabaseOwner(other))?.pid).toBe(process.pid);
      await direct.close();
      expect(await findDatabaseOwner(other)).toBeUndefined();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
