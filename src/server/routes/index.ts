import type { App, JobDeps, JobRouteModule, RouteModule } from '../app-type.js';
import type { AppDeps } from '../context.js';
import { registerAdminKeyRoutes } from './admin-keys.js';
import { registerConfigurationRoutes } from './configurations.js';
import { registerDownloadRoutes } from './downloads.js';
import { registerExerciseRoutes } from './exercises.js';
import { registerGenerationRoutes } from './generation.js';
import { registerHealthRoutes } from './health.js';
import { registerJobEventRoutes } from './job-events.js';
import { registerJobResultRoutes } from './job-results.js';
import { registerJobRoutes } from './jobs.js';
import { registerKeyRoutes } from './keys.js';
import { registerPatientCardRoutes } from './patient-card.js';
import { registerPresetRoutes } from './presets.js';
import { registerReferenceRoutes } from './reference.js';
import { registerSignInRoutes } from './signin.js';
import { registerStreamingRoutes } from './streaming.js';
import { registerVisualizationRoutes } from './visualizations.js';
import { registerWebRoutes } from './web.js';

/** Every route module that needs no job service, in registration order (the OpenAPI document's path order). */
const ROUTES: RouteModule[] = [
  registerHealthRoutes,
  registerReferenceRoutes,
  registerPresetRoutes,
  registerKeyRoutes,
  registerSignInRoutes,
  registerAdminKeyRoutes,
  registerConfigurationRoutes,
  registerStreamingRoutes,
  registerVisualizationRoutes,
  registerExerciseRoutes,
  registerWebRoutes,
];

/** The job routes: submit, list/read/cancel/delete, events, results, a patient's casualty card, downloads. */
const JOB_ROUTES: JobRouteModule[] = [
  registerGenerationRoutes,
  registerJobRoutes,
  registerJobEventRoutes,
  registerJobResultRoutes,
  registerPatientCardRoutes,
  registerDownloadRoutes,
];

function hasJobs(deps: AppDeps): deps is JobDeps {
  return deps.services.jobs !== undefined;
}

/** Registers every route module the one way: each gets the app and the composed deps. */
export async function registerRoutes(app: App, deps: AppDeps, extra: readonly RouteModule[] = []): Promise<void> {
  for (const register of ROUTES) await register(app, deps);
  if (hasJobs(deps)) for (const register of JOB_ROUTES) await register(app, deps);
  for (const register of extra) await register(app, deps);
}
