import { describe, expect, it } from 'vitest';
import type { Job } from '../api/types.js';
import { jobDuration, jobFormats, jobName, jobSize, outcomeSummary } from './describe.js';

const job = (extra: Partial<Job> & Record<string, unknown> = {}): Job => ({
  job_id: 'j', status: 'completed', created_at: '2025-06-01T10:00:00Z', progress: 100, ...extra,
} as Job);

describe('jobs list descriptions', () => {
  it('names the job after its scenario', () => {
    expect(jobName(job({ config: { name: 'NATO Article 5 defence' } }))).toBe('NATO Article 5 defence');
    expect(jobName(job({ config: { name: '  ' } }))).toBe('Scenario');
  });

  it('lists the formats asked for, else those written', () => {
    expect(jobFormats(job({ output_formats: ['csv', 'xlsx', 'fhir'] }))).toBe('CSV, XLSX, FHIR');
    expect(jobFormats(job({ output_files: [{ name: 'a', format: 'json', bytes: 1 }, { name: 'b', format: 'fhir-bulk', bytes: 1 }, { name: 'c', format: 'fhir-bulk', bytes: 1 }] }))).toBe('JSON, FHIR bulk');
  });

  it('counts files with the right plural and adds their sizes', () => {
    expect(jobSize(job({ output_files: [{ name: 'a', format: 'csv', bytes: 2048 }] }))).toBe('1 file, 2.0 KiB');
    expect(jobSize(job({ output_files: [{ name: 'a', format: 'csv', bytes: 1024 * 1024 }, { name: 'b', format: 'xlsx', bytes: 1024 * 1024 }] }))).toBe('2 files, 2.0 MiB');
    expect(jobSize(job())).toBeUndefined();
  });

  it('summarises outcomes largest first, in the planner\'s words', () => {
    expect(outcomeSummary(job({ summary: { total_patients: 10, by_final_status: { KIA: 1, DOW: 0, RTD: 6, Remains_Role4: 2, Died_DNBI: 1 } } })))
      .toEqual([{ code: 'RTD', label: 'RTD', count: 6 }, { code: 'Remains_Role4', label: 'Remains at Role 4', count: 2 },
        { code: 'KIA', label: 'KIA', count: 1 }, { code: 'Died_DNBI', label: 'Died (disease/non-battle)', count: 1 }]);
    expect(outcomeSummary(job())).toEqual([]);
  });

  it('gives the run time from start to end', () => {
    expect(jobDuration(job({ started_at: '2025-06-01T10:00:01Z', completed_at: '2025-06-01T10:01:13Z' }))).toBe('1 min 12 s');
    expect(jobDuration(job({ status: 'running' }))).toBe('—');
  });
});
