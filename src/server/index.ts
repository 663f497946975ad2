/** The HTTP service: Fastify app, plugins and routes, composed over the other layers. */
export { buildApp, type BuildOptions } from './app.js';
export type { App, RouteModule } from './app-type.js';
export { composeServices } from './compose.js';
export { createServer, startServer, DatabaseUnreachableError, type RunningServer, type ServerOptions } from './server.js';
export { Metrics } from './metrics.js';
export { HttpError, errors, errorBody, ERROR_NAMES, type ErrorBody, type FieldProblem } from './errors.js';
export type { AppDeps, CheckResult, Services } from './context.js';
