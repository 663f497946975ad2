/**
 * The messages between JobThreadPool (main side) and a job thread (job-thread.ts). Both sides
 * import this module; neither imports the other's code (the thread's entry script starts work
 * as soon as it is loaded, so it must never be imported).
 */
import type { CardLayout, OutputFormatId } from '../formats/index.js';
import type { JobSummary } from './summary.js';

/** What a job thread is started with (its workerData). */
export interface JobThreadData {
  /** Nice value the thread lowers itself to before anything else (Linux). */
  nice: number;
}

/** What the service hands a job thread. The password lives only in this message, never on disk. */
export interface JobThreadInput {
  /** The scenario in its input form, seed included. */
  scenario: Record<string, unknown>;
  formats: OutputFormatId[];
  outDir: string;
  gzip: boolean;
  password?: string;
  /** Page layout of cards.pdf; absent: a4. */
  cardLayout?: CardLayout;
  /** Encoders inside the job: the job thread itself and the encoder threads it starts. */
  workers: number;
  /**
   * Nice value of this thread and the encoder threads it starts (Linux), so the HTTP event
   * loop keeps its latency while jobs use every core; absent: BULK_NICE.
   */
  nice?: number;
}

export interface OutputRecord { name: string; format: string; path: string; bytes: number; sha256: string }

/** The one message a job thread takes: run this job (a thread runs one job at a time). */
export interface JobThreadRequest { type: 'run'; input: JobThreadInput }

export type JobThreadMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; files: OutputRecord[]; summary: JobSummary }
  | { type: 'failed'; error: string };
