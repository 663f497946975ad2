/**
 * The Generate form's check of a request against the key's limits (web/src/api/key-info.ts
 * keeps what GET /api/v1/keys/me said, per key, across reloads): patients per request and per
 * day, and the generation windows that are used up, with the time until they reset.
 */
import { useEffect, useState } from 'react';
import { patientLimitProblem, refreshKeyInfo, useKeyInfo, type KeyInfo } from '../api/key-info.js';
import { plural } from '../app/format.js';
import { formatDuration } from '../app/ui.js';

export interface KnownLimits {
  info: KeyInfo;
  /** When the server answered (ms), if it was on this page: window resets count from here. */
  at?: number;
}

const WINDOW_WORDS: Partial<Record<string, [string, string]>> = {
  requests_per_minute: ['generation', 'minute'],
  requests_per_hour: ['generation', 'hour'],
  requests_per_day: ['generation', 'day (UTC)'],
};

/**
 * Why this key cannot generate `patients` now, in words, or undefined. Windows are checked only
 * with a fresh answer (`at`), and count as open again once their reset time has passed.
 */
export function limitProblem(known: KnownLimits | undefined, patients: number | undefined, now = Date.now()): string | undefined {
  if (!known) return undefined;
  const { info, at } = known;
  if (info.expires_at && Date.parse(info.expires_at) <= now) return `This API key expired on ${info.expires_at.slice(0, 10)}: get another in Settings.`;
  const over = patients === undefined ? undefined : patientLimitProblem(info, patients);
  if (over) return over;
  if (at === undefined) return undefined;
  for (const w of info.windows) {
    const words = WINDOW_WORDS[w.type];
    if (!words || w.scope === 'read' || w.limit === null || w.remaining === null || w.remaining > 0) continue;
    const resetAt = at + w.reset_seconds * 1000;
    if (resetAt > now) return `This key's ${plural(w.limit, words[0])} per ${words[1]} are used: Generate is possible again in ${formatDuration((resetAt - now) / 1000)}.`;
  }
  return undefined;
}

let answeredAt: { prefix: string; at: number } | undefined;

/** Asks the server again and notes when it answered; a server without keys/me leaves the limits to the headers. */
export async function refreshKeyLimits(): Promise<void> {
  const info = await refreshKeyInfo().catch(() => undefined);
  if (info) answeredAt = { prefix: info.key_prefix, at: Date.now() };
}

/** The current key's limits, asked again whenever the key changes. */
export function useKeyLimits(apiKey: string): KnownLimits | undefined {
  const info = useKeyInfo();
  const [, setTick] = useState(0);
  useEffect(() => {
    void refreshKeyLimits().then(() => setTick((n) => n + 1));
  }, [apiKey]);
  if (!info) return undefined;
  return { info, at: answeredAt?.prefix === info.key_prefix ? answeredAt.at : undefined };
}
