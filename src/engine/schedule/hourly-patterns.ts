/**
 * Hourly patterns (domain spec §3.4): 24 weights per warfare type and day. A type's day share is
 * split over the hours by these weights (largest remainder, in plan.ts).
 *
 * Patterns that place activity "after" an hour (a surge starting at 23:00, a contamination
 * release late in the day) wrap around to the early hours of the same day: the pattern is a
 * daily template and a day's casualties never leave their day.
 */
import type { Rng } from '../rng.js';
import type { HourlyPattern } from '../tables.js';

/** Baseline activity for hours 0–23. */
export const BASELINE: readonly number[] = [
  0.3, 0.2, 0.2, 0.3, 0.5, 0.8, 1.2, 1.5, 1.3, 1.0, 0.9, 1.0, 1.1, 1.0, 0.9, 1.0, 1.3, 1.5, 1.2, 0.8, 0.6, 0.5, 0.4, 0.3,
];
const BASELINE_SUM = BASELINE.reduce((a, b) => a + b, 0);

export const SURGE_STARTS: readonly number[] = [5, 6, 11, 12, 17, 18, 22, 23];

const inRange = (h: number, from: number, to: number): boolean => h >= from && h <= to;
const baselineTimes = (factor: (h: number) => number): number[] => BASELINE.map((b, h) => b * factor(h));
/** Baseline normalised to sum to `share`. */
const baselineShare = (share: number): number[] => BASELINE.map((b) => (share * b) / BASELINE_SUM);

function sustainedCombat(): number[] {
  return baselineTimes((h) => {
    if (inRange(h, 6, 9) || inRange(h, 16, 19)) return 2.5;
    if (inRange(h, 0, 5) || inRange(h, 22, 23)) return 0.15;
    return 0.5;
  });
}

/** Circular distance between two hours of the day. */
const hourDistance = (a: number, b: number): number => Math.min(Math.abs(a - b), 24 - Math.abs(a - b));

/**
 * Up to 3 surges of 2 h, starts drawn without replacement from SURGE_STARTS with no two
 * starts within 2 h of each other; 80 % of the share in surge hours, 20 % by baseline.
 */
function surge(rng: Rng): number[] {
  const wanted = rng.int(1, 3);
  const starts: number[] = [];
  let candidates = [...SURGE_STARTS];
  while (starts.length < wanted && candidates.length > 0) {
    const s = rng.pick(candidates);
    starts.push(s);
    candidates = candidates.filter((c) => hourDistance(c, s) >= 2);
  }
  const w = baselineShare(0.2);
  const perHour = 0.8 / (starts.length * 2);
  for (const s of starts) for (let k = 0; k < 2; k++) w[(s + k) % 24]! += perHour;
  return w;
}

function phasedAssault(): number[] {
  return baselineTimes((h) => (inRange(h, 6, 9) ? 3.0 : inRange(h, 14, 16) ? 2.5 : 0.8));
}

/** Hour weights of sporadic incidents: ×1.4 at dawn (05–07) and dusk (17–19), ×0.7 at night (22–04). */
export const SPORADIC_HOUR_WEIGHTS: readonly number[] = baselineTimes((h) => {
  if (inRange(h, 5, 7) || inRange(h, 17, 19)) return 1.4;
  if (h >= 22 || h <= 4) return 0.7;
  return 1.0;
});

/** Each incident gets an equal part of the share: the weight of an hour is its incident count. */
function incidents(hours: readonly number[]): number[] {
  const w = new Array<number>(24).fill(0);
  for (const h of hours) w[h]! += 1;
  return w;
}

/** 3–7 incidents a day at hours drawn with SPORADIC_HOUR_WEIGHTS. */
function sporadic(rng: Rng): number[] {
  const n = rng.int(3, 7);
  return incidents(Array.from({ length: n }, () => rng.weighted(SPORADIC_HOUR_WEIGHTS)));
}

/** 1–4 strikes a day; hour uniform 0–23 with probability .8, else 6–17. */
function precisionStrike(rng: Rng): number[] {
  const n = rng.int(1, 4);
  return incidents(Array.from({ length: n }, () => (rng.chance(0.8) ? rng.int(0, 23) : rng.int(6, 17))));
}

export const DAWN_WAVE: readonly [number, number] = [4, 6];
export const DUSK_WAVE: readonly [number, number] = [18, 20];

/**
 * 2–3 waves: the first at dawn (starting 04–06), the second at dusk (18–20), a third at dawn or
 * dusk; each lasts 1–2 h. 85 % of the share falls in the waves (equal per wave, even over its
 * hours), 15 % by baseline.
 */
function waveAssault(rng: Rng): number[] {
  const n = rng.int(2, 3);
  const w = baselineShare(0.15);
  for (let k = 0; k < n; k++) {
    const [from, to] = k === 0 ? DAWN_WAVE : k === 1 ? DUSK_WAVE : rng.chance(0.5) ? DAWN_WAVE : DUSK_WAVE;
    const start = rng.int(from, to);
    const length = rng.int(1, 2);
    for (let j = 0; j < length; j++) w[start + j]! += 0.85 / n / length;
  }
  return w;
}

/** Weight of each hour 1…12 after a contamination release: the first 4 h carry 60 %. */
export const ONSET_WEIGHTS: readonly number[] = [3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1];
const ONSET_SUM = ONSET_WEIGHTS.reduce((a, b) => a + b, 0);

