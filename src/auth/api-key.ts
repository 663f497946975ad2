import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The public demo key of the v1 service, accepted out of the box (spec service §3.2). */
export const DEMO_KEY = 'DEMO_MILMED_2025_50_PATIENTS';

export const DEMO_KEY_LIMITS = {
  patients_per_request: 50,
  requests_per_minute: 10,
  requests_per_hour: 50,
  requests_per_day: 100,
  patients_per_day: null,
} as const;

export const DEFAULT_KEY_LIMITS = {
  patients_per_request: 1000,
  requests_per_minute: 60,
  requests_per_hour: 1000,
  requests_per_day: null,
  patients_per_day: null,
} as const;

export interface KeyLimits {
  patients_per_request: number;
  requests_per_minute: number;
  requests_per_hour: number;
  requests_per_day: number | null;
  patients_per_day: number | null;
}

const KEY_FORMAT = /^sk_(live|demo)_[0-9a-f]{56}$/;

/** A new random key: `sk_live_` or `sk_demo_` and 28 random bytes as 56 lowercase hex digits. */
export function generateApiKey(demo = false): string {
  return `sk_${demo ? 'demo' : 'live'}_${randomBytes(28).toString('hex')}`;
}

export function isWellFormedKey(key: string): boolean {
  return KEY_FORMAT.test(key);
}

/** Keys are stored and looked up only as the SHA-256 of the whole key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What lists show: the first 12 characters. */
export function keyPrefix(key: string): string {
  return key.slice(0, 12);
}

/** First 8 + `...` + last 4, for CLI display. */
export function maskKey(key: string): string {
  return key.length <= 12 ? `${key.slice(0, 4)}...` : `${key.slice(0, 8)}...${key.slice(-4)}`;
}

/** Constant-time comparison of two secrets (compared as SHA-256 digests so lengths never leak). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}
