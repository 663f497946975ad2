import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Authenticator, KeyService, type CreateKeyInput, type KeyLimiter } from '../src/auth/index.js';
import { loadConfig, type Config } from '../src/config/index.js';
import { KeysRepository, UsageRepository, type DatabaseHandle } from '../src/db/index.js';
import { openTestDatabase } from '../src/db/test-databases.js';
import { buildApp, composeServices, Metrics, type App, type AppDeps } from '../src/server/index.js';
import { enforcePatients } from '../src/server/plugins/limits.js';
import { OPERATOR } from './server-helpers.js';

export { DEMO, OPERATOR, testDatabaseKinds } from './server-helpers.js';

/** The limiter stores a test runs against: memory always, Redis when TEST_REDIS_URL is set. */
export function limiterKinds(): { store: string; redisUrl?: string }[] {
  const url = process.env.TEST_REDIS_URL;
  return [{ store: 'memory' }, ...(url ? [{ store: 'redis', redisUrl: url }] : [])];
}

/** A Redis key prefix of its own per test run, so runs and files never share counters. */
export function uniquePrefix(): string {
  return `medgen-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Protected routes that exist only in these tests: work (plain, and asking for patients) and a read. */
function testRoutes(app: App): void {
  app.get('/test/read', {
    config: { auth: 'key' },
    schema: { hide: true, response: { 200: Type.Object({ ok: Type.Boolean() }) } },
  }, async () => ({ ok: true }));
  app.get('/test/ping', {
    config: { auth: 'key', limit: 'work' },
    schema: { hide: true, response: { 200: Type.Object({ ok: Type.Boolean() }) } },
  }, async () => ({ ok: true }));
  app.post('/test/patients', {
    config: { auth: 'key', limit: 'work' },
    schema: { hide: true, body: Type.Object({ count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), response: { 200: Type.Object({ accepted: Type.Integer() }) } },
  }, async (request, reply) => {
    const { count } = request.body as { count: number };
    await enforcePatients(request, reply, count);
    return { accepted: count };
  });
}

export interface KeysServer {
  app: App;
  deps: AppDeps;
  url: string;
  config: Config;
  database: DatabaseHandle;
  service: KeyService;
  /** Creates a key straight in the database and returns the plain key. */
  createKey(input?: Partial<CreateKeyInput>): Promise<{ key: string; id: string }>;
  call(path: string, init?: RequestInit & { key?: string | null; json?: unknown }): Promise<Response>;
  /** Closes the app (flushing usage); the database stays open unless `closeDatabase`. */
  close(closeDatabase?: boolean): Promise<void>;
}

export interface KeysServerOptions {
  url?: string;
  /** Share an open database with another server (two instances). */
  database?: DatabaseHandle;
  redisUrl?: string;
  redisPrefix?: string;
  limiter?: KeyLimiter;
  usageFlushMs?: number;
}

/** A real listening server like `medgen serve`, plus the test routes above. */
export async function startKeysServer(opts: KeysServerOptions = {}): Promise<KeysServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'medgen-keys-'));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, API_KEY: OPERATOR,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl, REDIS_KEY_PREFIX: opts.redisPrefix ?? uniquePrefix() } : {}),
  });
  const ownsDatabase = opts.database === undefined;
  const database = opts.database ?? await openTestDatabase(opts.url);
  const keys = new KeysRepository(database.db);
  const authenticator = new Authenticator(keys, { demoKeyEnabled: true, operatorKey: OPERATOR });
  await authenticator.ensureBuiltInKeys();
  const deps: AppDeps = { config, database, authenticator, metrics: new Metrics(), services: composeServices(config, database), healthChecks: {} };
  const app = await buildApp(deps, { logger: false, routes: [testRoutes], limits: { limiter: opts.limiter, usageFlushMs: opts.usageFlushMs } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const service = new KeyService(keys, new UsageRepository(database.db));
  let closed = false;
  return {
    app, deps, url, config, database, service,
    async createKey(input = {}) {
      const { key, record } = await service.create({ name: 'test key', ...input });
      return { key, id: record.id };
    },
    call(path, init = {}) {
      const { key = OPERATOR, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== null) headers.set('X-API-Key', key);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      return fetch(url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async close(closeDatabase = ownsDatabase) {
      if (!closed) {
        closed = true;
        await app.close();
      }
      if (closeDatabase) await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
