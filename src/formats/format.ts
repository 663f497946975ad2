import type { Patient, RunMetadata } from '../engine/index.js';

/**
 * A text format whose body is a pure function of a batch of patients, so batches can be
 * encoded in worker threads and concatenated in order with identical bytes.
 */
export interface BatchFormat {
  readonly id: string;
  readonly extension: string;
  readonly mediaType: string;
  header(meta: RunMetadata): string;
  /** Encodes one batch; `first` is true for the run's first batch (separators). */
  encodeBatch(patients: readonly Patient[], first: boolean): string;
  footer(meta: RunMetadata): string;
}
