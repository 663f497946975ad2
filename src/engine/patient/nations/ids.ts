/**
 * National identity numbers, written from the public descriptions of each scheme. Birth dates
 * are packed integers (year × 10000 + month × 100 + day). Each generator has a validator that
 * the tests run against published valid examples and against generated numbers.
 */
import type { Rng } from '../../rng.js';
import { PAD2 } from '../time.js';

export type Sex = 'male' | 'female';

const split = (packed: number) => {
  const year = Math.floor(packed / 10000);
  const md = packed - year * 10000;
  return { year, month: Math.floor(md / 100), day: md % 100 };
};

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** `n` random decimal digits. */
export function digits(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(48 + Math.floor(rng.float() * 10));
  return out;
}

const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

// ---------------------------------------------------------------- PESEL (Poland)
const PESEL_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

function peselCheck(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += digitAt(first10, i) * (PESEL_WEIGHTS[i] as number);
  return (10 - (sum % 10)) % 10;
}

/** YYMMDD with the century in the month (+80 1800s, +0 1900s, +20 2000s), serial, sex digit, check. */
export function pesel(rng: Rng, birth: number, sex: Sex): string {
  const { year, month, day } = split(birth);
  const offset = year < 1900 ? 80 : year < 2000 ? 0 : year < 2100 ? 20 : 40;
  const sexDigit = 2 * rng.int(0, 4) + (sex === 'male' ? 1 : 0);
  const body = `${PAD2[year % 100]}${PAD2[month + offset]}${PAD2[day]}${pad3(rng.int(0, 999))}${sexDigit}`;
  return body + peselCheck(body);
}

export function isValidPesel(id: string): boolean {
  return /^\d{11}$/.test(id) && peselCheck(id) === digitAt(id, 10);
}

// ---------------------------------------- Estonian isikukood / Lithuanian asmens kodas
const EE_W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const EE_W2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

function estonianCheck(first10: string): number {
  let s = 0;
  for (let i = 0; i < 10; i++) s += digitAt(first10, i) * (EE_W1[i] as number);
  let r = s % 11;
  if (r < 10) return r;
  s = 0;
  for (let i = 0; i < 10; i++) s += digitAt(first10, i) * (EE_W2[i] as number);
  r = s % 11;
  return r < 10 ? r : 0;
}

/** G YYMMDD SSS C: G encodes century and sex (1/2 1800s, 3/4 1900s, 5/6 2000s; odd male). */
export function estonianPersonalCode(rng: Rng, birth: number, sex: Sex): string {
  const { year, month, day } = split(birth);
  const g = 2 * Math.floor((year - 1800) / 100) + (sex === 'male' ? 1 : 2);
  const body = `${g}${PAD2[year % 100]}${PAD2[month]}${PAD2[day]}${pad3(rng.int(0, 999))}`;
  return body + estonianCheck(body);
}

export function isValidEstonianPersonalCode(id: string): boolean {
  return /^[1-8]\d{10}$/.test(id) && estonianCheck(id) === digitAt(id, 10);
}

// ------------------------------------------------------- Finnish henkilötunnus (HETU)
const HETU_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** DDMMYY, century sign (+ 1800s, - 1900s, A 2000s), individual number 002–899 (odd male), check. */
export function henkilotunnus(rng: Rng, birth: number, sex: Sex): string {
  const { year, month, day } = split(birth);
  const sign = year < 1900 ? '+' : year < 2000 ? '-' : 'A';
  const individual = 2 * rng.int(1, 449) + (sex === 'male' ? 1 : 0);
  const nine = `${PAD2[day]}${PAD2[month]}${PAD2[year % 100]}${pad3(individual)}`;
  return `${nine.slice(0, 6)}${sign}${nine.slice(6)}${HETU_CHARS[Number(nine) % 31] as string}`;
}

export function isValidHenkilotunnus(id: string): boolean {
  const m = /^(\d{6})[-+ABCDEFUVWXY](\d{3})([0-9A-Y])$/.exec(id);
  if (!m) return false;
  return HETU_CHARS[Number(`${m[1] as string}${m[2] as string}`) % 31] === m[3];
}

// ------------------------------------------------------------ BSN (Netherlands) 11-test
function bsnSum(first8: string): number {
  let s = 0;
  for (let i = 0; i < 8; i++) s += digitAt(first8, i) * (9 - i);
  return s;
}

/** Nine digits with 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11). */
export function bsn(rng: Rng): string {
  for (;;) {
    const first8 = `${rng.int(1, 9)}${digits(rng, 7)}`;
    const check = bsnSum(first8) % 11;
    if (check < 10) return first8 + check;
  }
}

export function isValidBsn(id: string): boolean {
  return /^\d{9}$/.test(id) && (bsnSum(id) - digitAt(id, 8)) % 11 === 0;
}

// ------------------------------------------------------------------ DNI (Spain) letter
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function dni(rng: Rng): string {
  const n = rng.int(10_000_000, 79_999_999);
  return `${n}${DNI_LETTERS[n % 23] as string}`;
}

export function isValidDni(id: string): boolean {
  const m = /^(\d{8})([A-Z])$/.exec(id);
  return m !== null && DNI_LETTERS[Number(m[1]) % 23] === m[2];
}

// -------------------------------------------------- National Insurance number (UK)
const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';
const NINO_BARRED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** Two prefix letters (D F I Q U V never; O never second; some pairs never issued), 6 digits, A–D. */
export function nino(rng: Rng): string {
  let prefix: string;
  do prefix = (NINO_FIRST[rng.int(0, NINO_FIRST.length - 1)] as string) + (NINO_SECOND[rng.int(0, NINO_SECOND.length - 1)] as string);
  while (NINO_BARRED.has(prefix));
  return `${prefix}${digits(rng, 6)}${'ABCD'[rng.int(0, 3)] as string}`;
}

export function isValidNino(id: string): boolean {
  const m = /^([A-Z])([A-Z])\d{6}[A-D]$/.exec(id);
  if (!m) return false;
  return NINO_FIRST.includes(m[1] as string) && NINO_SECOND.includes(m[2] as string) && !NINO_BARRED.has(id.slice(0, 2));
}

// --------------------------------------------------------- Social Security number (US)
/** AAA-GG-SSSS: area 001–899 except 666, group 01–99, serial 0001–9999 (no check digit). */
export function ssn(rng: Rng): string {
  let area: number;
  do area = rng.int(1, 899);
  while (area === 666);
  return `${pad3(area)}-${PAD2[rng.int(1, 99)] as string}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

export function isValidSsn(id: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(id);
  if (!m) return false;
  const area = Number(m[1]);
  return area > 0 && area < 900 && area !== 666 && m[2] !== '00' && m[3] !== '0000';
}
