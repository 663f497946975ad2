/**
 * The injury mix as three linked percentages that always sum to 100 %. Work is in integer
 * tenths of a percent so sums are exact; moving one share hands the rest to the other two in
 * proportion to their current sizes (evenly when both are zero).
 */
import { isObject } from './scenario-model.js';

export const MIX_LABELS = ['Battle Injury', 'Non-Battle Injury', 'Disease'] as const;
const MIX_CODES = ['BATTLE_TRAUMA', 'NON_BATTLE', 'DISEASE'] as const;

/** Three shares in tenths of a percent. */
export type Tenths = [number, number, number];

export interface MixReading {
  /** Shares in percent as written (scaled from fractions), NaN where unreadable. */
  percents: [number, number, number];
  /** The written values were fractions (sum near 1) rather than percentages. */
  fractions: boolean;
}

/** Reads `injury_mix` in any accepted form (labels or codes, fractions or percentages). */
export function readMix(value: unknown): MixReading {
  const raw: [number, number, number] = [0, 0, 0];
  if (isObject(value)) {
    MIX_LABELS.forEach((label, i) => {
      const v = value[label] ?? value[MIX_CODES[i] as string];
      raw[i] = typeof v === 'number' ? v : v === undefined ? 0 : NaN;
    });
  }
  const sum = raw[0] + raw[1] + raw[2];
  const fractions = Math.abs(sum - 1) <= 0.01 || (sum > 0 && sum < 1.5);
  const scale = fractions ? 100 : 1;
  return { percents: raw.map((v) => v * scale) as [number, number, number], fractions };
}

export function toTenths(percents: readonly number[]): Tenths {
  return percents.map((p) => (Number.isFinite(p) ? Math.round(p * 10) : 0)) as Tenths;
}

/** Sets share `which` to `percent` (clamped 0–100, rounded to 0.1) and rebalances the other two. */
export function setLinked(current: Tenths, which: 0 | 1 | 2, percent: number): Tenths {
  const v = Math.max(0, Math.min(1000, Math.round((Number.isFinite(percent) ? percent : 0) * 10)));
  const rest = 1000 - v;
  const [a, b] = ([0, 1, 2] as const).filter((i) => i !== which) as [0 | 1 | 2, 0 | 1 | 2];
  const ca = Math.max(0, current[a]);
  const cb = Math.max(0, current[b]);
  const na = ca + cb === 0 ? Math.round(rest / 2) : Math.round((rest * ca) / (ca + cb));
  const out: Tenths = [0, 0, 0];
  out[which] = v;
  out[a] = na;
  out[b] = rest - na;
  return out;
}

/** The JSON form: percentages (one decimal) or fractions (four decimals) as the scenario had them. */
export function writeMix(t: Tenths, fractions: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  MIX_LABELS.forEach((label, i) => {
    out[label] = fractions ? Number(((t[i] as number) / 1000).toFixed(4)) : (t[i] as number) / 10;
  });
  return out;
}
