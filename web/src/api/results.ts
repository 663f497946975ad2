import { api } from './client.js';
import type { ResultsPage } from './types.js';
import { getApiKey } from '../settings/key-store.js';

const PER_PAGE = 500;
/** Results of one job kept in memory so the timeline and the dashboard do not read them twice. */
const CACHE_LIMIT = 50_000;
let cached: { key: string; jobId: string; items: unknown[] } | null = null;

/** Every results page of a completed job (per_page 500, the API's maximum), in order. */
export async function fetchJobPatients(jobId: string, onProgress: (done: number, total: number) => void, signal: AbortSignal): Promise<unknown[]> {
  const key = getApiKey();
  if (cached && cached.jobId === jobId && cached.key === key) {
    onProgress(cached.items.length, cached.items.length);
    return cached.items;
  }
  const items: unknown[] = [];
  for (let page = 1; ; page++) {
    const r = await api<ResultsPage>(`/api/v1/jobs/${encodeURIComponent(jobId)}/results?page=${page}&per_page=${PER_PAGE}`, { signal });
    items.push(...r.patients);
    onProgress(items.length, r.total);
    if (page >= r.total_pages || r.patients.length === 0) break;
  }
  cached = items.length <= CACHE_LIMIT ? { key, jobId, items } : null;
  return items;
}
