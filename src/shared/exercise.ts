/** The live exercise feed's API shapes (docs/exercise-feed.md), as the server sends them and the control page reads them. */

/** The exercise clock's speed bounds: scenario seconds per wall second. */
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 3600;

export type ExerciseStatus = 'running' | 'paused' | 'completed' | 'stopped';

/** Where the casualties injured so far stand at the clock's time. */
export interface RoleCounts {
  /** Injured and not yet found. */
  awaiting_discovery: number;
  /** Living casualties at each role now. */
  at_role: Record<string, number>;
  in_transit: number;
  dead: number;
  returned_to_duty: number;
}

/** A casualty event still to come, as the MSEL groups casualties into injects. */
export interface NextInject {
  casualty_event_id: string;
  front: string;
  casualties: number;
  scenario_time: string;
  offset_seconds: number;
  /** Wall time it falls due at the current speed; null while paused. */
  due_at: string | null;
}

export interface ExerciseView {
  id: string;
  name: string;
  status: ExerciseStatus;
  speed: number;
  seed: number | string;
  start_at: string;
  created_at: string;
  ended_at: string | null;
  /** Now on the wall clock, and where the scenario stands. */
  wall_time: string;
  scenario_time: string;
  offset_seconds: number;
  /** The scenario's T+0: its first injury. */
  scenario_start: string;
  scenario_end: string;
  total_patients: number;
  total_events: number;
  released: number;
  skipped: number;
  next_due_at: string | null;
  counts: RoleCounts;
  next_injects: NextInject[];
}