/**
 * 1–2 releases a day at hours drawn by baseline; each release's casualties present over the
 * following 1–12 h (delayed onset), weighted toward the first 4 h.
 */
function contamination(rng: Rng): number[] {
  const n = rng.int(1, 2);
  const w = new Array<number>(24).fill(0);
  for (let k = 0; k < n; k++) {
    const release = rng.weighted(BASELINE);
    ONSET_WEIGHTS.forEach((o, j) => {
      w[(release + 1 + j) % 24]! += o / ONSET_SUM / n;
    });
  }
  return w;
}

/** Isolated incidents spread over the day, daytime (08–20) weighted × 2. */
function lowIntensity(): number[] {
  return Array.from({ length: 24 }, (_, h) => (inRange(h, 8, 20) ? 2 : 1));
}

const SUSTAINED_COMBAT: readonly number[] = sustainedCombat();
const PHASED_ASSAULT: readonly number[] = phasedAssault();
const LOW_INTENSITY: readonly number[] = lowIntensity();

/**
 * The 24 hour weights of a pattern for one day. `stream` makes that (day, type)'s schedule
 * stream; it is only called for the patterns that draw (the fixed ones skip the cost).
 */
export function patternWeights(pattern: HourlyPattern, stream: () => Rng): readonly number[] {
  switch (pattern) {
    case 'sustained_combat': return SUSTAINED_COMBAT;
    case 'surge': return surge(stream());
    case 'phased_assault': return PHASED_ASSAULT;
    case 'sporadic': return sporadic(stream());
    case 'precision_strike': return precisionStrike(stream());
    case 'wave_assault': return waveAssault(stream());
    case 'contamination': return contamination(stream());
    case 'low_intensity': return LOW_INTENSITY;
  }
}

/** Night hours for `night_operations` (22:00–05:59): eight hours, a third of the clock. */
export const NIGHT_HOURS: readonly number[] = [22, 23, 0, 1, 2, 3, 4, 5];
const IS_NIGHT: readonly boolean[] = Array.from({ length: 24 }, (_, h) => NIGHT_HOURS.includes(h));

/**
 * Least share of a warfare type's casualties that falls in the night hours when
 * `night_operations` is on: the night's share of the clock, so a force that fights at night
 * loses as many soldiers per night hour as per hour of the day on average (docs/schedule.md).
 */
export const NIGHT_OPERATIONS_SHARE = NIGHT_HOURS.length / 24;

/** Share of the weight that falls in the night hours. */
export function nightShare(weights: readonly number[]): number {
  let all = 0;
  let night = 0;
  for (let h = 0; h < 24; h++) {
    const w = weights[h] as number;
    all += w;
    if (IS_NIGHT[h]) night += w;
  }
  return all > 0 ? night / all : 0;
}

/**
 * A pattern under `night_operations`: when its night hours carry less than
 * NIGHT_OPERATIONS_SHARE, it is blended with an even spread over the night hours,
 * (1 − α) × pattern + α × night, with α chosen so that the night carries exactly that share.
 * The pattern keeps its shape (its daytime peaks stay where they were, only smaller); a pattern
 * that already fights enough at night (a late surge) is returned unchanged.
 */
export function withNightOperations(weights: readonly number[]): readonly number[] {
  const s = nightShare(weights);
  if (s >= NIGHT_OPERATIONS_SHARE) return weights;
  let all = 0;
  for (const w of weights) all += w;
  const alpha = (NIGHT_OPERATIONS_SHARE - s) / (1 - s);
  const perNightHour = alpha / NIGHT_HOURS.length;
  return weights.map((w, h) => ((1 - alpha) * w) / all + (IS_NIGHT[h] ? perNightHour : 0));
}

/**
 * Hour weights of the disease and non-battle injury (DNBI) background stream. Soldiers fall ill
 * and get hurt at every hour, but they present when the unit is awake and working: the morning
 * sick call (07–10) is the peak, duty hours (11–17) follow, evening and night are quieter (only
 * what cannot wait). Mild on purpose (peak ÷ trough = 3.2): the night hours 22–05 still carry
 * about 18 % of the stream. See docs/schedule.md.
 */
export const DNBI_HOUR_WEIGHTS: readonly number[] = Array.from({ length: 24 }, (_, h) => {
  if (h <= 5) return 0.5;
  if (h === 6) return 0.9;
  if (h <= 10) return 1.6;
  if (h <= 17) return 1.2;
  if (h <= 21) return 0.8;
  return 0.6;
});

/** Each DNBI hour weight is multiplied by a factor uniform in [1 − j, 1 + j], drawn per day. */
export const DNBI_DAY_JITTER = 0.25;

/**
 * The DNBI hour weights of one day: DNBI_HOUR_WEIGHTS with a per-day jitter, so that a small
 * daily count does not fall in the same hours every day (a largest-remainder split of a fixed
 * pattern would put it there). Fills `out` (24 numbers) and returns it.
 */
export function dnbiHourWeights(rng: Rng, out: number[]): number[] {
  for (let h = 0; h < 24; h++) out[h] = (DNBI_HOUR_WEIGHTS[h] as number) * rng.uniform(1 - DNBI_DAY_JITTER, 1 + DNBI_DAY_JITTER);
  return out;
}
