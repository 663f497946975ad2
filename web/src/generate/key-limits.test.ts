import { describe, expect, it } from 'vitest';
import { afterSubmit, limitProblem, maxPatients, type KnownLimits } from './key-limits.js';

const at = Date.UTC(2025, 5, 1, 12, 0, 0);
const known = (windows: KnownLimits['info']['windows'], extra: Partial<KnownLimits['info']> = {}): KnownLimits => ({
  at, info: { max_patients: 50, limits: { patients_per_request: 50 }, windows, ...extra },
});
const minute = (used: number, limit = 10) => ({ type: 'requests_per_minute', scope: 'work', limit, used, remaining: limit - used, reset_seconds: 40 });
const daily = (used: number, limit: number | null = 1000) => ({
  type: 'patients_per_day', scope: 'work', limit, used, remaining: limit === null ? null : limit - used, reset_seconds: 3600,
});

describe('the key\'s limits before submit', () => {
  it('allows a request within every limit, and anything when nothing is known', () => {
    expect(limitProblem(known([minute(3), daily(100)]), 50, at)).toBeUndefined();
    expect(limitProblem(undefined, 1_000_000, at)).toBeUndefined();
  });

  it('refuses more patients than the key allows per request', () => {
    expect(limitProblem(known([]), 2500, at)).toBe('Your API key allows at most 50 patients per request; this scenario has 2,500.');
    expect(maxPatients({ limits: { patients_per_request: 7 } })).toBe(7);
  });

  it('refuses while a generation window is used, until it resets', () => {
    const k = known([minute(10)]);
    expect(limitProblem(k, 10, at + 1000)).toBe("This key's 10 generations per minute are used: Generate is possible again in 39 s.");
    expect(limitProblem(k, 10, at + 41_000)).toBeUndefined();
  });

  it('refuses more patients than are left of the day\'s quota', () => {
    expect(limitProblem(known([daily(980)]), 30, at)).toBe("Today's patient quota of this key: 20 of 1,000 left, this scenario has 30 (resets in 1 h 0 min).");
    expect(limitProblem(known([daily(980, null)]), 30, at)).toBeUndefined();
  });

  it('ignores read windows and reports an expired key', () => {
    expect(limitProblem(known([{ type: 'reads_per_minute', scope: 'read', limit: 5, used: 5, remaining: 0, reset_seconds: 30 }]), 1, at)).toBeUndefined();
    expect(limitProblem(known([], { expires_at: '2025-05-31T00:00:00Z' }), 1, at)).toBe('This API key expired on 2025-05-31: get another in Settings.');
  });

  it('counts an accepted submit until the server says again', () => {
    const k = afterSubmit(known([minute(9), daily(0)]), 40);
    expect(k.info.windows?.map((w) => [w.type, w.used, w.remaining])).toEqual([['requests_per_minute', 10, 0], ['patients_per_day', 40, 960]]);
    expect(limitProblem(k, 1, at)).toMatch(/10 generations per minute are used/);
  });
});
