/**
 * A minimal history router: the server answers every client route with index.html, so
 * paths like /jobs and /timeline?job=… survive a reload and can be bookmarked.
 */
import { useSyncExternalStore, type MouseEvent } from 'react';

export const ROUTES = ['/generate', '/jobs', '/timeline', '/dashboard', '/exercise', '/settings'] as const;
export type RoutePath = (typeof ROUTES)[number];

const listeners = new Set<() => void>();
let href = typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;

function refresh(): void {
  const next = window.location.pathname + window.location.search;
  if (next === href) return;
  href = next;
  for (const l of listeners) l();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', refresh);

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  refresh();
  window.scrollTo(0, 0);
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export interface Route {
  path: RoutePath;
  params: URLSearchParams;
}

export function useRoute(): Route {
  const current = useSyncExternalStore(subscribe, () => href);
  const url = new URL(current, 'http://x');
  const path = (ROUTES as readonly string[]).includes(url.pathname) ? (url.pathname as RoutePath) : '/generate';
  return { path, params: url.searchParams };
}

/** onClick for anchors: client-side navigation unless a modifier asks for a new tab. */
export function linkClick(e: MouseEvent<HTMLAnchorElement>): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(e.currentTarget.getAttribute('href') ?? '/');
}
