import type { Patient, RunMetadata } from '../engine/index.js';

/**
 * A text format whose body is a pure function of a batch of patients, so batches can be
 * encoded in encoder threads and concatenated in order with identical bytes.
 */
export interface BatchFormat {
  readonly id: string;
  readonly extension: string;
  readonly mediaType: string;
  header(meta: RunMetadata): string;
  /** Encodes one batch; `first` is true for the run's first batch (separators). */
  encodeBatch(patients: readonly Patient[], first: boolean): string;
  /**
   * Optional faster path with the same bytes as encodeBatch: hands over pieces one by one, so
   * the caller can copy each flat string into its byte buffer instead of first building (and
   * later flattening) one large concatenated string.
   */
  encodeTo?(patients: readonly Patient[], first: boolean, emit: (text: string) => void): void;
  /** Optional fastest path, preferred by the pipeline: the same bytes written into a byte buffer. */
  writeTo?(patients: readonly Patient[], first: boolean, out: ByteTarget): void;
  footer(meta: RunMetadata): string;
}

/** Where a format's writeTo puts bytes: `buf` from `pos` on. */
export interface ByteTarget {
  buf: Uint8Array;
  pos: number;
  /** Makes room for n more bytes (may switch `buf`; does nothing if n exceeds a whole buffer). */
  reserve(n: number): void;
  /** Writes a string of char codes below 256 as one byte each (any length; latin1). */
  latin1(bytes: string): void;
}

/** Runs a format's encodeTo and collects the pieces into one string. */
export function collect(encodeTo: NonNullable<BatchFormat['encodeTo']>, patients: readonly Patient[], first: boolean): string {
  let out = '';
  encodeTo(patients, first, (text) => {
    out += text;
  });
  return out;
}
