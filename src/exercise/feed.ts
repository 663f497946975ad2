import type { CasualtyEvent } from '../engine/index.js';
import type { SkippedRanges } from '../db/index.js';
import { offsetAt, wallAt, type ClockState } from './exercise-clock.js';
import type { EventFilter } from './filter.js';
import { matches } from './filter.js';

/** An event as subscribers get it: the casualty event and when, on the wall clock, it was due and went out. */
export interface ReleasedEvent extends CasualtyEvent {
  run_id: string;
  /** Wall time (ISO) at which the exercise clock reached the event. */
  due_at: string;
  released_at: string;
}

export interface FeedListener {
  filter: EventFilter;
  /** Events released since the last call, in order (never skipped ones). */
  onEvents(events: ReleasedEvent[]): void;
  /** The run completed or stopped (its status), or the server is shutting down (undefined): nothing more will come. */
  onEnd(status?: string): void;
}

/** Number of events whose offset is ≤ `offset` (offsets are sorted). */
export function countDue(timeline: readonly CasualtyEvent[], offset: number): number {
  let lo = 0;
  let hi = timeline.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((timeline[mid] as CasualtyEvent).offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds [from, to] to sorted, disjoint ranges, merging neighbours. */
export function addRange(ranges: SkippedRanges, from: number, to: number): SkippedRanges {
  if (to < from) return ranges;
  const all = [...ranges, [from, to] as [number, number]].sort((a, b) => a[0] - b[0]);
  const out: SkippedRanges = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * One run in memory: its timeline, its clock, how far it has released, and who listens. Release
 * is a pure function of the clock (every event whose offset the clock has reached), so any
 * process holding the run releases the same events in the same order.
 */
export class RunFeed {
  /** Events released so far: timeline[0 … position). */
  position = 0;
  readonly listeners = new Set<FeedListener>();
  timer: unknown;

  constructor(
    readonly runId: string,
    readonly timeline: readonly CasualtyEvent[],
    public clock: ClockState,
    public skipped: SkippedRanges,
  ) {}

  isSkipped(seq: number): boolean {
    return this.skipped.some(([a, b]) => seq >= a && seq <= b);
  }

  /** How many events the clock has reached at wall time `wall`. */
  dueAt(wall: number): number {
    return countDue(this.timeline, offsetAt(this.clock, wall));
  }

  /** The wall time the next unreleased event falls due (Infinity when paused or done). */
  nextDueWall(): number {
    const next = this.timeline[this.position];
    return next === undefined ? Infinity : wallAt(this.clock, next.offset);
  }

  /** The wall time the clock reaches `offset` (Infinity when paused or stopped). */
  nextDueWallOf(offset: number): number {
    return wallAt(this.clock, offset);
  }

  toReleased(e: CasualtyEvent, releasedAt: number): ReleasedEvent {
    const due = wallAt(this.clock, e.offset);
    return { run_id: this.runId, ...e, due_at: new Date(Number.isFinite(due) ? Math.min(due, releasedAt) : releasedAt).toISOString(), released_at: new Date(releasedAt).toISOString() };
  }

  /** Released events after `afterSeq` that pass `filter`, skipped ones left out (history for a new listener). */
  history(afterSeq: number, filter: EventFilter, releasedAt: number): ReleasedEvent[] {
    const out: ReleasedEvent[] = [];
    for (let i = Math.max(0, afterSeq); i < this.position; i++) {
      const e = this.timeline[i] as CasualtyEvent;
      if (!this.isSkipped(e.seq) && matches(filter, e)) out.push(this.toReleased(e, releasedAt));
    }
    return out;
  }
}
