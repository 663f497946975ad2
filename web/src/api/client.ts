/**
 * fetch wrapper for the /api/v1 service: sends the stored key, turns the error envelope
 * `{error, detail, timestamp, request_id}` into an ApiError whose message is the server's own
 * text, and remembers the limits the server reports in its response headers.
 */
import { getApiKey } from '../settings/key-store.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: unknown,
    readonly requestId?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field problems of a 422, `[{path, message}]`, when the server listed them. */
  get problems(): { path: string; message: string }[] {
    const d = this.detail as { errors?: unknown } | unknown[];
    const list = Array.isArray(d) ? d : Array.isArray((d as { errors?: unknown })?.errors) ? (d as { errors: unknown[] }).errors : [];
    return list.filter((p): p is { path: string; message: string } =>
      typeof p === 'object' && p !== null && typeof (p as { message?: unknown }).message === 'string');
  }
}

/** Readable text of an error envelope's detail (string, problem list or {message, errors}). */
export function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail.map((p) => {
      if (typeof p === 'object' && p !== null && 'message' in p) {
        // Scenario messages name their field in the form's words; the path is for programs.
        const { path, message } = p as { path?: string; message: string };
        return path && !/^[A-Z]/.test(message) ? `${path}: ${message}` : message;
      }
      return JSON.stringify(p);
    }).join('; ');
  }
  if (typeof detail === 'object' && detail !== null) {
    const d = detail as { message?: unknown; errors?: unknown };
    const head = typeof d.message === 'string' ? d.message : '';
    const tail = d.errors !== undefined ? detailText(d.errors) : '';
    return [head, tail].filter((s) => s !== '').join(': ') || JSON.stringify(detail);
  }
  return String(detail);
}

export interface KeyLimits {
  keyType?: string;
  patientLimit?: number;
  dailyLimit?: string;
  dailyUsage?: string;
}

let limits: KeyLimits = {};
const limitListeners = new Set<() => void>();

export function lastKeyLimits(): KeyLimits {
  return limits;
}

export function subscribeKeyLimits(l: () => void): () => void {
  limitListeners.add(l);
  return () => limitListeners.delete(l);
}

function noteLimits(h: Headers): void {
  const type = h.get('x-api-key-type');
  if (type === null) return;
  const patient = Number(h.get('x-patient-limit'));
  const next: KeyLimits = {
    keyType: type,
    patientLimit: Number.isFinite(patient) && patient > 0 ? patient : undefined,
    dailyLimit: h.get('x-daily-limit') ?? undefined,
    dailyUsage: h.get('x-daily-usage') ?? undefined,
  };
  if (JSON.stringify(next) === JSON.stringify(limits)) return;
  limits = next;
  for (const l of limitListeners) l();
}

export function resetKeyLimits(): void {
  limits = {};
  for (const l of limitListeners) l();
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  signal?: AbortSignal;
  /** Send without the key (public routes). */
  anonymous?: boolean;
  headers?: Record<string, string>;
}

/** Raw response, already checked: throws ApiError on any non-2xx status. */
export async function apiResponse(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers = new Headers(opts.headers);
  const key = getApiKey();
  if (!opts.anonymous && key !== '') headers.set('X-API-Key', key);
  if (opts.json !== undefined) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, `The server could not be reached (${(err as Error).message})`, null);
  }
  noteLimits(res.headers);
  if (res.ok) return res;
  let body: { error?: string; detail?: unknown; request_id?: string } = {};
  try {
    body = await res.json() as typeof body;
  } catch {
    // Not the envelope (a proxy's page): fall back to the status line.
  }
  const retry = Number(res.headers.get('retry-after'));
  const text = body.detail !== undefined ? detailText(body.detail) : `${res.status} ${res.statusText || body.error || 'error'}`;
  let message = text;
  if (res.status === 401 && !opts.anonymous) message = key === '' ? 'No API key is set: add one in Settings.' : `${text} — check the key in Settings.`;
  if (res.status === 429 && Number.isFinite(retry)) message = `${text} (retry in ${retry} s)`;
  throw new ApiError(res.status, message, body.detail, body.request_id ?? res.headers.get('x-request-id') ?? undefined, Number.isFinite(retry) ? retry : undefined);
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await apiResponse(path, opts);
  if (res.status === 204) return undefined as T;
  return await res.json() as T;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.status >= 500 && err.requestId ? `${err.message} (request ${err.requestId})` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
