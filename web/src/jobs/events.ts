/** Reading the job event stream's messages. */
import type { Job } from '../api/types.js';

/** What an event's data says about the job: the JSON object's job fields, or nothing. */
export function jobUpdate(jobId: string, data: string): Partial<Job> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const inner = typeof v.job === 'object' && v.job !== null ? (v.job as Record<string, unknown>) : v;
  if (inner.job_id !== undefined && inner.job_id !== jobId) return undefined;
  const out: Partial<Job> = {};
  for (const k of ['status', 'progress', 'progress_details', 'started_at', 'completed_at', 'error', 'summary', 'output_files'] as const) {
    if (inner[k] !== undefined) (out as Record<string, unknown>)[k] = inner[k];
  }
  // The events carry the progress details flat: {job_id, status, progress, patients_generated, …}.
  const details: Record<string, unknown> = {};
  for (const k of ['patients_generated', 'total_patients', 'current_step', 'estimated_remaining_time'] as const) {
    if (inner[k] !== undefined) details[k] = inner[k];
  }
  if (Object.keys(details).length > 0) out.progress_details = { ...out.progress_details, ...details };
  return out;
}
