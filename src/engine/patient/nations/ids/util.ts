/**
 * Shared pieces of the national ID generators: packed-date access, digit strings and the check
 * algorithms several schemes use (Luhn, Verhoeff, ISO 7064 MOD 11,10, ICAO 9303 7-3-1). Birth
 * dates are packed integers (year × 10000 + month × 100 + day). Generators run once per patient:
 * integer arithmetic and string concatenation only, no regular expressions, no Date objects.
 * Validators are not on the hot path and may use regular expressions.
 */
import type { Rng } from '../../../rng.js';
import { PAD2, daysInMonth } from '../../time.js';
import type { PersonName, Sex } from '../types.js';

export type { PersonName, Sex };
export { PAD2 };

/** One national identity number scheme: a generator and the validator the tests and reports use. */
export interface IdScheme {
  /** Name of the scheme, e.g. `PESEL`. */
  readonly scheme: string;
  /** What the check is, in a few words (`none` for a plain format). */
  readonly check: string;
  /** A number for a person born on `birth` (packed) of sex `sex` named `name`. */
  generate(rng: Rng, birth: number, sex: Sex, name: PersonName): string;
  /** Whether `id` is well formed and passes every check the scheme has. */
  validate(id: string): boolean;
  /**
   * Whether what `id` encodes (birth date, sex, name letters) agrees with the person. True for
   * the parts a scheme does not encode; a century the number leaves open is not compared.
   */
  agrees(id: string, birth: number, sex: Sex, name: PersonName): boolean;
}

export const yearOf = (packed: number): number => Math.floor(packed / 10000);
export const monthOf = (packed: number): number => Math.floor(packed / 100) % 100;
export const dayOf = (packed: number): number => packed % 100;
export const pack = (year: number, month: number, day: number): number => year * 10000 + month * 100 + day;

/** "000"…"999". */
export const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => (i < 10 ? `00${i}` : i < 100 ? `0${i}` : `${i}`));

/** "0000"…"9999". */
const PAD4: readonly string[] = Array.from({ length: 10000 }, (_, i) => String(i).padStart(4, '0'));

export const pad3 = (n: number): string => PAD3[n] as string;
export const pad4 = (n: number): string => PAD4[n] as string;

/** Value of the decimal digit at `i` (no check that it is one). */
export const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** `n` random decimal digits, drawn four at a time (one draw per four digits). */
export function digits(rng: Rng, n: number): string {
  let out = '';
  let left = n;
  for (; left >= 4; left -= 4) out += PAD4[Math.floor(rng.float() * 10000)] as string;
  if (left === 3) out += PAD3[Math.floor(rng.float() * 1000)] as string;
  else if (left === 2) out += PAD2[Math.floor(rng.float() * 100)] as string;
  else if (left === 1) out += String.fromCharCode(48 + Math.floor(rng.float() * 10));
  return out;
}

/** A uniform integer in [min, max]. */
export const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng.float() * (max - min + 1));

/** A uniform digit of the given parity: 1, 3, 5, 7, 9 when odd, else 0, 2, 4, 6, 8. */
export const parityDigit = (rng: Rng, odd: boolean): number => 2 * Math.floor(rng.float() * 5) + (odd ? 1 : 0);

export function isDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const isDigits = (s: string, n: number): boolean => s.length === n && /^\d+$/.test(s);

/** Weighted digit sum Σ w[i]·d[i] over the first weights.length digits of s, from `from`. */
export function weighted(s: string, weights: readonly number[], from = 0): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digitAt(s, from + i) * (weights[i] as number);
  return sum;
}

// ------------------------------------------------------------------ Luhn (mod 10)
/** The Luhn check digit to append to `payload`. */
export function luhnDigit(payload: string): number {
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digitAt(payload, i);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(s: string): boolean {
  return /^\d+$/.test(s) && luhnDigit(s.slice(0, -1)) === digitAt(s, s.length - 1);
}

// ------------------------------------------------------------------ Verhoeff
const VD = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VP = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** The Verhoeff check digit to append to `payload`. */
export function verhoeffDigit(payload: string): number {
  let c = 0;
  for (let i = payload.length - 1, k = 1; i >= 0; i--, k++) c = (VD[c] as number[])[(VP[k % 8] as number[])[digitAt(payload, i)] as number] as number;
  return VINV[c] as number;
}

export function verhoeffValid(s: string): boolean {
  return /^\d+$/.test(s) && verhoeffDigit(s.slice(0, -1)) === digitAt(s, s.length - 1);
}

// ------------------------------------------------------------------ ISO/IEC 7064 MOD 11,10
/** The ISO 7064 MOD 11,10 check digit to append to `payload` (Croatian OIB, German IdNr). */
export function mod11_10Digit(payload: string): number {
  let product = 10;
  for (let i = 0; i < payload.length; i++) {
    let sum = (digitAt(payload, i) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

// ------------------------------------------------------------------ ICAO 9303 (7-3-1)
/** Value of a machine-readable-zone character: digits 0–9, A–Z 10–35, `<` 0. */
export function icaoValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 65 && ch <= 90) return ch - 55;
  return 0;
}

export function icaoDigit(payload: string): number {
  const w = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum += icaoValue(payload.charCodeAt(i)) * (w[i % 3] as number);
  return sum % 10;
}

/** `YYMMDD` of a packed date. */
export const yymmdd = (packed: number): string =>
  (PAD2[yearOf(packed) % 100] as string) + (PAD2[monthOf(packed)] as string) + (PAD2[dayOf(packed)] as string);

/** `DDMMYY` of a packed date. */
export const ddmmyy = (packed: number): string =>
  (PAD2[dayOf(packed)] as string) + (PAD2[monthOf(packed)] as string) + (PAD2[yearOf(packed) % 100] as string);

/** Two-digit number at `i`. */
export const num2 = (s: string, i: number): number => digitAt(s, i) * 10 + digitAt(s, i + 1);

/** Sex from a digit's parity: odd male. */
export const sexOfOdd = (d: number): Sex => (d % 2 === 1 ? 'male' : 'female');
