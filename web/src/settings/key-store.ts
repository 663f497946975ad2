/**
 * The API key lives in the browser's local storage only (ui spec §1.5): it is never fetched
 * from the server. Components subscribe through useApiKey.
 */
import { useSyncExternalStore } from 'react';

export const DEMO_KEY = 'DEMO_MILMED_2025_50_PATIENTS';
const STORAGE_KEY = 'medgen.apiKey';

const listeners = new Set<() => void>();

function read(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

let current = read();

export function getApiKey(): string {
  return current;
}

export function setApiKey(key: string): void {
  current = key.trim();
  try {
    if (current === '') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // Private mode without storage: the key still works for this tab.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY) {
      current = read();
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useApiKey(): string {
  return useSyncExternalStore(subscribe, getApiKey);
}

/** Masked for display: first 8 characters, "...", last 4 (service spec §3.4). */
export function maskKey(key: string): string {
  return key.length <= 12 ? key.replace(/./g, '•') : `${key.slice(0, 8)}...${key.slice(-4)}`;
}
