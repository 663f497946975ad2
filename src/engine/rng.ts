/**
 * Seeded random streams. Every random decision in the engine comes from an Rng derived from
 * (run seed, stream kind, keys…) so any patient or schedule bucket can be regenerated alone.
 */

const TWO_POW_32 = 4294967296;

/** 32-bit finaliser (from the splitmix/murmur family): spreads nearby inputs far apart. */
export function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units, then mixed: a stable 32-bit hash of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A run seed (integer or string, as the scenario gives it) reduced to 32 bits. */
export function seedKey(seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed);
  if (!Number.isSafeInteger(seed)) return hashString(String(seed));
  const lo = seed % TWO_POW_32;
  const hi = Math.floor(seed / TWO_POW_32);
  return mix32(mix32(lo >>> 0) ^ Math.imul(hi | 0, 0x9e3779b1));
}

/** Stream kinds keep the random streams of different purposes apart. */
export const Stream = {
  schedule: 1,
  hourBucket: 2,
  patient: 3,
  exactQuota: 4,
  /** Per-patient front draw and the front quota key (schedule). */
  front: 5,
} as const;

/**
 * xoroshiro128+ with its two 64-bit words kept as four 32-bit halves (hi0:lo0, hi1:lo1); each
 * draw is the low 32 bits of s0 + s1. The state lives in the Rng itself rather than in a
 * generator object behind it: a patient draws ≈ 100 numbers, and the indirection and the second
 * allocation per stream showed in profiles. Same sequence as pure-rand's xoroshiro128plus built
 * from the state [hi0, lo0, hi1, lo1] (rng.test.ts compares them).
 */
export class Rng {
  private hi0: number;
  private lo0: number;
  private hi1: number;
  private lo1: number;

  private constructor(hi0: number, lo0: number, hi1: number, lo1: number) {
    this.hi0 = hi0;
    this.lo0 = lo0;
    this.hi1 = hi1;
    this.lo1 = lo1;
  }

  /** An independent stream for (seed key, kind, a, b). */
  static derive(key: number, kind: number, a = 0, b = 0): Rng {
    const base = mix32(key ^ Math.imul(kind, 0x9e3779b1));
    const s0 = mix32(base ^ mix32(a + 0x632be5ab));
    const s1 = mix32(s0 ^ mix32(b + 0x85157af5));
    const s2 = mix32(s1 + 0x7f4a7c15);
    const s3 = mix32(s2 ^ 0x165667b1) | 1; // never an all-zero state
    return new Rng(s0 | 0, s1 | 0, s2 | 0, s3 | 0);
  }

  /** The next 32 bits, as a signed integer: s0 += …; s1 ^= s0; s0 = rotl(s0, 24) ^ s1 ^ (s1 << 16); s1 = rotl(s1, 37). */
  private next(): number {
    const hi0 = this.hi0;
    const lo0 = this.lo0;
    const xhi = this.hi1 ^ hi0;
    const xlo = this.lo1 ^ lo0;
    const out = (lo0 + this.lo1) | 0;
    this.lo0 = ((lo0 << 24) | (hi0 >>> 8)) ^ xlo ^ (xlo << 16);
    this.hi0 = ((hi0 << 24) | (lo0 >>> 8)) ^ xhi ^ ((xhi << 16) | (xlo >>> 16));
    this.lo1 = (xhi << 5) | (xlo >>> 27);
    this.hi1 = (xlo << 5) | (xhi >>> 27);
    return out;
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    return this.next() >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return (this.next() >>> 0) / TWO_POW_32;
  }

  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Index drawn with probability proportional to its weight (weights ≥ 0, sum > 0). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    // Rounding can leave r at exactly 0: return the last index with a positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }

  /** Eight lower-case hex digits. */
  hex8(): string {
    return this.u32().toString(16).padStart(8, '0');
  }
}
