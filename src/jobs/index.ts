export { generateToSinks, workerScriptUrl, type PipelineOptions, type PipelineResult } from './pipeline.js';
export { encodeChunk, resolveFormats, runFromSpec, type RunSpec } from './encode.js';
