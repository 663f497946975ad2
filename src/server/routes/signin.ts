import { Type } from '@sinclair/typebox';
import type { App } from '../app-type.js';
import type { AppDeps } from '../context.js';
import { errors } from '../errors.js';

/**
 * POST /api/v1/auth/signin: trades a one-time token from the sign-in link the server printed at
 * start for the local owner key. Public (the token is the credential); the key is sent to
 * nobody else, and the token works once.
 */
export function registerSignInRoutes(app: App, deps: AppDeps): void {
  app.post('/api/v1/auth/signin', {
    schema: {
      tags: ['keys'], summary: 'Exchange the one-time token of the sign-in link printed at server start for the owner key',
      body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200, description: 'the `signin` value of the link' }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          key: Type.String({ description: 'the owner key: keep it (the web UI stores it in the browser)' }),
          key_prefix: Type.String(),
          name: Type.String(),
          kind: Type.Literal('owner'),
        }),
      },
    },
  }, async (request, reply) => {
    const owner = deps.owner;
    if (!owner) throw errors.notFound('owner sign-in (this server has no owner key: MEDGEN_OWNER_KEY is off)');
    const { token } = request.body as { token: string };
    const key = owner.redeem(token);
    if (key === undefined) {
      throw errors.unauthorized('This sign-in link is not valid: it has been used already or has expired. Restart the server for a new link, or enter a key in Settings (npx medgen keys create).');
    }
    request.log.info({ ip: request.ip }, 'owner sign-in link used');
    reply.header('Cache-Control', 'no-store');
    return { key, key_prefix: owner.row.key_prefix, name: owner.row.name, kind: 'owner' as const };
  });
}
