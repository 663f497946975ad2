/**
 * Runs once before the suite. When TEST_DATABASE_URL / TEST_REDIS_URL are set (as `.ci/run`
 * sets them), the PostgreSQL and Redis paths are meant to be tested: a server that cannot be
 * reached stops the run here with its name, instead of failing dozens of tests obscurely, and
 * no test may skip them. Unset, those tests are skipped and this says so once.
 */
import pg from 'pg';
import { Redis } from 'ioredis';

async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL cannot be reached (${(err as Error).message}); start it or unset the variable`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`TEST_REDIS_URL is set but Redis cannot be reached (${(err as Error).message}); start it or unset the variable`, { cause: err });
  } finally {
    redis.disconnect();
  }
}

export default async function setup(): Promise<void> {
  const { TEST_DATABASE_URL: db, TEST_REDIS_URL: redis } = process.env;
  if (db) await checkPostgres(db);
  if (redis) await checkRedis(redis);
  const missing = [!db && 'TEST_DATABASE_URL', !redis && 'TEST_REDIS_URL'].filter(Boolean);
  if (missing.length > 0) console.warn(`${missing.join(' and ')} not set: the PostgreSQL/Redis tests are skipped (.ci/run sets both)`);
}
