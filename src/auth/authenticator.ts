import type { ApiKeyRow, KeysRepository } from '../db/index.js';
import { DEMO_KEY, DEMO_KEY_LIMITS, hashApiKey, keyPrefix, type KeyLimits } from './api-key.js';

/** Who is calling: the key's row facts that requests need. */
export interface Principal {
  keyId: string;
  name: string;
  isDemo: boolean;
  isAdmin: boolean;
  limits: KeyLimits;
}

export type KeyStatus = 'missing' | 'invalid' | 'inactive' | 'expired';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; status: KeyStatus };

export interface AuthenticatorOptions {
  demoKeyEnabled: boolean;
  /** Legacy single operator key (API_KEY) with admin rights. */
  operatorKey?: string;
  /** How long a found key is trusted without asking the database again. */
  cacheMs?: number;
  now?: () => number;
}

export function limitsOf(row: ApiKeyRow): KeyLimits {
  return {
    patients_per_request: row.patients_per_request,
    requests_per_minute: row.requests_per_minute,
    requests_per_hour: row.requests_per_hour,
    requests_per_day: row.requests_per_day,
    patients_per_day: row.patients_per_day,
  };
}

function toPrincipal(row: ApiKeyRow): Principal {
  return { keyId: row.id, name: row.name, isDemo: row.is_demo, isAdmin: row.is_admin, limits: limitsOf(row) };
}

/**
 * Resolves an `X-API-Key` value to a principal by the SHA-256 of the key. Rows are cached for a
 * moment so a burst of requests does not hit the database each time; a key created elsewhere
 * is found at once because misses are never cached.
 */
export class Authenticator {
  private readonly cache = new Map<string, { row: ApiKeyRow; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly keys: KeysRepository, private readonly opts: AuthenticatorOptions) {
    this.cacheMs = opts.cacheMs ?? 2_000;
    this.now = opts.now ?? Date.now;
  }

  /** Makes the demo key and the operator key exist as rows, so jobs and usage can belong to them. */
  async ensureBuiltInKeys(): Promise<void> {
    const demoHash = hashApiKey(DEMO_KEY);
    await this.keys.upsertByHash(
      { key_hash: demoHash, key_prefix: keyPrefix(DEMO_KEY), name: 'Public demo key', email: null, is_demo: true, is_active: this.opts.demoKeyEnabled, ...DEMO_KEY_LIMITS, metadata: JSON.stringify({ builtin: 'demo' }) },
      { is_active: this.opts.demoKeyEnabled },
    );
    const op = this.opts.operatorKey;
    if (op !== undefined) {
      await this.keys.upsertByHash(
        { key_hash: hashApiKey(op), key_prefix: keyPrefix(op), name: 'Operator key (API_KEY)', email: null, is_admin: true, is_active: true, patients_per_request: 10_000_000, requests_per_minute: 1_000_000, requests_per_hour: 10_000_000, requests_per_day: null, patients_per_day: null, metadata: JSON.stringify({ builtin: 'operator' }) },
        { is_active: true, is_admin: true },
      );
    }
    this.cache.clear();
  }

  forget(hash?: string): void {
    if (hash === undefined) this.cache.clear();
    else this.cache.delete(hash);
  }

  async authenticate(header: string | string[] | undefined): Promise<AuthResult> {
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined || key.trim() === '') return { ok: false, status: 'missing' };
    const hash = hashApiKey(key.trim());
    const now = this.now();
    let row = this.cache.get(hash);
    if (!row || row.until < now) {
      const found = await this.keys.findByHash(hash);
      if (!found) {
        this.cache.delete(hash);
        return { ok: false, status: 'invalid' };
      }
      row = { row: found, until: now + this.cacheMs };
      this.cache.set(hash, row);
    }
    if (!row.row.is_active) return { ok: false, status: 'inactive' };
    if (row.row.expires_at && row.row.expires_at.getTime() <= now) return { ok: false, status: 'expired' };
    return { ok: true, principal: toPrincipal(row.row) };
  }
}
