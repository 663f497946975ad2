import type { UsageDelta, UsageRepository } from '../db/index.js';

export interface UsageRecorderOptions {
  /** How often the counts are written (default 5 s). */
  flushMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/**
 * Counts requests, patients and bytes per key and UTC day in memory and writes them in one
 * batch now and then, so no request waits on the database. `close` writes the rest: after a
 * graceful shutdown the stored counts are exact.
 */
export class UsageRecorder {
  private pending = new Map<string, UsageDelta>();
  private lastUsed = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly repo: UsageRepository, private readonly opts: UsageRecorderOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  start(): this {
    this.timer ??= setInterval(() => { void this.flush(); }, this.opts.flushMs ?? 5_000).unref();
    return this;
  }

  private entry(keyId: string): UsageDelta {
    const now = this.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const id = `${keyId}|${day}`;
    let e = this.pending.get(id);
    if (!e) {
      e = { key_id: keyId, day, requests: 0, patients: 0, bytes: 0 };
      this.pending.set(id, e);
    }
    return e;
  }

  request(keyId: string): void {
    this.entry(keyId).requests += 1;
    this.lastUsed = this.now();
  }

  /** Patients of accepted work; a negative count gives back those of work that failed after all. */
  patients(keyId: string, count: number): void {
    this.entry(keyId).patients += count;
  }

  bytes(keyId: string, count: number): void {
    if (count > 0) this.entry(keyId).bytes += count;
  }

  /** Writes what has been counted so far; flushes never overlap. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.repo.add([...batch.values()], new Date(this.lastUsed || this.now()));
    } catch (err) {
      // Keep the counts for the next attempt rather than losing them.
      for (const [id, d] of batch) {
        const e = this.pending.get(id);
        if (e) {
          e.requests += d.requests;
          e.patients += d.patients;
          e.bytes += d.bytes;
        } else {
          this.pending.set(id, d);
        }
      }
      this.opts.onError?.(err);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
