/**
 * Special events (domain spec §3.2), drawn from the day's share and never beyond it.
 *
 * Each day has its own stream Rng.derive(key, Stream.schedule, day, 0). Every candidate event's
 * draws are taken whether or not the event is enabled, so switching one event on or off leaves
 * the others where they were. An event that starts at hh:mm and lasts D hours covers the window
 * [hh:mm, hh:mm + D h); its casualties are split over the hours that window touches in
 * proportion to the seconds of the window in each hour (largest remainder).
 */
import { largestRemainder } from '../allocate.js';
import { Rng, Stream } from '../rng.js';
import { INTENSITY_FACTOR } from '../tables.js';
import type { Scenario, SpecialEvent } from '../types.js';
import { portion } from './days.js';

/** Index of each special event kind in per-bucket tables; also the order of the day's budget. */
export const SE_KINDS = ['major_offensive', 'ambush', 'mass_casualty'] as const satisfies readonly SpecialEvent[];
export type SeKindIndex = 0 | 1 | 2;

export const MASS_CASUALTY_BASE_PROBABILITY = 0.2;
export const MASS_CASUALTY_CAP = 100;
export const MAJOR_OFFENSIVE_SHARE = 0.6;
export const AMBUSH_SHARE = 0.2;
export const AMBUSH_DAYS: readonly number[] = [1, 4, 6];
export const AMBUSH_HOURS: readonly number[] = [6, 7, 17, 18, 19];
export const MAJOR_OFFENSIVE_HOURS: readonly number[] = [5, 6, 7];

export interface SpecialEventPlan {
  readonly kind: SpecialEvent;
  readonly kindIndex: SeKindIndex;
  readonly day: number;
  /** Start of the event within the day. */
  readonly hour: number;
  readonly minute: number;
  /** Start second within the minute (mass casualty: every casualty arrives at this second). */
  readonly second: number;
  /** Length of the event window in seconds (0 for a mass casualty: one instant). */
  readonly durationSeconds: number;
  readonly size: number;
  readonly id: string;
  /** Casualties per hour of the day (length 24, sums to size). */
  readonly hourCounts: readonly number[];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function specialEventId(kind: SpecialEvent, day: number, hour: number, minute: number, hex: string): string {
  return `SE_${kind}_d${day}_${pad2(hour)}${pad2(minute)}_${hex}`;
}

/** Day on which the major offensive falls: day 2, or day 1 in a one-day scenario. */
export function majorOffensiveDay(days: number): number {
  return days >= 2 ? 2 : 1;
}

/** The hours a window [start, start + duration) touches and the seconds it spends in each. */
export function splitWindow(startSecond: number, durationSeconds: number): number[] {
  const perHour = new Array<number>(24).fill(0);
  const end = startSecond + durationSeconds;
  for (let h = Math.floor(startSecond / 3600); h < 24 && h * 3600 < end; h++) {
    perHour[h] = Math.min(end, (h + 1) * 3600) - Math.max(startSecond, h * 3600);
  }
  return perHour;
}

function plan(kind: SeKindIndex, day: number, hour: number, minute: number, second: number,
  durationSeconds: number, size: number, hex: string): SpecialEventPlan {
  const start = hour * 3600 + minute * 60;
  let hourCounts: number[];
  if (durationSeconds === 0) {
    hourCounts = new Array<number>(24).fill(0);
    hourCounts[hour] = size;
  } else {
    hourCounts = largestRemainder(size, splitWindow(start, durationSeconds));
  }
  const name = SE_KINDS[kind];
  return { kind: name, kindIndex: kind, day, hour, minute, second, durationSeconds, size,
    id: specialEventId(name, day, hour, minute, hex), hourCounts };
}

/**
 * The special events of one day, in budget order (major offensive, ambush, mass casualty).
 * Their sizes add up to at most `share`; events that would get no casualty are dropped.
 */
export function planDayEvents(scenario: Scenario, key: number, day: number, share: number): SpecialEventPlan[] {
  const rng = Rng.derive(key, Stream.schedule, day, 0);
  const enabled = scenario.special_events;
  const days = scenario.days_of_fighting;
  const out: SpecialEventPlan[] = [];
  let remaining = share;

  // Major offensive: starts at 05, 06 or 07 and lasts 4 h; 60 % of the day's share.
  const moHour = rng.pick(MAJOR_OFFENSIVE_HOURS);
  const moMinute = rng.int(0, 59);
  const moHex = rng.hex8();
  if (enabled.major_offensive && day === majorOffensiveDay(days)) {
    const size = Math.min(portion(share, MAJOR_OFFENSIVE_SHARE), remaining);
    if (size > 0) out.push(plan(0, day, moHour, moMinute, 0, 4 * 3600, size, moHex));
    remaining -= size;
  }

  // Ambush: days 1, 4, 6; starts at 06, 07, 17, 18 or 19 and lasts 1 h; 20 % of the share.
  const amHour = rng.pick(AMBUSH_HOURS);
  const amMinute = rng.int(0, 59);
  const amHex = rng.hex8();
  if (enabled.ambush && AMBUSH_DAYS.includes(day)) {
    const size = Math.min(portion(share, AMBUSH_SHARE), remaining);
    if (size > 0) out.push(plan(1, day, amHour, amMinute, 0, 3600, size, amHex));
    remaining -= size;
  }

  // Mass casualty: probability .2 × intensity factor; hour 06–18; 25–75 % of the share, ≤ 100.
  const happens = rng.chance(MASS_CASUALTY_BASE_PROBABILITY * INTENSITY_FACTOR[scenario.intensity]);
  const mcHour = rng.int(6, 18);
  const mcMinute = rng.int(0, 59);
  const mcSecond = rng.int(0, 59);
  const mcFraction = rng.uniform(0.25, 0.75);
  const mcHex = rng.hex8();
  if (enabled.mass_casualty && happens) {
    const size = Math.min(Math.round(share * mcFraction), MASS_CASUALTY_CAP, remaining);
    if (size > 0) out.push(plan(2, day, mcHour, mcMinute, mcSecond, 0, size, mcHex));
  }
  return out;
}
