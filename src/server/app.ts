import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './context.js';
import { registerAuth } from './plugins/auth.js';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandler } from './plugins/error-handler.js';
import { checkRequestWindows, registerLimits, type LimitsOptions } from './plugins/limits.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerRequestContext, requestIdFrom } from './plugins/request-context.js';
import { registerRequestText } from './plugins/request-text.js';
import { registerAdminKeyRoutes } from './routes/admin-keys.js';
import { registerConfigurationRoutes } from './routes/configurations.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerKeyRoutes } from './routes/keys.js';
import { registerPresetRoutes } from './routes/presets.js';
import { registerReferenceRoutes } from './routes/reference.js';
import { registerSignInRoutes } from './routes/signin.js';
import { registerStreamingRoutes } from './routes/streaming.js';
import { registerVisualizationRoutes } from './routes/visualizations.js';
import { registerWebRoutes } from './routes/web.js';

export type App = FastifyInstance;

export interface BuildOptions {
  /** Route modules added after the core ones (jobs, configurations, streaming…). */
  routes?: ((app: App, deps: AppDeps) => void | Promise<void>)[];
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

  registerHealthRoutes(app, deps);
  registerReferenceRoutes(app);
  registerPresetRoutes(app);
  registerKeyRoutes(app, deps);
  registerSignInRoutes(app, deps);
  registerAdminKeyRoutes(app, deps);
  registerConfigurationRoutes(app, deps);
  registerStreamingRoutes(app, deps);
  registerVisualizationRoutes(app, deps);
  await registerWebRoutes(app, deps);
  for (const routes of opts.routes ?? []) await routes(app, deps);
  return app;
}
