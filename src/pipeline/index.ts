/**
 * The streaming generation pipeline: a run encoded in one or more formats, on the calling thread
 * and in encoder threads, written in order to sinks (files, a socket, an output chain). Used by
 * `medgen generate`, the job threads and the HTTP stream.
 */
export { generateToSinks } from './pipeline.js';
export type { PipelineOptions, PipelineResult } from './options.js';
export { EncoderThreads, encoderThreadUrl, type EncoderThreadOptions } from './encoder-threads.js';
export { encodeChunk, resolveFormats, runFromSpec, type RunSpec } from './encode.js';
export { writeOutputs, writeOutputFiles, OutputSpaceError, type WriteOptions, type WrittenFile } from './write-outputs.js';
export { DirectFile, type DirectFileOptions } from './direct-file.js';
export { BULK_NICE, currentThreadId, lowerThreadPriority, startThreadPoolHere } from './thread-priority.js';
export type * from './thread-protocol.js';
