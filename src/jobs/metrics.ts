/**
 * What the job service records, as the narrow interface it depends on. The server's Prometheus
 * registry (src/server/metrics.ts) implements it and is handed in; the job service never imports
 * the server, so `medgen worker` (no HTTP) loads none of it.
 */

type Labels<L extends string> = Partial<Record<L, string>>;

export interface CounterLike<L extends string> { inc(labels: Labels<L>, value?: number): void }
export interface GaugeLike<L extends string> { set(labels: Labels<L>, value: number): void }
export interface HistogramLike { observe(value: number): void }

export interface JobMetrics {
  readonly patientsGenerated: CounterLike<'format'>;
  readonly generationDuration: HistogramLike;
  readonly generationErrors: CounterLike<'error_type'>;
  readonly jobQueueSize: GaugeLike<'status'>;
  readonly jobExecution: HistogramLike;
  readonly jobStatusChanges: CounterLike<'from_status' | 'to_status'>;
}

const ignored = { inc: (): void => undefined, set: (): void => undefined, observe: (): void => undefined };

/** For a process nobody scrapes (`medgen worker` has no HTTP endpoint): records nothing. */
export const UNRECORDED_JOB_METRICS: JobMetrics = {
  patientsGenerated: ignored, generationDuration: ignored, generationErrors: ignored,
  jobQueueSize: ignored, jobExecution: ignored, jobStatusChanges: ignored,
};
