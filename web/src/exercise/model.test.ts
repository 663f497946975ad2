import { describe, expect, it } from 'vitest';
import { countdown, describeEvent, offsetNow, scenarioClock, tPlus } from './model.js';

describe('exercise control helpers', () => {
  it('formats scenario offsets and countdowns', () => {
    expect(tPlus(0)).toBe('T+00:00:00');
    expect(tPlus(3 * 3600 + 65)).toBe('T+03:01:05');
    expect(tPlus(125 * 3600)).toBe('T+125:00:00');
    expect(tPlus(-90)).toBe('T−00:01:30');
    const now = Date.parse('2025-06-01T08:00:00Z');
    expect(countdown('2025-06-01T08:00:04.200Z', now)).toBe('in 5 s');
    expect(countdown('2025-06-01T08:01:05Z', now)).toBe('in 1 m 05 s');
    expect(countdown('2025-06-01T07:59:00Z', now)).toBe('due');
    expect(countdown(null, now)).toBe('paused');
    expect(scenarioClock('2025-06-01T05:00:00Z', 3600 + 59)).toBe('2025-06-01 06:00Z');
  });

  it('moves the clock on at its speed while running, not while paused', () => {
    const read = { status: 'running' as const, speed: 60, offset_seconds: 100, wall_time: '2025-06-01T08:00:00.000Z' };
    expect(offsetNow(read, Date.parse('2025-06-01T08:00:02Z'))).toBe(220);
    expect(offsetNow({ ...read, status: 'paused' as const }, Date.parse('2025-06-01T08:00:02Z'))).toBe(100);
  });

  it('describes events in a controller\'s words', () => {
    const base = { seq: 1, id: 'p0-1', time: '', offset: 0, patient_id: 0, front: 'north', nation: 'EST', released_at: '' };
    expect(describeEvent({ ...base, type: 'arrival', role: 'R2', detail: {} })).toBe('arrives at R2');
    expect(describeEvent({ ...base, type: 'triage', role: 'POI', detail: { category: 'T1', algorithm: 'sieve' } })).toBe('triaged T1 (sieve)');
    expect(describeEvent({ ...base, type: 'death', role: 'R1', detail: { kind: 'dow' } })).toBe('dies (DOW)');
  });
});
