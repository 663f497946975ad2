/** What the jobs list says about a job: name, formats, size, outcome summary and duration. */
import type { Job } from '../api/types.js';
import { outcomeShort, plural } from '../app/format.js';
import { formatBytes, formatDuration } from '../app/ui.js';

/** The list returns the requested formats too (not yet in the shared Job type). */
type Listed = Job & { output_formats?: unknown };

const FORMAT_NAMES: Record<string, string> = {
  json: 'JSON', ndjson: 'NDJSON', csv: 'CSV', xml: 'XML', xlsx: 'XLSX', fhir: 'FHIR', 'fhir-bulk': 'FHIR bulk',
  'msel-csv': 'MSEL CSV', 'msel-xlsx': 'MSEL XLSX', handover: 'Handover', 'cards-pdf': 'Casualty cards PDF',
};

export function jobName(job: Job): string {
  const n = job.config?.name;
  return typeof n === 'string' && n.trim() !== '' ? n : 'Scenario';
}

/** "CSV, XLSX, FHIR" from the request, else from the files written. */
export function jobFormats(job: Job): string {
  const asked = (job as Listed).output_formats;
  const ids = Array.isArray(asked) && asked.length > 0 ? asked.filter((f): f is string => typeof f === 'string')
    : [...new Set((job.output_files ?? []).map((f) => f.format))];
  return ids.map((f) => FORMAT_NAMES[f] ?? f).join(', ');
}

/** "3 files, 4.2 MiB" once the files are known, else undefined. */
export function jobSize(job: Job): string | undefined {
  const files = job.output_files;
  if (!files || files.length === 0) return undefined;
  return `${plural(files.length, 'file')}, ${formatBytes(files.reduce((a, f) => a + (Number.isFinite(f.bytes) ? f.bytes : 0), 0))}`;
}

/** Outcomes of a completed job, largest first: "RTD 1,930 · KIA 180 · DOW 120 · Remains at Role 4 190". */
export function outcomeSummary(job: Job): { code: string; label: string; count: number }[] {
  const by = job.summary?.by_final_status;
  if (!by) return [];
  return Object.entries(by).filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([code, count]) => ({ code, label: outcomeShort(code), count }))
    .sort((a, b) => b.count - a.count);
}

const seconds = (from?: string | null, to?: string | null): number | undefined => {
  if (!from || !to) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : undefined;
};

/** How long a finished job ran (start to end), "—" while unknown. */
export function jobDuration(job: Job): string {
  return formatDuration(seconds(job.started_at ?? job.created_at, job.completed_at));
}
