import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config/index.js';
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
export async function startTestServer(opts: { url?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'medgen-server-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, API_KEY: OPERATOR, ...opts.env });
  const database = await openTestDatabase(opts.url, false);
  const server = await startServer(config, { database });
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
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
