import type { JobOutputRow, JobRow, JobStatus } from '../db/index.js';

/** A job as the API shows it (spec service §2.2). */
export interface JobView {
  job_id: string;
  status: JobStatus;
  priority: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  progress: number;
  progress_details: {
    patients_generated: number;
    total_patients: number;
    current_step: string | null;
    estimated_remaining_time: number | null;
  };
  config: Record<string, unknown>;
  output_formats: string[];
  output_files?: { name: string; format: string; bytes: number; sha256: string }[];
  summary: Record<string, unknown> | null;
  error?: string;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

/** Seconds left at the rate seen so far; null before any patient is written or once stopped. */
function remaining(row: JobRow, now: number): number | null {
  if (row.status !== 'running' || !row.started_at || row.patients_generated <= 0) return null;
  const elapsed = (now - new Date(row.started_at).getTime()) / 1000;
  if (elapsed <= 0) return null;
  return Math.max(0, Math.round(((row.total_patients - row.patients_generated) * elapsed) / row.patients_generated * 10) / 10);
}

/** The summary without the dashboard aggregates, which the visualization routes serve. */
function publicSummary(summary: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!summary) return null;
  const { dashboard: _dashboard, ...rest } = summary;
  return rest;
}

export function jobView(row: JobRow, outputs?: JobOutputRow[], now = Date.now()): JobView {
  const request = row.request as { output_formats?: string[] };
  return {
    job_id: row.id,
    status: row.status,
    priority: row.priority,
    created_at: iso(row.created_at),
    ...(row.started_at ? { started_at: iso(row.started_at) } : {}),
    ...(row.completed_at ? { completed_at: iso(row.completed_at) } : {}),
    progress: row.progress,
    progress_details: {
      patients_generated: row.patients_generated,
      total_patients: row.total_patients,
      current_step: row.current_step,
      estimated_remaining_time: remaining(row, now),
    },
    config: row.scenario,
    output_formats: request.output_formats ?? [],
    ...(outputs ? { output_files: outputs.map((o) => ({ name: o.name, format: o.format, bytes: Number(o.bytes), sha256: o.sha256 })) } : {}),
    summary: publicSummary(row.summary),
    ...(row.error ? { error: row.error } : {}),
  };
}

/** One Server-Sent Event about a job's progress. */
export interface JobEvent {
  job_id: string;
  status: JobStatus;
  progress: number;
  patients_generated: number;
  total_patients: number;
  current_step: string | null;
  estimated_remaining_time: number | null;
  error?: string;
}

export function jobEvent(row: JobRow, now = Date.now()): JobEvent {
  return {
    job_id: row.id,
    status: row.status,
    progress: row.progress,
    patients_generated: row.patients_generated,
    total_patients: row.total_patients,
    current_step: row.current_step,
    estimated_remaining_time: remaining(row, now),
    ...(row.error ? { error: row.error } : {}),
  };
}
