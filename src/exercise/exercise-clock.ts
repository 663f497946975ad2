/**
 * The exercise clock as plain values: at wall time `anchorWall` (ms) the scenario stood at
 * `anchorOffset` seconds after T+0 and, while running, moves `speed` scenario seconds per wall
 * second. Every control re-anchors at the moment it happens, so a speed change or a pause never
 * moves the scenario time already reached.
 */
export type ClockStatus = 'running' | 'paused' | 'completed' | 'stopped';

export interface ClockState {
  status: ClockStatus;
  speed: number;
  anchorWall: number;
  anchorOffset: number;
}

export { MIN_SPEED, MAX_SPEED } from '../shared/index.js';

/** Scenario seconds after T+0 at wall time `wall` (negative before StartEx). */
export function offsetAt(c: ClockState, wall: number): number {
  return c.status === 'running' ? c.anchorOffset + ((wall - c.anchorWall) / 1000) * c.speed : c.anchorOffset;
}

/** The wall time at which a running clock reaches `offset` (Infinity when it never will). */
export function wallAt(c: ClockState, offset: number): number {
  if (c.status !== 'running') return Infinity;
  return c.anchorWall + ((offset - c.anchorOffset) / c.speed) * 1000;
}

/** Freezes the scenario time where it is now. */
export function pause(c: ClockState, wall: number): ClockState {
  return { ...c, status: 'paused', anchorWall: wall, anchorOffset: offsetAt(c, wall) };
}

/** Runs on from where it was paused (a countdown to StartEx paused with it). */
export function resume(c: ClockState, wall: number): ClockState {
  if (c.status === 'running') return c;
  return { ...c, status: 'running', anchorWall: wall };
}

export function setSpeed(c: ClockState, speed: number, wall: number): ClockState {
  return { ...c, speed, anchorWall: wall, anchorOffset: offsetAt(c, wall) };
}

/** The scenario moves to `offset` at once; it keeps running or stays paused as it was. */
export function jump(c: ClockState, offset: number, wall: number): ClockState {
  return { ...c, anchorWall: wall, anchorOffset: offset };
}
