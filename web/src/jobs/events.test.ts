import { describe, expect, it } from 'vitest';
import { jobUpdate } from './events.js';

describe('job event messages', () => {
  it('maps the flat progress fields of an event into the job', () => {
    const data = JSON.stringify({
      job_id: 'j1', status: 'running', progress: 40, patients_generated: 40, total_patients: 100, current_step: 'generating', estimated_remaining_time: 3,
    });
    expect(jobUpdate('j1', data)).toEqual({
      status: 'running', progress: 40,
      progress_details: { patients_generated: 40, total_patients: 100, current_step: 'generating', estimated_remaining_time: 3 },
    });
  });

  it('keeps the error of a failed job and ignores other jobs and non-JSON data', () => {
    expect(jobUpdate('j1', JSON.stringify({ job_id: 'j1', status: 'failed', progress: 10, error: 'worker ran out of memory' })))
      .toEqual({ status: 'failed', progress: 10, error: 'worker ran out of memory' });
    expect(jobUpdate('j1', JSON.stringify({ job_id: 'j2', status: 'completed' }))).toBeUndefined();
    expect(jobUpdate('j1', 'ping')).toBeUndefined();
    expect(jobUpdate('j1', JSON.stringify({ job: { job_id: 'j1', status: 'completed', progress: 100 } }))).toEqual({ status: 'completed', progress: 100 });
  });
});
