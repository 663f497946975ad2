/**
 * The current key's limits and their use, from GET /api/v1/keys/me (a read: it spends none of
 * the work windows), kept in local storage per key so a reload knows them at once. The Generate
 * form checks a request against them before sending it and says why it cannot go.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { api, ApiError } from '../api/client.js';
import { fmtInt, plural } from '../app/format.js';
import { formatDuration } from '../app/ui.js';
import { getApiKey, maskKey } from '../settings/key-store.js';

export interface KeyWindow {
  type: string;
  scope?: string;
  limit: number | null;
  used: number;
  remaining: number | null;
  reset_seconds: number;
}

/** The part of the keys/me answer the form reads. */
export interface KeyInfo {
  name?: string;
  type?: string;
  kind?: string;
  expires_at?: string | null;
  max_patients?: number;
  limits?: { patients_per_request?: number };
  windows?: KeyWindow[];
}

export interface KnownLimits {
  info: KeyInfo;
  /** When the server answered (ms): window resets count from here. */
  at: number;
}

const STORAGE_KEY = 'medgen.keyLimits';
const WINDOW_WORDS: Record<string, [string, string]> = {
  requests_per_minute: ['generation', 'minute'],
  requests_per_hour: ['generation', 'hour'],
  requests_per_day: ['generation', 'day (UTC)'],
};

/** The most patients one request of this key may ask for. */
export function maxPatients(info: KeyInfo | undefined): number | undefined {
  return info?.max_patients ?? info?.limits?.patients_per_request;
}

/**
 * Why this key cannot generate `patients` now, in words, or undefined. Windows whose reset time
 * has passed since `known.at` count as fresh again.
 */
export function limitProblem(known: KnownLimits | undefined, patients: number | undefined, now = Date.now()): string | undefined {
  if (!known) return undefined;
  const { info, at } = known;
  if (info.expires_at && Date.parse(info.expires_at) <= now) return `This API key expired on ${info.expires_at.slice(0, 10)}: get another in Settings.`;
  const max = maxPatients(info);
  if (max !== undefined && patients !== undefined && patients > max) {
    return `Your API key allows at most ${plural(max, 'patient')} per request; this scenario has ${fmtInt(patients)}.`;
  }
  for (const w of info.windows ?? []) {
    if (w.scope === 'read' || w.limit === null || w.remaining === null) continue;
    const resetAt = at + w.reset_seconds * 1000;
    if (resetAt <= now) continue;
    const wait = formatDuration((resetAt - now) / 1000);
    if (w.type === 'patients_per_day') {
      if (patients !== undefined && patients > w.remaining) {
        return `Today's patient quota of this key: ${fmtInt(w.remaining)} of ${fmtInt(w.limit)} left, this scenario has ${fmtInt(patients)} (resets in ${wait}).`;
      }
      continue;
    }
    const words = WINDOW_WORDS[w.type];
    if (words && w.remaining <= 0) return `This key's ${plural(w.limit, words[0])} per ${words[1]} are used: Generate is possible again in ${wait}.`;
  }
  return undefined;
}

/** After an accepted submit: one more generation and `patients` more today, until the server says again. */
export function afterSubmit(known: KnownLimits, patients: number): KnownLimits {
  const windows = (known.info.windows ?? []).map((w) => {
    if (w.scope === 'read' || w.remaining === null) return w;
    const spent = w.type === 'patients_per_day' ? patients : WINDOW_WORDS[w.type] ? 1 : 0;
    return { ...w, used: w.used + spent, remaining: Math.max(0, w.remaining - spent) };
  });
  return { ...known, info: { ...known.info, windows } };
}

// ---- the store: one entry for the current key, in memory and local storage ----

let current: { owner: string; known: KnownLimits | undefined } = { owner: '', known: undefined };
const listeners = new Set<() => void>();
let fetching: Promise<void> | null = null;

function owner(): string {
  const key = getApiKey();
  return key === '' ? '' : maskKey(key);
}

function readStored(): { owner: string; known: KnownLimits } | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as { owner?: unknown; known?: KnownLimits } | null;
    return v && typeof v.owner === 'string' && v.known && typeof v.known.at === 'number' ? { owner: v.owner, known: v.known } : undefined;
  } catch {
    return undefined;
  }
}

function set(known: KnownLimits | undefined): void {
  current = { owner: owner(), known };
  try {
    if (known) localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // no storage: kept for this page only
  }
  for (const l of listeners) l();
}

/** What is known about the current key's limits (from this page or an earlier visit). */
export function knownLimits(): KnownLimits | undefined {
  const o = owner();
  if (current.owner !== o) {
    const stored = readStored();
    current = { owner: o, known: stored?.owner === o ? stored.known : undefined };
  }
  return current.known;
}

/** Asks the server again; a server without keys/me (404) leaves the limits to the response headers. */
export function refreshKeyLimits(): Promise<void> {
  if (getApiKey() === '') return Promise.resolve();
  fetching ??= api<KeyInfo>('/api/v1/keys/me').then((info) => set({ info, at: Date.now() }), (err: unknown) => {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) set(undefined);
  }).finally(() => { fetching = null; });
  return fetching;
}

export function noteSubmitted(patients: number): void {
  const k = knownLimits();
  if (k) set(afterSubmit(k, patients));
}

export function useKeyLimits(apiKey: string): KnownLimits | undefined {
  useEffect(() => {
    void refreshKeyLimits();
  }, [apiKey]);
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, knownLimits);
}
