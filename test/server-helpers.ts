import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config/index.js';
import type { DatabaseHandle } from '../src/db/index.js';
import { openTestDatabase } from '../src/db/test-databases.js';
import { startServer, type RunningServer } from '../src/server/index.js';

export { testDatabaseKinds } from '../src/db/test-databases.js';

export const DEMO = 'DEMO_MILMED_2025_50_PATIENTS';
export const OPERATOR = 'test-operator-key-0123456789';

export interface TestServer extends RunningServer {
  config: Config;
  dataDir: string;
  /** fetch against the server with the operator key unless `key` is given (null → no key). */
  call(path: string, init?: RequestInit & { key?: string | null; json?: unknown }): Promise<Response>;
}

/** A real server on a free port over a fresh database (PGlite, or PostgreSQL when url is given). */
export async function startTestServer(opts: {
  url?: string;
  env?: Record<string, string>;
  /** Reuse this open database (restart tests); the caller closes it. */
  database?: DatabaseHandle;
  /** Reuse this data folder (outputs survive a restart); the caller removes it. */
  dataDir?: string;
  /** false: an API-only process (`serve --no-workers`). */
  runWorkers?: boolean;
} = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? await mkdtemp(join(tmpdir(), 'medgen-server-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, API_KEY: OPERATOR, JOB_THREAD_NICE: process.env.JOB_THREAD_NICE ?? '0', ...opts.env });
  const database = opts.database ?? await openTestDatabase(opts.url, false);
  const server = await startServer(config, { database, runWorkers: opts.runWorkers });
  return {
    ...server,
    config,
    dataDir,
    call(path, init = {}) {
      const { key = OPERATOR, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== null) headers.set('X-API-Key', key);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      return fetch(server.url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async close() {
      await server.close();
      if (!opts.database) await closeTestDatabase(database);
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

import { generateApiKey, hashApiKey, keyPrefix } from '../src/auth/index.js';
import { KeysRepository, type NewApiKey } from '../src/db/index.js';

/**
 * A new live (non-admin) key in the server's database, for tenant-isolation tests; returns the
 * plain key. Its request windows are wide open unless `limits` says otherwise.
 */
export async function createTestKey(s: TestServer, name = 'test tenant', limits: Partial<NewApiKey> = {}): Promise<string> {
  const key = generateApiKey();
  await new KeysRepository(s.deps.database.db).insert({
    key_hash: hashApiKey(key), key_prefix: keyPrefix(key), name, email: null, metadata: '{}',
    patients_per_request: 1_000_000, requests_per_minute: 1_000_000, requests_per_hour: 1_000_000, requests_per_day: null, patients_per_day: null,
    ...limits,
  });
  return key;
}

/** Closes a test database, dropping the job queue's own schema too on PostgreSQL. */
export async function closeTestDatabase(database: DatabaseHandle): Promise<void> {
  if (database.kind === 'postgres' && database.schema !== 'public') {
    await database.executeSql(`drop schema if exists ${database.schema}_boss cascade`).catch(() => undefined);
  }
  await database.close();
}
