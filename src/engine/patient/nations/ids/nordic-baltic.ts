/**
 * Nordic and Baltic personal codes, written from the public descriptions of each scheme:
 * Estonian isikukood and Lithuanian asmens kodas (EVS 585 / LST 1185), Latvian personas kods
 * (old, date-bearing form), Finnish henkilötunnus, Swedish personnummer, Danish CPR-nummer,
 * Norwegian fødselsnummer and Icelandic kennitala.
 */
import type { Rng } from '../../../rng.js';
import {
  PAD2, between, dayOf, ddmmyy, digitAt, digits, isDate, isDigits, luhnDigit, monthOf, num2, pad3, parityDigit, sexOfOdd, weighted,
  yearOf, yymmdd, type IdScheme, type Sex,
} from './util.js';

// ---------------------------------------------- Estonian isikukood / Lithuanian asmens kodas
const EE_W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const EE_W2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

function estonianCheck(first10: string): number {
  const r = weighted(first10, EE_W1) % 11;
  if (r < 10) return r;
  const r2 = weighted(first10, EE_W2) % 11;
  return r2 < 10 ? r2 : 0;
}

/** G YYMMDD SSS C: G gives century and sex (1/2 1800s, 3/4 1900s, 5/6 2000s; odd male). */
export function estonianPersonalCode(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const g = 2 * Math.floor((year - 1800) / 100) + (sex === 'male' ? 1 : 2);
  const body = `${g}${yymmdd(birth)}${digits(rng, 3)}`;
  return body + estonianCheck(body);
}

function estonianDecode(id: string): { birth: number; sex: Sex } | null {
  if (!isDigits(id, 11)) return null;
  const g = digitAt(id, 0);
  if (g < 1 || g > 8) return null;
  const year = 1800 + 100 * Math.floor((g - 1) / 2) + num2(id, 1);
  const month = num2(id, 3);
  const day = num2(id, 5);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: sexOfOdd(g) };
}

export function isValidEstonianPersonalCode(id: string): boolean {
  return estonianDecode(id) !== null && estonianCheck(id) === digitAt(id, 10);
}

