import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './context.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerRequestContext, requestIdFrom } from './plugins/request-context.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerPresetRoutes } from './routes/presets.js';
import { registerReferenceRoutes } from './routes/reference.js';

export type App = FastifyInstance;

export interface BuildOptions {
  /** Route modules added after the core ones (jobs, configurations, streaming…). */
  routes?: ((app: App, deps: AppDeps) => void | Promise<void>)[];
  logger?: boolean;
}

/** The Fastify application with every plugin and route; listening is the caller's business. */
export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: opts.logger === false || config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers["x-api-key"]', 'req.headers.authorization'] },
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id'], randomUUID),
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  registerRequestContext(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cors, { origin: config.corsOrigins.length > 0 ? config.corsOrigins : false, exposedHeaders: ['X-Request-Id', 'X-Response-Time', 'X-Total-Count', 'X-Patient-Count', 'X-Seed', 'Retry-After', 'X-Limit-Type', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] });
  await registerOpenApi(app);
  registerAuth(app, deps.authenticator, (_request, principal) => {
    deps.metrics.apiKeyRequests.inc({ key_type: principal.isDemo ? 'demo' : 'live' });
  });
  registerMetrics(app, deps.metrics, deps.database, config.metricsToken);

  registerHealthRoutes(app, deps);
  registerReferenceRoutes(app);
  registerPresetRoutes(app);
  for (const routes of opts.routes ?? []) await routes(app, deps);
  return app;
}
