/**
 * What the server and the browser app (web/) both use: plain types and constants, importing
 * nothing, so the browser bundle can take them without any Node code.
 */

/** A job's status: the jobs table's status column and the API's `status` field. */
export type JobStatus = 'pending' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** Statuses a job never leaves. */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];
export * from './exercise.js';