const estonianScheme = (scheme: string): IdScheme => ({
  scheme,
  check: 'mod 11, two weight rounds',
  generate: estonianPersonalCode,
  validate: isValidEstonianPersonalCode,
  agrees: (id, birth, sex) => {
    const d = estonianDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
});

export const ESTONIAN_ISIKUKOOD = estonianScheme('isikukood');
export const LITHUANIAN_ASMENS_KODAS = estonianScheme('asmens kodas');

// ------------------------------------------------------------ Latvian personas kods (old)
const LV_W = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** DDMMYY-CNNNK: C the century (0 1800s, 1 1900s, 2 2000s), K = (1101 − Σ wᵢdᵢ) mod 11, never 10. */
export function latvianPersonalCode(rng: Rng, birth: number): string {
  const head = `${ddmmyy(birth)}${Math.floor(yearOf(birth) / 100) - 18}`;
  for (;;) {
    const body = head + digits(rng, 3);
    const k = (1101 - weighted(body, LV_W)) % 11;
    if (k < 10) return `${body.slice(0, 6)}-${body.slice(6)}${k}`;
  }
}

function latvianBirth(id: string): number | null {
  if (id.length !== 12 || id[6] !== '-') return null;
  const compact = id.slice(0, 6) + id.slice(7);
  if (!isDigits(compact, 11)) return null;
  const c = digitAt(compact, 6);
  if (c > 2) return null;
  const year = 1800 + 100 * c + num2(compact, 4);
  const month = num2(compact, 2);
  const day = num2(compact, 0);
  if (!isDate(year, month, day)) return null;
  return (1101 - weighted(compact, LV_W)) % 11 === digitAt(compact, 10) ? year * 10000 + month * 100 + day : null;
}

export const LATVIAN_PERSONAS_KODS: IdScheme = {
  scheme: 'personas kods (old form)',
  check: 'weighted mod 11',
  generate: (rng, birth) => latvianPersonalCode(rng, birth),
  validate: (id) => latvianBirth(id) !== null,
  agrees: (id, birth) => latvianBirth(id) === birth,
};

// ------------------------------------------------------- Finnish henkilötunnus (HETU)
const HETU_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const HETU_CENTURY: Readonly<Record<string, number>> = {
  '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900, A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};

/** DDMMYY, century sign (+ 1800s, - 1900s, A 2000s), individual number 002–899 (odd male), mod-31 character. */
export function henkilotunnus(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const sign = year < 1900 ? '+' : year < 2000 ? '-' : 'A';
  const individual = 2 * between(rng, 1, 449) + (sex === 'male' ? 1 : 0);
  const d = ddmmyy(birth);
  const n = (dayOf(birth) * 10000 + monthOf(birth) * 100 + (year % 100)) * 1000 + individual;
  return `${d}${sign}${pad3(individual)}${HETU_CHARS[n % 31] as string}`;
}

function hetuDecode(id: string): { birth: number; sex: Sex } | null {
  if (id.length !== 11) return null;
  const century = HETU_CENTURY[id[6] as string];
  const nine = id.slice(0, 6) + id.slice(7, 10);
  if (century === undefined || !isDigits(nine, 9)) return null;
  const individual = Number(id.slice(7, 10));
  if (individual < 2 || HETU_CHARS[Number(nine) % 31] !== id[10]) return null;
  const year = century + num2(id, 4);
  const month = num2(id, 2);
  const day = num2(id, 0);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: sexOfOdd(individual) };
}

export function isValidHenkilotunnus(id: string): boolean {
  return hetuDecode(id) !== null;
}

export const FINNISH_HENKILOTUNNUS: IdScheme = {
  scheme: 'henkilötunnus',
  check: 'mod 31 check character',
  generate: henkilotunnus,
  validate: isValidHenkilotunnus,
  agrees: (id, birth, sex) => {
    const d = hetuDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ---------------------------------------------------------------- Swedish personnummer
/** YYMMDD-NNNC: birth number with its last digit odd for men, Luhn over the ten digits. */
export function personnummer(rng: Rng, birth: number, sex: Sex): string {
  for (;;) {
    const nn = between(rng, 0, 99);
    const serial = nn * 10 + parityDigit(rng, sex === 'male');
    if (serial === 0) continue;
    const body = yymmdd(birth) + pad3(serial);
    return `${body.slice(0, 6)}-${pad3(serial)}${luhnDigit(body)}`;
  }
}

function swedishParts(id: string): string | null {
  if (id.length !== 11 || (id[6] !== '-' && id[6] !== '+')) return null;
  const ten = id.slice(0, 6) + id.slice(7);
  if (!isDigits(ten, 10) || ten.slice(6, 9) === '000') return null;
  const yy = num2(ten, 0);
  const month = num2(ten, 2);
  const day = num2(ten, 4);
  // The century is not in the number (only "100 or older" is): accept a date valid in either.
  if (!isDate(1900 + yy, month, day) && !isDate(2000 + yy, month, day)) return null;
  return luhnDigit(ten.slice(0, 9)) === digitAt(ten, 9) ? ten : null;
}

export const SWEDISH_PERSONNUMMER: IdScheme = {
  scheme: 'personnummer',
  check: 'Luhn',
  generate: personnummer,
  validate: (id) => swedishParts(id) !== null,
  agrees: (id, birth, sex) => {
    const ten = swedishParts(id);
    return ten !== null && ten.slice(0, 6) === yymmdd(birth) && sexOfOdd(digitAt(ten, 8)) === sex;
  },
};

// ------------------------------------------------------------------- Danish CPR-nummer
const CPR_W = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
const CPR_W_DATE = CPR_W.slice(0, 6);

/** Century of a CPR number from its seventh digit and two-digit year, or 0 when none fits. */
function cprCentury(d7: number, yy: number): number {
  if (d7 <= 3) return 1900;
  if (d7 === 4 || d7 === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

/**
 * DDMMYY-SSSS: the first serial digit gives the century with the year (0–3 1900s; 4–9 2000s up
 * to 2036), the last digit is odd for men, and the ten digits pass the modulus-11 test (weights
 * 4 3 2 7 6 5 4 3 2 1). Numbers issued since 2007 need not pass it; we issue only ones that do.
 */
export function cpr(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const head = ddmmyy(birth);
  const headSum = weighted(head, CPR_W_DATE);
  for (;;) {
    const d7 = year < 2000 ? between(rng, 0, 3) : between(rng, 4, 9);
    const d8 = between(rng, 0, 9);
    const d9 = between(rng, 0, 9);
    const check = (11 - ((headSum + 4 * d7 + 3 * d8 + 2 * d9) % 11)) % 11;
    if (check === 10 || (check % 2 === 1) !== (sex === 'male')) continue;
    return `${head}-${d7}${d8}${d9}${check}`;
  }
}

function cprDecode(id: string): { birth: number; sex: Sex } | null {
  if (id.length !== 11 || id[6] !== '-') return null;
  const ten = id.slice(0, 6) + id.slice(7);
  if (!isDigits(ten, 10) || weighted(ten, CPR_W) % 11 !== 0) return null;
  const yy = num2(ten, 4);
  const year = cprCentury(digitAt(ten, 6), yy) + yy;
  const month = num2(ten, 2);
  const day = num2(ten, 0);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: sexOfOdd(digitAt(ten, 9)) };
}

export const DANISH_CPR: IdScheme = {
  scheme: 'CPR-nummer',
  check: 'modulus 11 (pre-2007 rule, kept for all issued numbers)',
  generate: cpr,
  validate: (id) => cprDecode(id) !== null,
  agrees: (id, birth, sex) => {
    const d = cprDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ------------------------------------------------------------- Norwegian fødselsnummer
const NO_K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const NO_K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function mod11Control(s: string, weights: readonly number[]): number {
  const c = 11 - (weighted(s, weights) % 11);
  return c === 11 ? 0 : c;
}

/**
 * DDMMYY III K1 K2: individual number 000–499 for 1900–1999 and 500–999 for 2000–2039, its last
 * digit even for women; two modulus-11 control digits (a 10 is never issued: redraw).
 */
export function fodselsnummer(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const head = ddmmyy(birth);
  for (;;) {
    const hundreds = year < 2000 ? between(rng, 0, 4) : between(rng, 5, 9);
    const individual = hundreds * 100 + between(rng, 0, 9) * 10 + parityDigit(rng, sex === 'male');
    const nine = head + pad3(individual);
    const k1 = mod11Control(nine, NO_K1);
    if (k1 === 10) continue;
    const k2 = mod11Control(nine + k1, NO_K2);
    if (k2 === 10) continue;
    return `${nine}${k1}${k2}`;
  }
}

function fnrDecode(id: string): { birth: number; sex: Sex } | null {
  if (!isDigits(id, 11)) return null;
  if (mod11Control(id, NO_K1) !== digitAt(id, 9) || mod11Control(id, NO_K2) !== digitAt(id, 10)) return null;
  const yy = num2(id, 4);
  const individual = Number(id.slice(6, 9));
  let century: number;
  if (individual < 500) century = 1900;
  else if (individual < 750 && yy >= 54) century = 1800;
  else if (yy <= 39) century = 2000;
  else if (individual >= 900) century = 1900;
  else return null;
  const year = century + yy;
  const month = num2(id, 2);
  const day = num2(id, 0);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: sexOfOdd(digitAt(id, 8)) };
}

export const NORWEGIAN_FODSELSNUMMER: IdScheme = {
  scheme: 'fødselsnummer',
  check: 'two modulus-11 control digits',
  generate: fodselsnummer,
  validate: (id) => fnrDecode(id) !== null,
  agrees: (id, birth, sex) => {
    const d = fnrDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ----------------------------------------------------------------- Icelandic kennitala
const KT_W = [3, 2, 7, 6, 5, 4, 3, 2];

/** DDMMYY-RRCD: two random digits (20–99), modulus-11 check digit C (10 never issued), century digit D (9 1900s, 0 2000s). */
export function kennitala(rng: Rng, birth: number): string {
  const head = ddmmyy(birth);
  const century = Math.floor(yearOf(birth) / 100) % 10;
  for (;;) {
    const rr = PAD2[between(rng, 20, 99)] as string;
    const c = mod11Control(head + rr, KT_W);
    if (c < 10) return `${head}-${rr}${c}${century}`;
  }
}

function kennitalaBirth(id: string): number | null {
  if (id.length !== 11 || id[6] !== '-') return null;
  const ten = id.slice(0, 6) + id.slice(7);
  if (!isDigits(ten, 10) || mod11Control(ten, KT_W) !== digitAt(ten, 8)) return null;
  const d = digitAt(ten, 9);
  if (d !== 8 && d !== 9 && d !== 0) return null;
  const year = (d === 0 ? 2000 : 1000 + 100 * d) + num2(ten, 4);
  const month = num2(ten, 2);
  const day = num2(ten, 0);
  return isDate(year, month, day) ? year * 10000 + month * 100 + day : null;
}

export const ICELANDIC_KENNITALA: IdScheme = {
  scheme: 'kennitala',
  check: 'modulus 11 check digit',
  generate: (rng, birth) => kennitala(rng, birth),
  validate: (id) => kennitalaBirth(id) !== null,
  agrees: (id, birth) => kennitalaBirth(id) === birth,
};

