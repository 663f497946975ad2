import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator, Principal } from '../../auth/index.js';
import { errors } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** 'key': any valid key; 'admin': an admin key. Absent: public route. */
    auth?: 'key' | 'admin';
    /**
     * Which windows a keyed request counts in: 'work' (generation submits, streams) spends the
     * key's request windows; anything else is a read, counted in the generous read window.
     */
    limit?: 'work' | 'read';
  }
}

const STATUS_TEXT = {
  missing: 'API key required: send it in the X-API-Key header',
  invalid: 'Invalid API key',
  inactive: 'API key is inactive',
  expired: 'API key has expired',
} as const;

/**
 * Checks the key in `onRequest`, before the body is read or validated, so a missing key is a
 * 401 even when the body is invalid or too large. `onAuthenticated` runs next, in the same hook
 * (the request windows), so limits too apply before any body work.
 */
export function registerAuth(
  app: FastifyInstance,
  authenticator: Authenticator,
  onAuthenticated?: (request: FastifyRequest, reply: FastifyReply, principal: Principal) => void | Promise<void>,
): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const need = request.routeOptions.config?.auth;
    if (!need) return;
    const result = await authenticator.authenticate(request.headers['x-api-key']);
    if (!result.ok) {
      throw errors.unauthorized(STATUS_TEXT[result.status], {
        'X-Key-Status': result.status,
        ...(result.status === 'missing' ? { 'WWW-Authenticate': 'ApiKey' } : {}),
      });
    }
    if (need === 'admin' && !result.principal.isAdmin) throw errors.forbidden('this operation needs an admin key');
    request.principal = result.principal;
    await onAuthenticated?.(request, reply, result.principal);
  });
}

/** The caller of an authenticated route (the hook guarantees it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route is missing config.auth');
  return request.principal;
}
