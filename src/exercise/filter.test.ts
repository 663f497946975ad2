import { describe, expect, it } from 'vitest';
import type { CasualtyEvent } from '../engine/index.js';
import { addRange, countDue } from './feed.js';
import { matches, readFilter } from './filter.js';
import { backoffMs } from './webhooks.js';

const event = (over: Partial<CasualtyEvent>): CasualtyEvent => ({
  seq: 1, id: 'p0-1', type: 'arrival', time: '2025-06-01T00:00:00Z', offset: 0, patient_id: 0, patient_uuid: '', front: 'north', nation: 'EST', role: 'R1', detail: {}, ...over,
});

describe('event filters', () => {
  it('reads lists and comma-separated text, and names each field that cannot match', () => {
    expect(readFilter({ role: 'R1,R2', type: ['arrival'] }, '', ['north'])).toEqual({ filter: { role: ['R1', 'R2'], type: ['arrival'] }, problems: [] });
    const bad = readFilter({ role: ['R9'], front: 'east', nation: 'estonia', type: 'explosion' }, 'filter', ['north']);
    expect(bad.problems.map((p) => p.path)).toEqual(['filter.front', 'filter.nation', 'filter.role', 'filter.type']);
  });

  it('passes an event when every given field accepts it', () => {
    const f = { role: ['R1'], nation: ['EST', 'LVA'] };
    expect(matches(f, event({}))).toBe(true);
    expect(matches(f, event({ role: 'R2' }))).toBe(false);
    expect(matches({}, event({ role: 'R4' }))).toBe(true);
  });
});

describe('release helpers', () => {
  it('counts the events the clock has reached', () => {
    const t = [0, 10, 10, 30].map((offset, i) => event({ seq: i + 1, offset }));
    expect([-1, 0, 9, 10, 29, 30, 99].map((o) => countDue(t, o))).toEqual([0, 1, 1, 3, 3, 4, 4]);
  });

  it('merges skipped ranges', () => {
    expect(addRange(addRange([], 5, 9), 10, 12)).toEqual([[5, 12]]);
    expect(addRange([[1, 2]], 5, 6)).toEqual([[1, 2], [5, 6]]);
    expect(addRange([[1, 2]], 3, 2)).toEqual([[1, 2]]);
  });

  it('backs off 1, 2, 4 … times the base, capped', () => {
    expect([1, 2, 3, 4, 8].map((a) => backoffMs(a, { backoffBaseMs: 1000, backoffMaxMs: 10_000 }))).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });
});
