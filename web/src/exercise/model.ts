/** The exercise API's shapes as the control page reads them, and the page's pure helpers. */
import type { ExerciseView } from '../../../src/shared/index.js';

export type { RoleCounts, NextInject } from '../../../src/shared/index.js';
export type Exercise = ExerciseView;

export interface FeedEvent {
  seq: number;
  id: string;
  type: string;
  time: string;
  offset: number;
  patient_id: number;
  front: string;
  nation: string;
  role: string;
  detail: Record<string, unknown>;
  released_at: string;
}

export interface Subscription {
  id: string;
  url: string;
  format: string;
  status: 'active' | 'dead';
  health: { pending: number; delivered: number; dead: number; last_attempt_at: string | null; last_status_code: number | null; last_error: string | null };
}

export const SPEEDS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
export const ROLES = ['POI', 'R1', 'R2', 'R3', 'R4'];
export const ENDED = new Set(['completed', 'stopped']);

/** `T+hh:mm:ss` for seconds after T+0 (hours past 99 keep growing); negative → a countdown `T−…`. */
export function tPlus(seconds: number): string {
  const s = Math.floor(Math.abs(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `T${seconds < 0 ? '−' : '+'}${pad(hh)}:${pad(mm)}:${pad(ss)}`;
}

/**
 * Where the clock stands at `now` (wall ms), from the last reading of the run: moves on at its
 * speed while running, so the display ticks between reads of the server.
 */
export function offsetNow(x: Pick<Exercise, 'status' | 'speed' | 'offset_seconds' | 'wall_time'>, now: number): number {
  if (x.status !== 'running') return x.offset_seconds;
  return x.offset_seconds + ((now - Date.parse(x.wall_time)) / 1000) * x.speed;
}

/** `in 1 m 05 s`, `in 4 s`, `due`: the countdown to a wall time. */
export function countdown(dueAt: string | null, now: number): string {
  if (dueAt === null) return 'paused';
  const s = Math.ceil((Date.parse(dueAt) - now) / 1000);
  if (s <= 0) return 'due';
  if (s < 60) return `in ${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `in ${m} m ${String(s % 60).padStart(2, '0')} s`;
  return `in ${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** The scenario date-time `offset` seconds after T+0, to the minute. */
export function scenarioClock(start: string, offset: number): string {
  return new Date(Date.parse(start) + Math.max(0, Math.floor(offset)) * 1000).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

/** One line about an event, in a controller's words. */
export function describeEvent(e: FeedEvent): string {
  const d = e.detail;
  switch (e.type) {
    case 'injury': return `injured: ${String(d.condition ?? '')}`;
    case 'arrival': return e.role === 'POI' ? 'found at the point of injury' : `arrives at ${e.role}`;
    case 'triage': return `triaged ${String(d.category ?? '')} (${String(d.algorithm ?? '')})`;
    case 'treatment': return `${String(d.kind ?? 'treatment')}: ${String(d.display ?? '')}`;
    case 'transit_start': return `leaves ${String(d.from ?? e.role)} for ${String(d.to ?? '?')}`;
    case 'death': return `dies (${String(d.kind ?? '').toUpperCase()})`;
    case 'rtd': return 'returns to duty';
    default: return e.type;
  }
}
