import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPECIAL_EVENTS } from '../types.js';
import { testScenario } from './fixtures.js';
import { buildSchedule } from './index.js';
import {
  AMBUSH_HOURS, MAJOR_OFFENSIVE_HOURS, majorOffensiveDay, planDayEvents, specialEventId, splitWindow,
} from './special-events.js';

const all = testScenario({ events: SPECIAL_EVENTS, intensity: 'extreme' });

describe('special events', () => {
  it('never take more than the day share, and drop empty events', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 8 }), fc.integer(), (share, day, key) => {
        const events = planDayEvents(all, key, day, share);
        const total = events.reduce((s, e) => s + e.size, 0);
        expect(total).toBeLessThanOrEqual(share);
        for (const e of events) {
          expect(e.size).toBeGreaterThan(0);
          expect(e.hourCounts.reduce((a, b) => a + b, 0)).toBe(e.size);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('major offensive: day 2 (day 1 in a one-day scenario), 05–07, 60 % over 4 h', () => {
    expect(majorOffensiveDay(8)).toBe(2);
    expect(majorOffensiveDay(1)).toBe(1);
    const s = testScenario({ events: ['major_offensive'] });
    expect(planDayEvents(s, 1, 1, 1000)).toEqual([]);
    for (let key = 0; key < 50; key++) {
      const [mo] = planDayEvents(s, key, 2, 1000);
      expect(mo?.kind).toBe('major_offensive');
      expect(mo?.size).toBe(600);
      expect(MAJOR_OFFENSIVE_HOURS).toContain(mo?.hour);
      expect(mo?.durationSeconds).toBe(4 * 3600);
      mo?.hourCounts.forEach((c, h) => {
        if (c > 0) expect(h >= mo.hour && h <= mo.hour + 4).toBe(true);
      });
    }
    const one = testScenario({ events: ['major_offensive'], days_of_fighting: 1 });
    expect(planDayEvents(one, 1, 1, 100)[0]?.size).toBe(60);
  });

  it('ambush: days 1, 4 and 6, 20 % of the share over 1 h', () => {
    const s = testScenario({ events: ['ambush'] });
    for (let day = 1; day <= 8; day++) {
      const events = planDayEvents(s, 5, day, 500);
      if ([1, 4, 6].includes(day)) {
        expect(events).toHaveLength(1);
        expect(events[0]?.size).toBe(100);
        expect(AMBUSH_HOURS).toContain(events[0]?.hour);
      } else {
        expect(events).toEqual([]);
      }
    }
  });

  it('mass casualty: probability .2 × intensity, hour 06–18, 25–75 % of the share capped at 100', () => {
    const s = testScenario({ events: ['mass_casualty'], intensity: 'extreme' });
    let happened = 0;
    const runs = 4000;
    for (let key = 0; key < runs; key++) {
      const [mc] = planDayEvents(s, key, 3, 120);
      if (!mc) continue;
      happened++;
      expect(mc.hour >= 6 && mc.hour <= 18).toBe(true);
      expect(mc.size).toBeGreaterThanOrEqual(30);
      expect(mc.size).toBeLessThanOrEqual(90);
      expect(mc.durationSeconds).toBe(0);
      expect(mc.hourCounts[mc.hour]).toBe(mc.size);
    }
    expect(happened / runs).toBeGreaterThan(0.27);
    expect(happened / runs).toBeLessThan(0.33);
    for (let key = 0; key < 200; key++) {
      const [mc] = planDayEvents(s, key, 3, 10_000);
      if (mc) expect(mc.size).toBe(100);
    }
  });

  it('with all three on a one-day scenario, fills at most the day', () => {
    const s = testScenario({ events: SPECIAL_EVENTS, days_of_fighting: 1, intensity: 'extreme' });
    for (let key = 0; key < 200; key++) {
      const events = planDayEvents(s, key, 1, 10);
      expect(events.reduce((a, e) => a + e.size, 0)).toBeLessThanOrEqual(10);
      expect(events.map((e) => e.kind).slice(0, 2)).toEqual(['major_offensive', 'ambush']);
    }
  });

  it('keeps the other events in place when one is switched off', () => {
    const on = planDayEvents(testScenario({ events: SPECIAL_EVENTS }), 77, 1, 400);
    const off = planDayEvents(testScenario({ events: ['ambush', 'mass_casualty'] }), 77, 1, 400);
    const ambushOn = on.find((e) => e.kind === 'ambush');
    const ambushOff = off.find((e) => e.kind === 'ambush');
    expect(ambushOff?.id).toBe(ambushOn?.id);
  });

  it('splits a window over the hours it touches', () => {
    const w = splitWindow(6 * 3600 + 45 * 60, 3600);
    expect(w[6]).toBe(15 * 60);
    expect(w[7]).toBe(45 * 60);
    expect(w.reduce((a, b) => a + b, 0)).toBe(3600);
  });

  it('formats ids as SE_<event>_d<day>_<hh><mm>_<8 hex>', () => {
    expect(specialEventId('ambush', 4, 7, 5, '0a1b2c3d')).toBe('SE_ambush_d4_0705_0a1b2c3d');
  });

  it('gives special-event casualties warfare mixed, the dominant type and the event time', () => {
    const s = testScenario({ total_patients: 6000, days_of_fighting: 20, intensity: 'extreme', events: SPECIAL_EVENTS, warfare: ['conventional', 'artillery', 'drone'] });
    const schedule = buildSchedule(s, 2024);
    const seen = new Set<string>();
    for (let i = 0; i < schedule.total; i++) {
      const a = schedule.arrival(i);
      if (a.warfare !== 'mixed') continue;
      seen.add(a.specialEvent!);
      expect(a.modifierType).toBe('artillery');
      const hhmm = a.eventId.split('_').at(-2);
      expect(hhmm).toMatch(/^\d{4}$/);
      const start = Number(hhmm!.slice(0, 2)) * 3600 + Number(hhmm!.slice(2)) * 60;
      const since = (a.injuryEpochSeconds - Date.UTC(2025, 5, 1) / 1000) - (a.day - 1) * 86_400;
      expect(since).toBeGreaterThanOrEqual(start);
      const length = a.specialEvent === 'major_offensive' ? 4 * 3600 : a.specialEvent === 'ambush' ? 3600 : 60;
      expect(since).toBeLessThan(start + length);
    }
    expect(seen).toEqual(new Set(['major_offensive', 'ambush', 'mass_casualty']));
  });
});
