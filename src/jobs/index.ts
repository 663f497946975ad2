/**
 * The job service: jobs submitted over the API, queued in the database (pg-boss), run in job
 * threads by the processes that run jobs (`serve`, `medgen worker`), their files kept in storage.
 */
export { JobService, JobStateError, ScenarioError, JOB_FORMATS, type JobFormat, type NewJobRequest, type JobServiceOptions, type PreparedJob } from './service.js';
export { jobView, jobEvent, type JobView, type JobEvent } from './views.js';
export { LocalStorage, type OutputStorage } from './storage.js';
export { UNRECORDED_JOB_METRICS, type JobMetrics } from './metrics.js';
export type { JobPriority } from './queue.js';
export type { JobSummary } from './summary.js';
