import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/index.js';
import { errors } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { secretsEqual } from '../../auth/index.js';
import { watchFaults } from './fault-watch.js';

/** Counts every request by route pattern (never a raw id) and serves `/metrics`. */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, database: DatabaseHandle, token?: string): void {
  watchFaults(app, metrics, database);
  app.addHook('onResponse', async (request, reply) => {
    const endpoint = request.routeOptions.url ?? 'unmatched';
    if (endpoint === '/metrics') return;
    metrics.requests.inc({ method: request.method, endpoint, status: String(reply.statusCode) });
    metrics.requestDuration.observe({ method: request.method, endpoint }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined) {
      const auth = request.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : (request.query as Record<string, string>).token ?? '';
      if (!secretsEqual(given, token)) throw errors.unauthorized('metrics token required (Authorization: Bearer …)');
    }
    // Read from the live pool (pg's totalCount/idleCount/waitingCount) at every scrape.
    const pool = database.poolStats();
    metrics.dbConnectionsActive.set(pool.in_use);
    metrics.dbConnectionsTotal.set(pool.size);
    metrics.dbConnectionsIdle.set(pool.idle);
    metrics.dbConnectionsWaiting.set(pool.waiting);
    const text = await metrics.registry.metrics();
    return reply
      .header('Cache-Control', 'no-cache, no-store, must-revalidate')
      .type(metrics.registry.contentType)
      .send(text);
  });
}
