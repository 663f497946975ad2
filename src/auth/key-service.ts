import { DomainError } from '../errors/index.js';
import type { ApiKeyRow, KeysRepository, UsageDelta, UsageRepository, UsageTotals } from '../db/index.js';
import { DEFAULT_KEY_LIMITS, DEMO_KEY_LIMITS, generateApiKey, hashApiKey, keyPrefix, type KeyLimits } from './api-key.js';
import { limitsOf } from './authenticator.js';

/** A key as lists, the CLI and the admin API show it: never its hash or plain text. */
export interface KeyRecord {
  id: string;
  key_prefix: string;
  name: string;
  email: string | null;
  status: 'active' | 'inactive' | 'expired';
  is_active: boolean;
  is_demo: boolean;
  is_admin: boolean;
  limits: KeyLimits;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  metadata: Record<string, unknown>;
  usage?: UsageTotals;
}

export interface CreateKeyInput {
  name: string;
  email?: string | null;
  demo?: boolean;
  admin?: boolean;
  expiresDays?: number;
  limits?: Partial<KeyLimits>;
  metadata?: Record<string, unknown>;
}

export interface UsageReport {
  key_id: string;
  name: string;
  days: number;
  daily: Omit<UsageDelta, 'key_id'>[];
  totals: UsageTotals;
  today: UsageTotals;
  limits: KeyLimits;
  last_used_at: string | null;
}

export interface UsageStats {
  period_days: number;
  since: string;
  generated_at: string;
  keys: { total: number; active: number; inactive: number; expired: number; demo: number; admin: number };
  totals: UsageTotals;
  daily: (UsageTotals & { day: string; keys: number })[];
  top_keys: (UsageTotals & { key_id: string; name: string; key_prefix: string })[];
}

/** Why an operation was not done: not found (→ 404 / exit 1), refused (→ 409 / exit 1), bad input (→ 400 / exit 2). */
export class KeyServiceError extends DomainError {
  constructor(readonly kind: 'not_found' | 'refused' | 'invalid', message: string) {
    super(kind === 'not_found' ? 'KEY_NOT_FOUND' : kind === 'refused' ? 'KEY_REFUSED' : 'KEY_INVALID', message);
  }
}

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMIT_NAMES = ['patients_per_request', 'requests_per_minute', 'requests_per_hour', 'requests_per_day', 'patients_per_day'] as const;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const zero = (): UsageTotals => ({ requests: 0, patients: 0, bytes: 0 });

export function isBuiltIn(row: ApiKeyRow): boolean {
  return typeof row.metadata === 'object' && row.metadata !== null && 'builtin' in row.metadata;
}

