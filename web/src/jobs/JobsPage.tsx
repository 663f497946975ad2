import { useEffect, useState } from 'react';
import { apiResponse, errorMessage } from '../api/client.js';
import type { Job } from '../api/types.js';
import { linkClick } from '../app/router.js';
import { isoDateTime, plural } from '../app/format.js';
import { fmtInt, formatBytes, formatDuration, Notice, StatusBadge } from '../app/ui.js';
import { useApiKey } from '../settings/key-store.js';
import { jobDuration, jobFormats, jobName, jobSize, outcomeSummary } from './describe.js';
import { cancelJob, deleteJob, getJobDetail, isTerminal, loadJobs, useJobs } from './store.js';

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

const seconds = (from?: string | null, to?: string | null, now = Date.now()): number | undefined => {
  if (!from) return undefined;
  const a = Date.parse(from);
  const b = to ? Date.parse(to) : now;
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : undefined;
};

/** Remaining time: the server's estimate, else extrapolated from progress so far. */
function remaining(job: Job, elapsed: number | undefined): number | undefined {
  if (isTerminal(job.status)) return 0;
  const est = job.progress_details?.estimated_remaining_time;
  if (typeof est === 'number') return est;
  if (elapsed === undefined || job.progress <= 0) return undefined;
  return (elapsed * (100 - job.progress)) / job.progress;
}

function filenameOf(res: Response, jobId: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  return m?.[1] ? decodeURIComponent(m[1]) : `medgen_${jobId}.zip`;
}

async function download(jobId: string): Promise<void> {
  const res = await apiResponse(`/api/v1/downloads/${encodeURIComponent(jobId)}`);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filenameOf(res, jobId);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function JobRow({ job, highlight, now, streamError, onError }: {
  job: Job; highlight: boolean; now: number; streamError?: string; onError: (m: string | null) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const done = job.progress_details?.patients_generated ?? (job.status === 'completed' ? job.summary?.total_patients : undefined);
  const total = job.progress_details?.total_patients ?? job.summary?.total_patients ?? (typeof job.config?.total_patients === 'number' ? job.config.total_patients : undefined);
  const elapsed = seconds(job.started_at ?? job.created_at, job.completed_at ?? (isTerminal(job.status) ? job.created_at : undefined), now);
  const name = jobName(job);
  const formats = jobFormats(job);
  const size = jobSize(job);
  const outcomes = outcomeSummary(job);
  const act = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    onError(null);
    try {
      await f();
    } catch (err) {
      onError(`${what} failed: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  };
  const pct = Math.max(0, Math.min(100, Math.round(job.progress ?? 0)));
  const id = job.job_id;
  return (
    <tr className={highlight ? 'highlight' : undefined} data-job-id={id} aria-current={highlight ? 'true' : undefined}>
      <td>
        <strong data-testid="job-name">{name}</strong>
        {formats && <div className="small" data-testid="job-formats">{formats}</div>}
        <div className="small"><span className="mono" title={id}>{id.slice(0, 8)}</span> · {isoDateTime(job.created_at)}</div>
      </td>
      <td><StatusBadge status={job.status} />{job.progress_details?.current_step && !isTerminal(job.status) && <div className="small">{job.progress_details.current_step}</div>}</td>
      <td className="progress-cell">
        <progress max={100} value={pct} aria-label={`Progress of job ${id.slice(0, 8)}`} />
        <span className="pct" data-testid="job-progress">{pct} %</span>
        {job.error && <div className="job-error" role="alert"><span aria-hidden="true">✗ </span>{job.error}</div>}
        {streamError && !isTerminal(job.status) && <div className="small bad-text">{streamError}</div>}
      </td>
      <td data-testid="job-patients">{done !== undefined ? fmtInt(done) : '—'} / {total !== undefined ? fmtInt(total) : '—'}</td>
      <td data-testid="job-outcomes">
        {outcomes.length > 0 ? (
          <ul className="outcome-chips">{outcomes.map((o) => <li key={o.code} className={`chip o-${o.code}`}>{o.label} {fmtInt(o.count)}</li>)}</ul>
        ) : '—'}
      </td>
      <td data-testid="job-duration">{isTerminal(job.status) ? jobDuration(job) : <>{formatDuration(elapsed)}<div className="small">{formatDuration(remaining(job, elapsed))} left</div></>}</td>
      <td data-testid="job-size">
        {size ?? (job.status === 'completed' ? (
          <button type="button" className="link small" disabled={busy !== null} onClick={() => void act('Files', () => getJobDetail(id))}>Show files</button>
        ) : '—')}
      </td>
      <td className="actions">
        {!isTerminal(job.status) && <button type="button" className="small" disabled={busy !== null} onClick={() => void act('Cancel', () => cancelJob(id))}>Cancel</button>}
        {job.status === 'completed' && (
          <>
            <button type="button" className="small" disabled={busy !== null} onClick={() => void act('Download', () => download(id))}>
              {busy === 'Download' ? 'Downloading…' : 'Download ZIP'}
            </button>
            <a className="button small" href={`/timeline?job=${encodeURIComponent(id)}`} onClick={linkClick}>Timeline</a>
            <a className="button small" href={`/dashboard?job=${encodeURIComponent(id)}`} onClick={linkClick}>Dashboard</a>
          </>
        )}
        {isTerminal(job.status) && (
          <button type="button" className="small danger" disabled={busy !== null} aria-label={`Delete job ${id.slice(0, 8)}`}
            onClick={() => { if (window.confirm('Delete this job and its files?')) void act('Delete', () => deleteJob(id)); }}>Delete</button>
        )}
        {job.output_files && job.output_files.length > 0 && (
          <details className="files"><summary>{plural(job.output_files.length, 'file')}</summary>
            <ul>{job.output_files.map((f) => <li key={f.name}>{f.name} <span className="small">({formatBytes(f.bytes)})</span></li>)}</ul>
          </details>
        )}
      </td>
    </tr>
  );
}

export function JobsPage({ highlight }: { highlight?: string }) {
  const key = useApiKey();
  const { jobs, loading, error, streamErrors } = useJobs();
  const [actionError, setActionError] = useState<string | null>(null);
  const running = jobs.some((j) => !isTerminal(j.status));
  const now = useNow(running);

  useEffect(() => {
    // Listed once per key; the event streams keep it current (Refresh lists again).
    void loadJobs();
  }, [key]);

  return (
    <section className="page jobs-page" aria-labelledby="jobs-title">
      <div className="page-head">
        <h1 id="jobs-title">Jobs</h1>
        <button type="button" className="secondary" onClick={() => void loadJobs(true)} disabled={loading || key === ''}>Refresh</button>
      </div>
      {key === '' && <Notice kind="info">Set an API key in Settings to see your jobs.</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {actionError && <Notice kind="error">{actionError}</Notice>}
      {loading && jobs.length === 0 && <p className="loading">Loading jobs…</p>}
      {!loading && key !== '' && jobs.length === 0 && !error && (
        <p>No jobs yet. <a href="/generate" onClick={linkClick}>Generate patients</a> to start one.</p>
      )}
      {jobs.length > 0 && (
        <div className="table-wrap">
          <table className="jobs-table">
            <caption className="sr-only">Jobs of the current API key, newest first</caption>
            <thead>
              <tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Patients</th>
                <th scope="col">Outcomes</th><th scope="col">Duration</th><th scope="col">Size</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {jobs.map((j) => <JobRow key={j.job_id} job={j} highlight={j.job_id === highlight} now={now} streamError={streamErrors[j.job_id]} onError={setActionError} />)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
