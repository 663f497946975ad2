import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiKeyRow, KeysRepository } from '../db/index.js';
import { generateApiKey, hashApiKey, isWellFormedKey, keyPrefix } from './api-key.js';

/** Where the owner key is kept, beside the embedded database (mode 0600). */
export const OWNER_KEY_FILE = 'owner-key.json';

/** How long a printed sign-in link stays valid if nobody opens it. */
export const SIGNIN_TOKEN_TTL_MS = 24 * 3_600_000;

export interface OwnerKeyOptions {
  dataDir: string;
  /** MAX_PATIENTS_PER_JOB: the owner may ask for as many patients as the server allows. */
  maxPatients: number;
  now?: () => number;
}

interface OwnerFile { key: string; created_at: string }

async function readOwnerFile(path: string): Promise<OwnerFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<OwnerFile>;
    return typeof parsed.key === 'string' && isWellFormedKey(parsed.key) ? { key: parsed.key, created_at: String(parsed.created_at ?? '') } : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the owner key in ${path}: ${(err as Error).message}; delete the file to make a new key`, { cause: err });
  }
}

/** Written to a temporary file first, so a crash never leaves half a key behind. */
async function writeOwnerFile(path: string, content: OwnerFile): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Which DATA_DIR an owner key belongs to, as its row's metadata says: a digest of the folder, not
 * its path, as every admin key lists the row and a server path is none of its holder's business.
 * Rows written before name the path itself; both are matched when a new key replaces them.
 */
const originOf = (dataDir: string): string => `data-dir:${digest(dataDir).slice(0, 16)}`;

/**
 * The local owner of a server (spec service §3.2): an admin key kept in DATA_DIR, created at the
 * first start, and one-time sign-in tokens the server prints as links so the person at the
 * console can hand the key to their browser without typing it. Tokens live in this process only,
 * are stored as SHA-256 digests, work once and expire after a day.
 */
export class OwnerAccess {
  private readonly tokens = new Map<string, number>();
  private readonly now: () => number;

  private constructor(readonly key: string, readonly row: ApiKeyRow, readonly created: boolean, now: () => number) {
    this.now = now;
  }

  /**
   * Reads the owner key from DATA_DIR (or makes one) and writes its row, so it works at once and
   * comes back after a database reset. A new key deactivates the earlier owner keys of this
   * DATA_DIR (the file was deleted to replace the key).
   */
  static async open(keys: KeysRepository, opts: OwnerKeyOptions): Promise<OwnerAccess> {
    const now = opts.now ?? Date.now;
    await mkdir(opts.dataDir, { recursive: true });
    const path = join(opts.dataDir, OWNER_KEY_FILE);
    let file = await readOwnerFile(path);
    const created = file === undefined;
    if (!file) {
      file = { key: generateApiKey(false), created_at: new Date(now()).toISOString() };
      await writeOwnerFile(path, file);
    }
    const hash = hashApiKey(file.key);
    const limits = { patients_per_request: opts.maxPatients, requests_per_minute: 1_000_000, requests_per_hour: 10_000_000, requests_per_day: null, patients_per_day: null };
    const metadata = JSON.stringify({ builtin: 'owner', origin: originOf(opts.dataDir) });
    const row = await keys.upsertByHash(
      { key_hash: hash, key_prefix: keyPrefix(file.key), name: 'Local owner', email: null, is_admin: true, is_active: true, ...limits, metadata },
      // The metadata too: a row written when the origin was the folder's path loses the path.
      { is_active: true, is_admin: true, ...limits, metadata },
    );
    if (created) {
      for (const origin of [originOf(opts.dataDir), opts.dataDir]) await keys.deactivateBuiltIns('owner', origin, hash);
    }
    return new OwnerAccess(file.key, row, created, now);
  }

  /** A new one-time sign-in token. */
  issueToken(ttlMs = SIGNIN_TOKEN_TTL_MS): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(digest(token), this.now() + ttlMs);
    return token;
  }

  /** The owner key for a valid token, which is used up; undefined for any other text. */
  redeem(token: string): string | undefined {
    const now = this.now();
    for (const [d, until] of this.tokens) if (until <= now) this.tokens.delete(d);
    const d = digest(token);
    if (!this.tokens.has(d)) return undefined;
    this.tokens.delete(d);
    return this.key;
  }
}
