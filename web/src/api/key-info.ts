/**
 * What the server says about the key in use (GET /api/v1/keys/me): its limits and their use,
 * so pages can check a request before sending it. Kept in local storage per key, so the limits
 * are known at once after a reload, and refreshed from the server when asked.
 */
import { useSyncExternalStore } from 'react';
import { getApiKey } from '../settings/key-store.js';
import { api } from './client.js';

export interface KeyWindow {
  type: 'requests_per_minute' | 'requests_per_hour' | 'requests_per_day' | 'patients_per_day' | 'reads_per_minute';
  scope: 'work' | 'read';
  limit: number | null;
  used: number;
  remaining: number | null;
  reset_seconds: number;
}

export interface KeyInfo {
  id: string;
  name: string;
  key_prefix: string;
  type: 'demo' | 'live';
  kind: 'demo' | 'owner' | 'operator' | 'key';
  is_admin: boolean;
  expires_at: string | null;
  limits: {
    patients_per_request: number;
    requests_per_minute: number;
    requests_per_hour: number;
    requests_per_day: number | null;
    patients_per_day: number | null;
    reads_per_minute: number;
  };
  max_patients_per_job: number;
  /** The most patients one generation or stream of this key may ask for. */
  max_patients: number;
  windows: KeyWindow[];
  patients_today: number;
}

const STORAGE_KEY = 'medgen.keyInfo';
const listeners = new Set<() => void>();

function readStored(): KeyInfo | undefined {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw === null ? undefined : JSON.parse(raw) as KeyInfo;
  } catch {
    return undefined;
  }
}

let current: KeyInfo | undefined = typeof localStorage === 'undefined' ? undefined : readStored();

/** The stored info, only when it belongs to the key in use. */
export function keyInfo(): KeyInfo | undefined {
  const key = getApiKey();
  return current !== undefined && key !== '' && key.startsWith(current.key_prefix) ? current : undefined;
}

function store(info: KeyInfo | undefined): void {
  current = info;
  try {
    if (info === undefined) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(info));
  } catch {
    // No storage: the info still serves this tab.
  }
  for (const l of listeners) l();
}

/** Asks the server (a read: it spends none of the key's work windows). */
export async function refreshKeyInfo(signal?: AbortSignal): Promise<KeyInfo | undefined> {
  if (getApiKey() === '') {
    store(undefined);
    return undefined;
  }
  const info = await api<KeyInfo>('/api/v1/keys/me', { signal });
  store(info);
  return info;
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useKeyInfo(): KeyInfo | undefined {
  return useSyncExternalStore(subscribe, keyInfo);
}

/**
 * Why a request for `patients` patients would be refused by this key's limits, or undefined
 * when it fits (or the limits are not known yet: the server decides then).
 */
export function patientLimitProblem(info: KeyInfo | undefined, patients: number): string | undefined {
  if (!info) return undefined;
  if (patients > info.max_patients) {
    const why = info.max_patients < info.limits.patients_per_request ? 'the server allows' : 'this key allows';
    return `${patients.toLocaleString('en-US')} patients is more than ${why} (${info.max_patients.toLocaleString('en-US')} per request).`;
  }
  const perDay = info.limits.patients_per_day;
  if (perDay !== null && info.patients_today + patients > perDay) {
    return `This key may make ${perDay.toLocaleString('en-US')} patients a day; ${info.patients_today.toLocaleString('en-US')} are made already.`;
  }
  return undefined;
}
