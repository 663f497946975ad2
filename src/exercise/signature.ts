import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (docs/exercise-feed.md): `X-Medgen-Signature: sha256=<hex>` where hex is the
 * HMAC-SHA256, keyed by the subscription's secret, of `<timestamp>.<raw body>`, and the timestamp
 * (Unix seconds) travels in `X-Medgen-Timestamp`. Signing the timestamp with the body lets a
 * receiver refuse a captured request replayed later.
 */
export const SIGNATURE_HEADER = 'x-medgen-signature';
export const TIMESTAMP_HEADER = 'x-medgen-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyInput {
  secret: string;
  /** The X-Medgen-Timestamp header as received. */
  timestamp: string | undefined;
  /** The raw body, exactly as received. */
  body: string;
  /** The X-Medgen-Signature header as received. */
  signature: string | undefined;
  /** Unix seconds now (tests); the system clock by default. */
  now?: number;
  toleranceSeconds?: number;
}

/** True when the signature is the sender's for this body and timestamp, and the timestamp is recent. */
export function verifySignature(v: VerifyInput): boolean {
  if (v.timestamp === undefined || v.signature === undefined || !/^\d{1,12}$/.test(v.timestamp)) return false;
  const ts = Number(v.timestamp);
  const now = v.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (v.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(sign(v.secret, ts, v.body));
  const given = Buffer.from(v.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
