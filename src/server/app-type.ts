import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { JobService } from '../jobs/index.js';
import type { AppDeps, Services } from './context.js';

/**
 * The Fastify application as every module sees it: with the TypeBox type provider, so a route's
 * schema types its request. Defined here, apart from app.ts, so that route modules never import
 * the module that registers them.
 */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A route module: registers its routes, taking the services it needs from `deps`. */
export type RouteModule = (app: App, deps: AppDeps) => void | Promise<void>;

/** Deps of an app with a job service: what the job routes need. */
export type JobDeps = AppDeps & { services: Services & { jobs: JobService } };

/** A route module of the jobs API, registered only when the app has a job service. */
export type JobRouteModule = (app: App, deps: JobDeps) => void | Promise<void>;
