/**
 * The jobs of the current key, as the server lists them (not browser storage), kept live by
 * one event stream per unfinished job. Lives outside React so streams survive page switches;
 * a reload simply lists again and re-attaches to the jobs still running.
 */
import { useSyncExternalStore } from 'react';
import { api, errorMessage } from '../api/client.js';
import { readEventStream } from '../api/sse.js';
import { TERMINAL_STATUSES, type Job, type JobStatus } from '../api/types.js';
import { jobUpdate } from './events.js';
import { getApiKey } from '../settings/key-store.js';

export interface JobsState {
  jobs: Job[];
  loading: boolean;
  error: string | null;
  /** Per job: the last problem with its event stream. */
  streamErrors: Record<string, string>;
}

let state: JobsState = { jobs: [], loading: false, error: null, streamErrors: {} };
let loadedFor: string | null = null;
/** The key whose job list has been read from the server (a submit alone does not list). */
let listedFor: string | null = null;
const listeners = new Set<() => void>();
const streams = new Map<string, AbortController>();

function set(patch: Partial<JobsState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export const isTerminal = (s: JobStatus): boolean => TERMINAL_STATUSES.includes(s);

export function useJobs(): JobsState {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, () => state);
}

/** Merges what the server said about a job into the list (newest first for new jobs). */
export function upsertJob(update: Partial<Job> & { job_id: string }): void {
  const i = state.jobs.findIndex((j) => j.job_id === update.job_id);
  if (i < 0) {
    const job = { status: 'pending', progress: 0, created_at: new Date().toISOString(), ...update } as Job;
    set({ jobs: [job, ...state.jobs] });
    return;
  }
  const merged = { ...state.jobs[i], ...update } as Job;
  if (update.progress_details) merged.progress_details = { ...state.jobs[i]?.progress_details, ...update.progress_details };
  set({ jobs: state.jobs.map((j, k) => (k === i ? merged : j)) });
}

function stop(jobId: string): void {
  streams.get(jobId)?.abort();
  streams.delete(jobId);
}

function stopAll(): void {
  for (const id of [...streams.keys()]) stop(id);
}

/** The job from the list if it is there and finished, else from the server. */
export async function getJob(jobId: string, signal?: AbortSignal): Promise<Job> {
  const known = state.jobs.find((j) => j.job_id === jobId);
  if (known && loadedFor === getApiKey() && isTerminal(known.status) && known.config) return known;
  const job = await api<Job>(`/api/v1/jobs/${encodeURIComponent(jobId)}`, { signal });
  if (state.jobs.some((j) => j.job_id === jobId)) upsertJob(job);
  return job;
}

/** Reads a job again from the server (its files and summary) and updates the list. */
export async function getJobDetail(jobId: string): Promise<void> {
  upsertJob(await api<Job>(`/api/v1/jobs/${encodeURIComponent(jobId)}`));
}

async function refreshJob(jobId: string): Promise<Job | undefined> {
  try {
    const job = await api<Job>(`/api/v1/jobs/${encodeURIComponent(jobId)}`);
    upsertJob(job);
    return job;
  } catch (err) {
    set({ streamErrors: { ...state.streamErrors, [jobId]: errorMessage(err) } });
    return undefined;
  }
}

/** Follows a job's event stream until the job ends; reconnects a few times with back-off. */
export function attach(jobId: string): void {
  if (streams.has(jobId)) return;
  const controller = new AbortController();
  streams.set(jobId, controller);
  const key = getApiKey();
  void (async () => {
    for (let attempt = 0; attempt < 6 && !controller.signal.aborted; attempt++) {
      let terminal = false;
      try {
        await readEventStream(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`, (e) => {
          const update = jobUpdate(jobId, e.data);
          if (update && Object.keys(update).length > 0) upsertJob({ job_id: jobId, ...update });
          if (update?.status && isTerminal(update.status)) terminal = true;
        }, controller.signal);
        if (state.streamErrors[jobId]) {
          const { [jobId]: _gone, ...rest } = state.streamErrors;
          set({ streamErrors: rest });
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        set({ streamErrors: { ...state.streamErrors, [jobId]: `Live progress interrupted: ${errorMessage(err)}` } });
        const status = (err as { status?: number }).status;
        if (status === 404 || status === 401 || status === 403) break;
      }
      if (controller.signal.aborted || key !== getApiKey()) return;
      // The stream ended: the final job record carries the summary and files.
      const job = await refreshJob(jobId);
      if (terminal || (job && isTerminal(job.status))) break;
      await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
    }
    if (streams.get(jobId) === controller) streams.delete(jobId);
  })();
}

let listing: Promise<void> | null = null;

/**
 * Lists the key's jobs from the server once per key and follows the unfinished ones; after that
 * the event streams keep the list current, so opening a page costs no request. `force` lists
 * again (the Refresh button: jobs started elsewhere).
 */
export async function loadJobs(force = false): Promise<void> {
  const key = getApiKey();
  if (key !== loadedFor) {
    stopAll();
    listedFor = null;
    set({ jobs: [], error: null, streamErrors: {} });
  }
  if (key === '') {
    loadedFor = key;
    set({ jobs: [], loading: false, error: null });
    return;
  }
  if (!force && key === listedFor) return;
  if (!force && listing) return listing;
  loadedFor = key;
  listedFor = key;
  listing = list(key).finally(() => { listing = null; });
  return listing;
}

async function list(key: string): Promise<void> {
  set({ loading: true, error: null });
  try {
    const jobs = await api<Job[]>('/api/v1/jobs/?per_page=100');
    if (key !== getApiKey()) return;
    // Keep live updates that arrived while the list was loading, files already read, and jobs
    // submitted meanwhile that the list does not have yet.
    const live = new Map(state.jobs.map((j) => [j.job_id, j]));
    const merged = jobs.map((j) => {
      const l = live.get(j.job_id);
      if (!l) return j;
      if (streams.has(j.job_id)) return { ...j, ...l };
      return l.output_files && !j.output_files ? { ...j, output_files: l.output_files } : j;
    });
    const listed = new Set(jobs.map((j) => j.job_id));
    const extra = state.jobs.filter((j) => !listed.has(j.job_id) && streams.has(j.job_id));
    set({ jobs: [...extra, ...merged], loading: false });
    for (const j of jobs) if (!isTerminal(j.status)) attach(j.job_id);
  } catch (err) {
    if (listedFor === key) listedFor = null;
    set({ loading: false, error: errorMessage(err) });
  }
}

export async function cancelJob(jobId: string): Promise<void> {
  await api(`/api/v1/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST' });
  await refreshJob(jobId);
}

export async function deleteJob(jobId: string): Promise<void> {
  await api(`/api/v1/jobs/${encodeURIComponent(jobId)}`, { method: 'DELETE' });
  stop(jobId);
  set({ jobs: state.jobs.filter((j) => j.job_id !== jobId) });
}

/** A job just submitted from this page: shown at once and followed live. */
export function trackNewJob(job: Partial<Job> & { job_id: string }): void {
  if (loadedFor !== getApiKey()) {
    loadedFor = getApiKey();
    set({ jobs: [] });
  }
  upsertJob(job);
  attach(job.job_id);
}
