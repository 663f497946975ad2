/**
 * The owner's sign-in link (`/settings#signin=<token>`, printed by `medgen serve` at start):
 * the token is traded once for the owner key, which is then kept like any other key. The token
 * rides in the URL fragment, which the browser never sends to the server, and it is removed
 * from the address bar and history before anything else happens.
 */
import { useSyncExternalStore } from 'react';
import { setApiKey } from './key-store.js';

export type SignInState =
  | { kind: 'none' }
  | { kind: 'pending' }
  | { kind: 'ok'; name: string; keyPrefix: string }
  | { kind: 'error'; message: string };

/** The token of a `#signin=<token>` fragment, else undefined. */
export function signInToken(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('signin');
  return token !== null && token.trim() !== '' ? token.trim() : undefined;
}

let state: SignInState = { kind: 'none' };
const listeners = new Set<() => void>();

function set(next: SignInState): void {
  state = next;
  for (const l of listeners) l();
}

/** Trades the token for the owner key and stores it; the outcome is in `useSignIn()`. */
export async function redeemSignIn(token: string, fetcher: typeof fetch = fetch): Promise<SignInState> {
  set({ kind: 'pending' });
  try {
    const res = await fetcher('/api/v1/auth/signin', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }),
    });
    const body = await res.json().catch(() => ({})) as { key?: string; name?: string; key_prefix?: string; detail?: unknown };
    if (!res.ok || typeof body.key !== 'string') {
      set({ kind: 'error', message: typeof body.detail === 'string' ? body.detail : `The sign-in link was refused (${res.status}).` });
    } else {
      setApiKey(body.key);
      set({ kind: 'ok', name: body.name ?? 'Local owner', keyPrefix: body.key_prefix ?? body.key.slice(0, 12) });
    }
  } catch (err) {
    set({ kind: 'error', message: `The server could not be reached (${(err as Error).message}).` });
  }
  return state;
}

/** Looks for a sign-in link in the address once, when the app loads. */
function consumeLocation(): void {
  if (typeof window === 'undefined') return;
  const token = signInToken(window.location.hash);
  if (token === undefined) return;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  void redeemSignIn(token);
}
consumeLocation();

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useSignIn(): SignInState {
  return useSyncExternalStore(subscribe, () => state);
}
