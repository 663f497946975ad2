import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/index.js';
import type { Metrics } from '../metrics.js';

/** How often the shared rate-limit store is pinged to notice it going and coming back. */
const STORE_PING_MS = 2_000;

/**
 * Turns dependency outages into one log line when they start and one when they end, plus
 * metrics, instead of a line per failed query: the database through its handle's monitor (every
 * query, the job queue's included), Redis by a ping (its loss is otherwise silent, because the
 * limiter's in-memory insurance takes over).
 */
export function watchFaults(app: FastifyInstance, metrics: Metrics, database: DatabaseHandle): void {
  const offs: (() => void)[] = [];
  metrics.dbUp.set(database.monitor.state.available ? 1 : 0);
  offs.push(database.monitor.onAvailability((state) => {
    metrics.dbUp.set(state.available ? 1 : 0);
    if (state.available) {
      app.log.info('database reachable again; requests and jobs resume');
    } else {
      metrics.dbOutages.inc();
      app.log.warn({ reason: state.error }, 'database unreachable: requests that need it get 503 and jobs wait until it answers again');
    }
  }));
  // The server's own opener may feed the histogram already (DatabaseOptions.onQuery).
  if (!database.queriesObserved) offs.push(database.monitor.onQuery((seconds) => metrics.dbQueryDuration.observe(seconds)));

  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    const limiter = app.hasDecorator('keyLimits') ? app.keyLimits.limiter : undefined;
    if (limiter?.store !== 'redis') return;
    let up = true;
    metrics.rateLimitStoreUp.set(1);
    let pinging = false;
    const check = async (): Promise<void> => {
      if (pinging) return;
      pinging = true;
      try {
        const p = await limiter.ping();
        if (p.ok === up) return;
        up = p.ok;
        metrics.rateLimitStoreUp.set(up ? 1 : 0);
        if (up) {
          app.log.info('Redis reachable again: rate windows are shared across instances again');
        } else {
          metrics.rateLimitFallbacks.inc();
          app.log.warn({ reason: p.error }, 'Redis unreachable: rate windows fall back to this process memory until it returns, admitting this instance\'s share of each limit (the limit divided by the instances last seen); the counts are carried back into Redis when it returns');
        }
      } finally {
        pinging = false;
      }
    };
    await check();
    timer = setInterval(() => { void check(); }, STORE_PING_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const off of offs) off();
  });
}
