import type { ResourceLimits } from 'node:worker_threads';
import type { Writable } from 'node:stream';
import type { Run } from '../engine/index.js';
import type { BatchFormat } from '../formats/index.js';
import type { EncoderThreads } from './encoder-threads.js';

export interface PipelineOptions {
  run: Run;
  formats: readonly BatchFormat[];
  /** One sink per format, same order. */
  sinks: readonly Writable[];
  /** Encoders: the calling thread and encoder threads together (see callerEncodes). */
  workers?: number;
  /** Patients per encoded chunk; does not change the bytes. */
  chunkSize?: number;
  /** Patients per batch inside a chunk; does not change the bytes. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Heap limits of the encoder threads (with more than one worker), e.g. a small young generation. */
  resourceLimits?: ResourceLimits;
  /**
   * Threads started ahead (EncoderThreads.start), used instead of starting new ones; the caller
   * terminates them. Fewer than the run needs: it uses those.
   */
  threads?: EncoderThreads;
  /**
   * With more than one worker, whether the calling thread encodes chunks too, as one of the
   * `workers` (default true): `workers: 2` then starts one thread, not two. Each thread pays
   * its own start and JIT warm-up (≈ 0.6 s of CPU) and every chunk it encodes is handed over,
   * so the caller taking part is what lets two workers approach twice one worker's rate.
   * An HTTP server passes false: a chunk encoded on its thread would hold up its event loop.
   */
  callerEncodes?: boolean;
}

export interface PipelineResult {
  patients: number;
}

export const BUFFER_SIZE = 1 << 20;
/**
 * Free buffers the calling thread's pool keeps. At most a chunk's output and SINK_LIMIT more are
 * out at once, and they come back as the sinks write them; keeping fewer than a chunk needs
 * (≈ 19 for FHIR bundles) made each chunk allocate the rest afresh: new pages to fault in and,
 * counted as external memory, a full mark-compact every chunk. The pool never holds more than
 * were in use at once, so this does not raise the peak.
 */
export const POOL_KEEP = 64;

/**
 * Bytes a sink may have outstanding (handed over, not yet called back) before encoding waits for
 * it: a few buffers, so the sink always has the next one while the next is being filled.
 */
export const SINK_LIMIT = 4 * BUFFER_SIZE;

export function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('generation cancelled');
}
