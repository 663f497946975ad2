import { describe, expect, it } from 'vitest';
import { getApiKey, setApiKey } from './key-store.js';
import { redeemSignIn, signInToken } from './signin.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('owner sign-in link', () => {
  it('reads the token from the fragment only', () => {
    expect(signInToken('#signin=abc_-123')).toBe('abc_-123');
    expect(signInToken('#x=1&signin=tok')).toBe('tok');
    expect(signInToken('')).toBeUndefined();
    expect(signInToken('#signin=')).toBeUndefined();
    expect(signInToken('#other=1')).toBeUndefined();
  });

  it('stores the owner key the server trades for the token, and reports a refusal', async () => {
    setApiKey('');
    const sent: RequestInit[] = [];
    const ok = await redeemSignIn('tok', async (_url, init) => {
      sent.push(init ?? {});
      return json(200, { key: `sk_live_${'a'.repeat(56)}`, key_prefix: 'sk_live_aaaa', name: 'Local owner', kind: 'owner' });
    });
    expect(JSON.parse(String(sent[0]?.body))).toEqual({ token: 'tok' });
    expect(ok).toEqual({ kind: 'ok', name: 'Local owner', keyPrefix: 'sk_live_aaaa' });
    expect(getApiKey()).toBe(`sk_live_${'a'.repeat(56)}`);

    const refused = await redeemSignIn('used', async () => json(401, { error: 'Unauthorized', detail: 'This sign-in link is not valid' }));
    expect(refused).toEqual({ kind: 'error', message: 'This sign-in link is not valid' });
    expect(getApiKey()).toBe(`sk_live_${'a'.repeat(56)}`); // the key in use stays
    setApiKey('');
  });
});
