import type { CasualtyEvent } from '../engine/index.js';
import type { ExerciseRunRow } from '../db/index.js';
import { offsetAt } from './exercise-clock.js';
import type { RunFeed } from './feed.js';
import type { ExerciseView, NextInject, RoleCounts } from '../shared/index.js';

export type { ExerciseView, NextInject, RoleCounts } from '../shared/index.js';

/** Where every casualty stands after the first `position` events (skipped ones count: they happened). */
export function roleCounts(timeline: readonly CasualtyEvent[], position: number): RoleCounts {
  const where = new Map<number, string>();
  for (let i = 0; i < position; i++) {
    const e = timeline[i] as CasualtyEvent;
    if (e.type === 'injury') where.set(e.patient_id, where.get(e.patient_id) ?? 'awaiting');
    else if (e.type === 'arrival') where.set(e.patient_id, e.role);
    else if (e.type === 'transit_start') where.set(e.patient_id, 'transit');
    else if (e.type === 'death') where.set(e.patient_id, 'dead');
    else if (e.type === 'rtd') where.set(e.patient_id, 'rtd');
  }
  const c: RoleCounts = { awaiting_discovery: 0, at_role: { POI: 0, R1: 0, R2: 0, R3: 0, R4: 0 }, in_transit: 0, dead: 0, returned_to_duty: 0 };
  for (const w of where.values()) {
    if (w === 'awaiting') c.awaiting_discovery++;
    else if (w === 'transit') c.in_transit++;
    else if (w === 'dead') c.dead++;
    else if (w === 'rtd') c.returned_to_duty++;
    else c.at_role[w] = (c.at_role[w] ?? 0) + 1;
  }
  return c;
}

/** The next casualty events (injects, as the MSEL groups them) after `position`. */
export function nextInjects(feed: RunFeed, count: number): NextInject[] {
  const out: NextInject[] = [];
  const seen = new Map<string, NextInject>();
  for (let i = feed.position; i < feed.timeline.length && out.length <= count; i++) {
    const e = feed.timeline[i] as CasualtyEvent;
    if (e.type !== 'injury' || feed.isSkipped(e.seq)) continue;
    const key = String(e.detail.casualty_event_id);
    const known = seen.get(key);
    if (known) {
      known.casualties++;
      continue;
    }
    if (out.length === count) break;
    const due = feed.nextDueWallOf(e.offset);
    const inject = { casualty_event_id: key, front: e.front, casualties: 1, scenario_time: e.time, offset_seconds: e.offset, due_at: Number.isFinite(due) ? new Date(due).toISOString() : null };
    seen.set(key, inject);
    out.push(inject);
  }
  return out;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function runView(row: ExerciseRunRow, feed: RunFeed, now: number): ExerciseView {
  const t0 = feed.timeline[0] ? Date.parse(feed.timeline[0].time) : Date.parse(String(row.scenario.base_date ?? '2025-01-01'));
  const last = feed.timeline[feed.timeline.length - 1];
  const offset = Math.min(offsetAt(feed.clock, now), last?.offset ?? 0);
  const next = feed.nextDueWall();
  const skipped = feed.skipped.reduce((n, [a, b]) => n + b - a + 1, 0);
  return {
    id: row.id,
    name: row.name,
    status: feed.clock.status,
    speed: feed.clock.speed,
    seed: row.scenario.seed as number | string,
    start_at: row.start_at.toISOString(),
    created_at: row.created_at.toISOString(),
    ended_at: iso(row.ended_at),
    wall_time: new Date(now).toISOString(),
    scenario_time: new Date(t0 + Math.round(offset) * 1000).toISOString().replace(/\.000Z$/, 'Z'),
    offset_seconds: Math.round(offset * 1000) / 1000,
    scenario_start: new Date(t0).toISOString().replace(/\.000Z$/, 'Z'),
    scenario_end: last?.time ?? new Date(t0).toISOString(),
    total_patients: row.total_patients,
    total_events: row.total_events,
    released: feed.position - feed.skipped.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, feed.position) - a + 1), 0),
    skipped,
    next_due_at: Number.isFinite(next) ? new Date(next).toISOString() : null,
    counts: roleCounts(feed.timeline, feed.position),
    next_injects: nextInjects(feed, 5),
  };
}
