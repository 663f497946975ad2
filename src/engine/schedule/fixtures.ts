/**
 * Test support for the schedule (excluded from the build like every fixtures.ts): fast-check
 * arbitraries of valid scenarios, and a full sequential walk of a schedule that checks the
 * per-arrival invariants on the way. The scenario itself is the shared one (../fixtures.ts).
 */
import fc from 'fast-check';
import { testScenario } from '../fixtures.js';
import {
  ENVIRONMENTAL_CONDITIONS, INTENSITIES, SPECIAL_EVENTS, TEMPOS, WARFARE_TYPES,
  type Arrival, type Scenario,
} from '../types.js';

export { testScenario, type ScenarioOptions } from '../fixtures.js';
import type { Schedule } from './schedule.js';

/** An injury mix with battle casualties only: tests of the combat events' mechanics use it (no background stream). */
export const ALL_BATTLE: Scenario['injury_mix'] = { DISEASE: 0, NON_BATTLE: 0, BATTLE_TRAUMA: 1 };

export const SE_ID = /^SE_(major_offensive|ambush|mass_casualty)_d(\d+)_(\d{2})(\d{2})_[0-9a-f]{8}$/;
export const TYPE_ID = /^(IND|MC)_([a-z]+)_d(\d+)_(\d{2})(\d{2})_[0-9a-f]{8}$/;
export const DNBI_ID = /^DNBI_d(\d+)_(\d{2})(\d{2})_[0-9a-f]{8}$/;

export const scenarioArb = (maxPatients = 5000, maxDays = 30): fc.Arbitrary<Scenario> =>
  fc.record({
    total_patients: fc.integer({ min: 1, max: maxPatients }),
    days_of_fighting: fc.integer({ min: 1, max: maxDays }),
    warfare: fc.subarray([...WARFARE_TYPES], { minLength: 1 }),
    events: fc.subarray([...SPECIAL_EVENTS]),
    environment: fc.subarray([...ENVIRONMENTAL_CONDITIONS]),
    tempo: fc.constantFrom(...TEMPOS),
    intensity: fc.constantFrom(...INTENSITIES),
    exact_quotas: fc.boolean(),
    rates: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 4 }).filter((r) => r.some((x) => x > 0)),
    base_date: fc.constantFrom('2025-06-01', '2024-02-29', '1999-12-31', '2030-03-30', '2025-10-26'),
  }).map(({ rates, ...o }) => {
    const base = testScenario(o);
    const fronts = rates.map((casualty_rate, k) => ({ ...(base.front_configs[k % 3] as Scenario['front_configs'][number]), id: `f${k}`, casualty_rate }));
    return { ...base, front_configs: fronts };
  });

export const keyArb = fc.integer({ min: 0, max: 0xffffffff });

function check(ok: boolean, what: string, a: Arrival): void {
  if (!ok) throw new Error(`${what}: ${JSON.stringify(a)}`);
}

/**
 * Every arrival of a schedule in index order, checking what holds for each one alone (plain
 * checks: fast), and that each arrival's injuryLocal counts the earlier arrivals of its type.
 */
export function walk(schedule: Schedule, scenario: Scenario): Arrival[] {
  const out: Arrival[] = [];
  const ofInjury = [0, 0, 0];
  const [y, m, d] = scenario.base_date.split('-').map(Number) as [number, number, number];
  const day1 = Date.UTC(y, m - 1, d) / 1000;
  let previous = -Infinity;
  for (let i = 0; i < schedule.total; i++) {
    const a = schedule.arrival(i);
    check(a.index === i, 'index', a);
    check(Number.isInteger(a.injuryEpochSeconds) && a.injuryEpochSeconds >= previous, 'time order', a);
    previous = a.injuryEpochSeconds;
    check(Number.isInteger(a.day) && a.day >= 1 && a.day <= scenario.days_of_fighting, 'day range', a);
    const sinceDay = a.injuryEpochSeconds - (day1 + (a.day - 1) * 86_400);
    check(sinceDay >= 0 && sinceDay < 86_400, 'time inside its day', a);
    const hh = Math.floor(sinceDay / 3600);
    const mm = Math.floor((sinceDay % 3600) / 60);
    check(Number.isInteger(a.frontIndex) && a.frontIndex >= 0 && a.frontIndex < scenario.front_configs.length, 'front', a);
    check(Number.isInteger(a.discoveryDelayMinutes) && a.discoveryDelayMinutes >= 0, 'delay', a);
    check(a.injuryLocal === ofInjury[a.injury], 'index among its injury type', a);
    ofInjury[a.injury]! += 1;
    if (a.injury !== 0) {
      // Background DNBI: its own id, never a cluster or special event, the dominant type as setting.
      const match = DNBI_ID.exec(a.eventId);
      check(match !== null && Number(match[1]) === a.day && Number(match[2]) === hh && Number(match[3]) === mm, 'DNBI id', a);
      check(!a.isMassCasualty && a.specialEvent === undefined && a.discoveryDelayMinutes === 0, 'DNBI flags', a);
      check(a.warfare === a.modifierType && scenario.warfare_types[a.modifierType], 'DNBI warfare', a);
    } else if (a.warfare === 'mixed') {
      const match = SE_ID.exec(a.eventId);
      check(match !== null && a.specialEvent === match[1] && Number(match[2]) === a.day, 'special event id', a);
      check(a.specialEvent !== undefined && scenario.special_events[a.specialEvent], 'special event enabled', a);
      check(a.isMassCasualty && a.discoveryDelayMinutes === 0, 'special event flags', a);
      check(scenario.warfare_types[a.modifierType], 'special event modifier type', a);
    } else {
      const match = TYPE_ID.exec(a.eventId);
      check(match !== null && match[2] === a.warfare && Number(match[3]) === a.day, 'event id', a);
      check(Number(match?.[4]) === hh && Number(match?.[5]) === mm, 'event id time', a);
      check(a.isMassCasualty === (match?.[1] === 'MC'), 'cluster flag', a);
      check(!a.isMassCasualty || a.discoveryDelayMinutes === 0, 'cluster delay', a);
      check(a.specialEvent === undefined && a.modifierType === a.warfare, 'type fields', a);
      check(scenario.warfare_types[a.warfare], 'warfare enabled', a);
    }
    out.push(a);
  }
  check(ofInjury.every((n, k) => n === schedule.injuryCounts[k]), `injury counts ${ofInjury.join('/')}`, out[0] as Arrival);
  return out;
}
