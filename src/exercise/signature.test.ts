import { describe, expect, it } from 'vitest';
import { newSecret, sign, verifySignature } from './signature.js';

describe('webhook signatures', () => {
  const secret = newSecret();
  const body = '{"event":{"seq":1}}';
  const now = 1_750_000_000;

  it('is the HMAC-SHA256 of "timestamp.body" in hex, with a sha256= prefix', () => {
    // Computed independently: printf '1750000000.{"a":1}' | openssl dgst -sha256 -hmac k
    expect(sign('k', now, '{"a":1}')).toBe('sha256=8b9a863655334b3c16615b77971ce1dd8ac4ce0895f46c7059676b1b53759fcd');
    expect(sign(secret, now, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('verifies with the right secret and refuses a wrong secret, a changed body or an old timestamp', () => {
    const signature = sign(secret, now, body);
    expect(verifySignature({ secret, timestamp: String(now), body, signature, now })).toBe(true);
    expect(verifySignature({ secret: newSecret(), timestamp: String(now), body, signature, now })).toBe(false);
    expect(verifySignature({ secret, timestamp: String(now), body: body + ' ', signature, now })).toBe(false);
    expect(verifySignature({ secret, timestamp: String(now + 1), body, signature, now })).toBe(false);
    expect(verifySignature({ secret, timestamp: String(now), body, signature, now: now + 301 })).toBe(false);
    expect(verifySignature({ secret, timestamp: undefined, body, signature, now })).toBe(false);
  });
});
