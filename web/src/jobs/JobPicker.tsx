/** A menu of the key's completed jobs (newest first), for the timeline and the dashboard. */
import { useEffect } from 'react';
import { isoDateTime, plural } from '../app/format.js';
import { useApiKey } from '../settings/key-store.js';
import { jobName } from './describe.js';
import { loadJobs, useJobs } from './store.js';

export function JobPicker({ id, value, onChange }: { id: string; value?: string; onChange: (jobId: string) => void }) {
  const key = useApiKey();
  const { jobs, loading } = useJobs();
  useEffect(() => {
    void loadJobs();
  }, [key]);
  const completed = jobs.filter((j) => j.status === 'completed');
  return (
    <span className="job-picker">
      <label htmlFor={id}>Job</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)} disabled={key === ''}>
        <option value="">{key === '' ? '— set an API key first —' : loading ? 'Loading jobs…' : completed.length === 0 ? '— no completed job yet —' : '— choose a completed job —'}</option>
        {value && !completed.some((j) => j.job_id === value) && <option value={value}>job {value.slice(0, 8)}</option>}
        {completed.map((j) => {
          const n = j.summary?.total_patients ?? j.progress_details?.total_patients;
          return (
            <option key={j.job_id} value={j.job_id}>
              {jobName(j)} · {n !== undefined ? `${plural(n, 'patient')} · ` : ''}{isoDateTime(j.created_at)} · {j.job_id.slice(0, 8)}
            </option>
          );
        })}
      </select>
    </span>
  );
}
