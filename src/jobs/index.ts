export { generateToSinks, workerScriptUrl, type PipelineOptions, type PipelineResult } from './pipeline.js';
export { encodeChunk, resolveFormats, runFromSpec, type RunSpec } from './encode.js';
export { writeOutputs, writeOutputFiles, type WriteOptions, type WrittenFile } from './write-outputs.js';
export { JobService, JobStateError, ScenarioError, JOB_FORMATS, type JobFormat, type NewJobRequest, type JobServiceOptions, type PreparedJob } from './service.js';
export { jobView, jobEvent, type JobView, type JobEvent } from './views.js';
export { LocalStorage, type OutputStorage } from './storage.js';
export type { JobPriority } from './queue.js';
export type { JobSummary } from './summary.js';