/** Every key operation of the CLI (`medgen keys`) and the admin API, over the repositories. */
export class KeyService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly usageRepo: UsageRepository,
    private readonly now: () => number = Date.now,
  ) {}

  record(row: ApiKeyRow, usage?: UsageTotals): KeyRecord {
    const expired = row.expires_at !== null && row.expires_at.getTime() <= this.now();
    return {
      id: row.id,
      key_prefix: row.key_prefix,
      name: row.name,
      email: row.email,
      status: !row.is_active ? 'inactive' : expired ? 'expired' : 'active',
      is_active: row.is_active,
      is_demo: row.is_demo,
      is_admin: row.is_admin,
      limits: limitsOf(row),
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
      expires_at: iso(row.expires_at),
      last_used_at: iso(row.last_used_at),
      metadata: row.metadata ?? {},
      ...(usage ? { usage } : {}),
    };
  }

  async create(input: CreateKeyInput): Promise<{ key: string; record: KeyRecord }> {
    const name = input.name.trim();
    if (name === '') throw new KeyServiceError('invalid', 'a key needs a name');
    const base = input.demo ? DEMO_KEY_LIMITS : DEFAULT_KEY_LIMITS;
    const limits = { ...base, ...stripUndefined(input.limits ?? {}) };
    checkLimits(limits);
    const key = generateApiKey(input.demo ?? false);
    const row = await this.keys.insert({
      key_hash: hashApiKey(key),
      key_prefix: keyPrefix(key),
      name,
      email: input.email ?? null,
      is_demo: input.demo ?? false,
      is_admin: input.admin ?? false,
      ...limits,
      expires_at: input.expiresDays !== undefined ? new Date(this.now() + input.expiresDays * DAY_MS) : null,
      metadata: JSON.stringify(input.metadata ?? {}),
    });
    return { key, record: this.record(row) };
  }

  async list(filter: { active?: boolean; demo?: boolean; search?: string; limit?: number; offset?: number }): Promise<KeyRecord[]> {
    const rows = await this.keys.list({ ...filter, limit: filter.limit ?? 50 });
    const totals = await this.usageRepo.totalsByKey(rows.map((r) => r.id));
    return rows.map((r) => this.record(r, totals.get(r.id) ?? zero()));
  }

  /** A key by id, by the full key, or by a unique beginning of its display prefix. */
  async resolve(ref: string): Promise<ApiKeyRow> {
    const text = ref.trim();
    let row: ApiKeyRow | undefined;
    if (UUID.test(text)) row = await this.keys.findById(text.toLowerCase());
    if (!row && text.length > 12) row = await this.keys.findByHash(hashApiKey(text));
    if (!row && text.length >= 8 && text.length <= 12) {
      const found = await this.keys.findByPrefix(text, 2);
      if (found.length > 1) throw new KeyServiceError('invalid', `"${text}" matches several keys; use the id`);
      row = found[0];
    }
    if (!row) throw new KeyServiceError('not_found', `API key not found: ${text.length > 12 && !UUID.test(text) ? `${text.slice(0, 8)}...${text.slice(-4)}` : text}`);
    return row;
  }

  async show(ref: string): Promise<KeyRecord> {
    const row = await this.resolve(ref);
    const totals = await this.usageRepo.totalsByKey([row.id]);
    return this.record(row, totals.get(row.id) ?? zero());
  }

  /** Activates or deactivates; `changed` false when it already was. */
  async setActive(ref: string, active: boolean): Promise<{ record: KeyRecord; changed: boolean }> {
    const row = await this.resolve(ref);
    if (row.is_active === active) return { record: this.record(row), changed: false };
    const updated = await this.keys.update(row.id, { is_active: active });
    if (!updated) throw new KeyServiceError('not_found', `API key not found: ${ref}`);
    return { record: this.record(updated), changed: true };
  }

  async delete(ref: string): Promise<KeyRecord> {
    const row = await this.resolve(ref);
    if (isBuiltIn(row)) throw new KeyServiceError('refused', `"${row.name}" is built in and comes back at the next start; disable it by configuration instead`);
    await this.keys.delete(row.id);
    return this.record(row);
  }

  async usage(ref: string, days: number): Promise<UsageReport> {
    const row = await this.resolve(ref);
    const now = this.now();
    const since = dayOf(now - (days - 1) * DAY_MS);
    const rows = await this.usageRepo.days(row.id, since);
    const totals = rows.reduce((t, r) => ({ requests: t.requests + r.requests, patients: t.patients + r.patients, bytes: t.bytes + r.bytes }), zero());
    const today = rows.find((r) => r.day === dayOf(now));
    return {
      key_id: row.id,
      name: row.name,
      days,
      daily: rows.map(({ key_id: _k, ...d }) => d),
      totals,
      today: today ? { requests: today.requests, patients: today.patients, bytes: today.bytes } : zero(),
      limits: limitsOf(row),
      last_used_at: iso(row.last_used_at),
    };
  }

  async stats(days: number): Promise<UsageStats> {
    const now = this.now();
    const since = dayOf(now - (days - 1) * DAY_MS);
    const [keys, daily, top] = await Promise.all([
      this.keys.counts(new Date(now)),
      this.usageRepo.dailyTotals(since),
      this.usageRepo.topKeys(since, 10),
    ]);
    const names = new Map((await this.keys.findByIds(top.map((t) => t.key_id))).map((r) => [r.id, r]));
    return {
      period_days: days,
      since,
      generated_at: new Date(now).toISOString(),
      keys,
      totals: daily.reduce((t, r) => ({ requests: t.requests + r.requests, patients: t.patients + r.patients, bytes: t.bytes + r.bytes }), zero()),
      daily,
      top_keys: top.map((t) => ({ ...t, name: names.get(t.key_id)?.name ?? '(deleted)', key_prefix: names.get(t.key_id)?.key_prefix ?? '' })),
    };
  }

  /** Changes the given limits only; `null` makes a daily limit unlimited. */
  async updateLimits(ref: string, changes: Partial<KeyLimits>): Promise<{ record: KeyRecord; changed: Partial<KeyLimits> }> {
    const changed = stripUndefined(changes);
    if (Object.keys(changed).length === 0) throw new KeyServiceError('invalid', 'No limit updates specified');
    const row = await this.resolve(ref);
    checkLimits({ ...limitsOf(row), ...changed });
    const updated = await this.keys.update(row.id, changed);
    if (!updated) throw new KeyServiceError('not_found', `API key not found: ${ref}`);
    return { record: this.record(updated), changed };
  }

  /** Moves the expiry `days` later (from now when the key had none or has already expired). */
  async extend(ref: string, days: number): Promise<{ record: KeyRecord; previous: string | null }> {
    if (!Number.isInteger(days) || days < 1) throw new KeyServiceError('invalid', 'days must be a whole number of at least 1');
    const row = await this.resolve(ref);
    const base = Math.max(row.expires_at?.getTime() ?? 0, this.now());
    const updated = await this.keys.update(row.id, { expires_at: new Date(base + days * DAY_MS) });
    if (!updated) throw new KeyServiceError('not_found', `API key not found: ${ref}`);
    return { record: this.record(updated), previous: iso(row.expires_at) };
  }

  /** Deletes expired keys (built-in keys excepted); with dryRun only lists them. */
  async cleanup(dryRun: boolean): Promise<{ keys: KeyRecord[]; deleted: number }> {
    const rows = await this.keys.expired(new Date(this.now()));
    const deleted = dryRun ? 0 : await this.keys.deleteMany(rows.map((r) => r.id));
    return { keys: rows.map((r) => this.record(r)), deleted };
  }

  /** A new key with the same limits, flags, expiry and contact; the old one is deactivated. */
  async rotate(ref: string, name?: string): Promise<{ key: string; record: KeyRecord; previous: KeyRecord }> {
    const row = await this.resolve(ref);
    if (isBuiltIn(row)) throw new KeyServiceError('refused', `"${row.name}" is built in: its value is fixed by configuration and cannot be rotated`);
    const key = generateApiKey(row.is_demo);
    const created = await this.keys.rotate(row.id, {
      key_hash: hashApiKey(key),
      key_prefix: keyPrefix(key),
      name: name?.trim() || row.name,
      email: row.email,
      is_demo: row.is_demo,
      is_admin: row.is_admin,
      ...limitsOf(row),
      expires_at: row.expires_at,
      metadata: JSON.stringify({ ...row.metadata, rotated_from: row.id }),
    });
    return { key, record: this.record(created), previous: this.record({ ...row, is_active: false }) };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkLimits(limits: Partial<KeyLimits>): void {
  for (const name of LIMIT_NAMES) {
    const v = limits[name];
    if (v === undefined) continue;
    const nullable = name === 'requests_per_day' || name === 'patients_per_day';
    if (v === null ? !nullable : !(Number.isSafeInteger(v) && v >= 1 && v <= 2_147_483_647)) {
      throw new KeyServiceError('invalid', `${name} must be a whole number from 1 to 2147483647${nullable ? ' (or unlimited)' : ''}`);
    }
  }
}
