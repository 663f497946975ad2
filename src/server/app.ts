import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { App, RouteModule } from './app-type.js';
import type { AppDeps } from './context.js';
import { registerAuth } from './plugins/auth.js';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandler } from './plugins/error-handler.js';
import { checkRequestWindows, registerLimits, type LimitsOptions } from './plugins/limits.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerRequestContext, requestIdFrom } from './plugins/request-context.js';
import { registerRequestText } from './plugins/request-text.js';
import { registerRoutes } from './routes/index.js';

export interface BuildOptions {
  /** Route modules registered after the app's own (tests add routes of their own). */
  routes?: RouteModule[];
  logger?: boolean;
  /** Key limiter and usage flushing (tests and benchmarks); by default from the config. */
  limits?: LimitsOptions;
}

/** The Fastify application with every plugin and route; listening is the caller's business. */
export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: opts.logger === false || config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers["x-api-key"]', 'req.headers.authorization'] },
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id'], randomUUID),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  registerRequestContext(app);
  registerRequestText(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // The UI is often served over plain HTTP inside a network: upgrading its own asset
        // requests to https would break every page not on localhost.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cors, { origin: config.corsOrigins.length > 0 ? config.corsOrigins : false, exposedHeaders: ['X-Request-Id', 'X-Response-Time', 'X-Total-Count', 'X-Patient-Count', 'X-Seed', 'Retry-After', 'X-Limit-Scope', 'X-Limit-Type', 'X-Limit-Value', 'X-Requested', 'X-Key-Status', 'X-API-Key-Type', 'X-Patient-Limit', 'X-Daily-Limit', 'X-Daily-Usage', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] });
  await registerOpenApi(app);
  await registerLimits(app, deps, opts.limits);
  registerAuth(app, deps.authenticator, async (request, reply, principal) => {
    deps.metrics.apiKeyRequests.inc({ key_type: principal.isDemo ? 'demo' : 'live' });
    await checkRequestWindows(request, reply, principal);
  });
  registerMetrics(app, deps.metrics, deps.database, config.metricsToken);

  await registerRoutes(app, deps, opts.routes);
  return app;
}
