import { describe, expect, it } from 'vitest';
import type { KeyInfo, KeyWindow } from '../api/key-info.js';
import { limitProblem, type KnownLimits } from './key-limits.js';

const at = Date.UTC(2025, 5, 1, 12, 0, 0);
const info = (windows: KeyWindow[], extra: Partial<KeyInfo> = {}): KeyInfo => ({
  id: 'k', name: 'test', key_prefix: 'sk_live_abcd', type: 'live', kind: 'key', is_admin: false, expires_at: null,
  limits: { patients_per_request: 50, requests_per_minute: 10, requests_per_hour: 100, requests_per_day: null, patients_per_day: 1000, reads_per_minute: 600 },
  max_patients_per_job: 1_000_000, max_patients: 50, windows, patients_today: 0, ...extra,
});
const known = (windows: KeyWindow[], extra: Partial<KeyInfo> = {}): KnownLimits => ({ info: info(windows, extra), at });
const minute = (used: number, limit = 10): KeyWindow => ({ type: 'requests_per_minute', scope: 'work', limit, used, remaining: limit - used, reset_seconds: 40 });

describe('the key\'s limits before submit', () => {
  it('allows a request within every limit, and anything when nothing is known', () => {
    expect(limitProblem(known([minute(3)]), 50, at)).toBeUndefined();
    expect(limitProblem(undefined, 1_000_000, at)).toBeUndefined();
  });

  it('refuses more patients than the key allows per request or per day', () => {
    expect(limitProblem(known([]), 2500, at)).toMatch(/2,500 patients is more than this key allows \(50 per request\)/);
    expect(limitProblem(known([], { patients_today: 980 }), 30, at)).toMatch(/1,000 patients a day; 980 are made already/);
  });

  it('refuses while a generation window is used, until it resets', () => {
    const k = known([minute(10)]);
    expect(limitProblem(k, 10, at + 1000)).toBe("This key's 10 generations per minute are used: Generate is possible again in 39 s.");
    expect(limitProblem(k, 10, at + 41_000)).toBeUndefined();
  });

  it('checks windows only with an answer from this page, and never read windows', () => {
    expect(limitProblem({ info: info([minute(10)]) }, 10, at)).toBeUndefined();
    expect(limitProblem(known([{ type: 'reads_per_minute', scope: 'read', limit: 5, used: 5, remaining: 0, reset_seconds: 30 }]), 1, at)).toBeUndefined();
  });

  it('reports an expired key', () => {
    expect(limitProblem(known([], { expires_at: '2025-05-31T00:00:00Z' }), 1, at)).toBe('This API key expired on 2025-05-31: get another in Settings.');
  });
});
