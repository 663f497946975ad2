/**
 * The messages between the pipeline (main side, EncoderThreads) and its encoder threads
 * (encoder-thread.ts). Both sides import this module and neither imports the other's code: the
 * thread's entry script runs its work as soon as it is loaded, so it must never be imported.
 */
import type { RunSpec } from './encode.js';

/** What an encoder thread is started with (its workerData). */
export interface EncoderThreadData {
  /** Nice value the thread lowers itself to (0–19). */
  nice: number;
}

/** The thread's first message: its code is loaded; its kernel thread id and nice value, where known. */
export interface ThreadReady {
  ready: true;
  tid: number | undefined;
  nice: number | undefined;
}

/** First message of a run: the thread rebuilds the run once, then encodes the chunks it is sent. */
export interface RunInit {
  init: {
    /** Echoed in every result, so a result of an earlier, abandoned run is never taken for this one's. */
    runId: number;
    spec: RunSpec;
    formats: string[];
    batchSize: number;
    bufferSize: number;
    /**
     * Whether the main thread hands the buffers back (its sinks call back once written): then
     * they are shared memory and nothing is transferred (BufferPool). Otherwise each buffer is
     * transferred and never comes back: a shared one would be freed only once both threads had
     * collected their handles, and a thread that only moves bytes (the HTTP stream) collects
     * rarely, so its memory grew by a gigabyte in a million-patient stream.
     */
    share: boolean;
  };
}

export interface ChunkRequest {
  chunk: number;
  start: number;
  end: number;
  /** Buffers the main thread has finished writing, handed back for reuse (shared, not transferred). */
  returned: SharedArrayBuffer[];
}

export interface ChunkResult {
  runId: number;
  chunk: number;
  outputs: Uint8Array[][];
  count: number;
}

/** Main side → encoder thread. */
export type ToEncoderThread = RunInit | ChunkRequest;
/** Encoder thread → main side. */
export type FromEncoderThread = ThreadReady | ChunkResult;
