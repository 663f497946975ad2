/**
 * Central, eastern and south-eastern European personal numbers, written from the public
 * descriptions of each scheme: Polish PESEL, Czech and Slovak rodné číslo, Hungarian TAJ,
 * Croatian OIB, Yugoslav-successor EMŠO / JMBG (Slovenia, Montenegro, North Macedonia),
 * Bulgarian EGN, Romanian CNP, Albanian NID, Greek AMKA and Turkish T.C. Kimlik No.
 */
import type { Rng } from '../../../rng.js';
import {
  PAD2, between, dayOf, ddmmyy, digitAt, digits, isDate, isDigits, luhnDigit, luhnValid, mod11_10Digit, monthOf, num2, pad3,
  parityDigit, sexOfOdd, weighted, yearOf, yymmdd, type IdScheme, type Sex,
} from './util.js';

// ---------------------------------------------------------------- PESEL (Poland)
const PESEL_W = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
const peselCheck = (first10: string): number => (10 - (weighted(first10, PESEL_W) % 10)) % 10;

/** YYMMDD with the century in the month (+80 1800s, +0 1900s, +20 2000s), serial, sex digit (odd male), check. */
export function pesel(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const offset = year < 1900 ? 80 : year < 2000 ? 0 : year < 2100 ? 20 : 40;
  const body = `${PAD2[year % 100] as string}${PAD2[monthOf(birth) + offset] as string}${PAD2[dayOf(birth)] as string}` +
    `${digits(rng, 3)}${parityDigit(rng, sex === 'male')}`;
  return body + peselCheck(body);
}

function peselDecode(id: string): { birth: number; sex: Sex } | null {
  if (!isDigits(id, 11) || peselCheck(id) !== digitAt(id, 10)) return null;
  const m = num2(id, 2);
  const century = m > 80 ? 1800 : m > 60 ? 2200 : m > 40 ? 2100 : m > 20 ? 2000 : 1900;
  const year = century + num2(id, 0);
  const month = m % 20;
  const day = num2(id, 4);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: sexOfOdd(digitAt(id, 9)) };
}

export const isValidPesel = (id: string): boolean => peselDecode(id) !== null;

export const POLISH_PESEL: IdScheme = {
  scheme: 'PESEL',
  check: 'weighted mod 10 (1 3 7 9)',
  generate: pesel,
  validate: isValidPesel,
  agrees: (id, birth, sex) => {
    const d = peselDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ------------------------------------------------------ rodné číslo (Czechia, Slovakia)
/**
 * YYMMDD/SSSC: women's months +50; since 1954 the ten digits form a number divisible by 11
 * (numbers whose first nine digits leave remainder 10 are skipped rather than given the legacy
 * check digit 0). Before 1954 the number had nine digits, YYMMDD/SSS, with no check digit.
 */
export function rodneCislo(rng: Rng, birth: number, sex: Sex): string {
  const yy = yearOf(birth) % 100;
  const month = monthOf(birth) + (sex === 'female' ? 50 : 0);
  const date = `${PAD2[yy] as string}${PAD2[month] as string}${PAD2[dayOf(birth)] as string}/`;
  if (yearOf(birth) < 1954) return date + pad3(between(rng, 0, 999));
  const head = yy * 10000 + month * 100 + dayOf(birth);
  for (;;) {
    const serial = between(rng, 0, 999);
    const check = (head * 1000 + serial) % 11;
    if (check < 10) return `${date}${pad3(serial)}${check}`;
  }
}

function rodneDecode(id: string): { birth: number; sex: Sex } | null {
  if ((id.length !== 11 && id.length !== 10) || id[6] !== '/') return null;
  const digits = id.slice(0, 6) + id.slice(7);
  if (!isDigits(digits, digits.length)) return null;
  const yy = num2(digits, 0);
  let year: number;
  if (digits.length === 9) {
    if (yy >= 54) return null; // nine-digit numbers were issued until 1953
    year = 1900 + yy;
  } else {
    if (Number(digits) % 11 !== 0) return null;
    year = (yy < 54 ? 2000 : 1900) + yy;
  }
  let m = num2(digits, 2);
  const sex: Sex = m > 50 ? 'female' : 'male';
  if (m > 70) m -= 70; // since 2004 +20 may be added when a day's serials run out
  else if (m > 50) m -= 50;
  else if (m > 20) m -= 20;
  const day = num2(digits, 4);
  if (!isDate(year, m, day)) return null;
  return { birth: year * 10000 + m * 100 + day, sex };
}

export const RODNE_CISLO: IdScheme = {
  scheme: 'rodné číslo',
  check: 'divisible by 11 (from 1954)',
  generate: rodneCislo,
  validate: (id) => rodneDecode(id) !== null,
  agrees: (id, birth, sex) => {
    const d = rodneDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ------------------------------------------------------------------ TAJ (Hungary)
const TAJ_W = [3, 7, 3, 7, 3, 7, 3, 7];

/** Eight digits and a CDV check digit Σ (3, 7 alternating) mod 10, written `NNN NNN NNN`. */
export function taj(rng: Rng): string {
  const eight = digits(rng, 8);
  const nine = eight + (weighted(eight, TAJ_W) % 10);
  return `${nine.slice(0, 3)} ${nine.slice(3, 6)} ${nine.slice(6)}`;
}

export function isValidTaj(id: string): boolean {
  if (id.length !== 11 || id[3] !== ' ' || id[7] !== ' ') return false;
  const nine = id.slice(0, 3) + id.slice(4, 7) + id.slice(8);
  return isDigits(nine, 9) && weighted(nine, TAJ_W) % 10 === digitAt(nine, 8);
}

export const HUNGARIAN_TAJ: IdScheme = {
  scheme: 'TAJ',
  check: 'CDV weights 3, 7 mod 10',
  generate: (rng) => taj(rng),
  validate: isValidTaj,
  agrees: () => true,
};

// ------------------------------------------------------------------ OIB (Croatia)
/** Ten random digits and an ISO 7064 MOD 11,10 check digit. */
export function oib(rng: Rng): string {
  const ten = `${between(rng, 1, 9)}${digits(rng, 9)}`;
  return ten + mod11_10Digit(ten);
}

export const isValidOib = (id: string): boolean => isDigits(id, 11) && mod11_10Digit(id.slice(0, 10)) === digitAt(id, 10);

export const CROATIAN_OIB: IdScheme = {
  scheme: 'OIB',
  check: 'ISO 7064 MOD 11,10',
  generate: (rng) => oib(rng),
  validate: isValidOib,
  agrees: () => true,
};

// --------------------------------------------------- EMŠO / JMBG (SVN, MNE, MKD)
const EMSO_W = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function emsoCheck(twelve: string): number {
  const m = 11 - (weighted(twelve, EMSO_W) % 11);
  return m === 11 ? 0 : m; // 10 is never issued
}

/** DDMMYYY RR BBB K: three-digit year, region RR, serial BBB 000–499 male / 500–999 female, modulus-11 K. */
function emsoGenerate(regions: readonly number[]) {
  return (rng: Rng, birth: number, sex: Sex): string => {
    const head = `${ddmmyy(birth).slice(0, 4)}${pad3(yearOf(birth) % 1000)}`;
    for (;;) {
      const region = regions[Math.floor(rng.float() * regions.length)] as number;
      const serial = between(rng, 0, 499) + (sex === 'female' ? 500 : 0);
      const twelve = `${head}${PAD2[region] as string}${pad3(serial)}`;
      const k = emsoCheck(twelve);
      if (k < 10) return twelve + k;
    }
  };
}

function emsoDecode(id: string, regions: readonly number[]): { birth: number; sex: Sex } | null {
  if (!isDigits(id, 13) || emsoCheck(id) !== digitAt(id, 12)) return null;
  if (!regions.includes(num2(id, 7))) return null;
  const yyy = Number(id.slice(4, 7));
  const year = yyy >= 800 ? 1000 + yyy : 2000 + yyy;
  const month = num2(id, 2);
  const day = num2(id, 0);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: Number(id.slice(9, 12)) < 500 ? 'male' : 'female' };
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function emsoScheme(scheme: string, regions: readonly number[]): IdScheme {
  return {
    scheme,
    check: 'modulus 11 (weights 7…2 twice)',
    generate: emsoGenerate(regions),
    validate: (id) => emsoDecode(id, regions) !== null,
    agrees: (id, birth, sex) => {
      const d = emsoDecode(id, regions);
      return d !== null && d.birth === birth && d.sex === sex;
    },
  };
}

/** Slovenia: region 50. Montenegro: 21–29. North Macedonia: 41–49. */
export const SLOVENIAN_EMSO = emsoScheme('EMŠO', [50]);
export const MONTENEGRIN_JMBG = emsoScheme('JMBG', range(21, 29));
export const MACEDONIAN_EMBG = emsoScheme('ЕМБГ', range(41, 49));

// ------------------------------------------------------------------ EGN (Bulgaria)
const EGN_W = [2, 4, 8, 5, 10, 9, 7, 3, 6];

function egnCheck(nine: string): number {
  const r = weighted(nine, EGN_W) % 11;
  return r === 10 ? 0 : r;
}

/** YYMMDD (month +20 for the 1800s, +40 for the 2000s), region/serial RRR with its last digit even for men, check. */
export function egn(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const month = monthOf(birth) + (year < 1900 ? 20 : year >= 2000 ? 40 : 0);
  const nine = `${PAD2[year % 100] as string}${PAD2[month] as string}${PAD2[dayOf(birth)] as string}` +
    `${digits(rng, 2)}${parityDigit(rng, sex === 'female')}`;
  return nine + egnCheck(nine);
}

function egnDecode(id: string): { birth: number; sex: Sex } | null {
  if (!isDigits(id, 10) || egnCheck(id) !== digitAt(id, 9)) return null;
  let month = num2(id, 2);
  let century = 1900;
  if (month > 40) {
    century = 2000;
    month -= 40;
  } else if (month > 20) {
    century = 1800;
    month -= 20;
  }
  const year = century + num2(id, 0);
  const day = num2(id, 4);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: digitAt(id, 8) % 2 === 0 ? 'male' : 'female' };
}

export const BULGARIAN_EGN: IdScheme = {
  scheme: 'EGN',
  check: 'weighted mod 11',
  generate: egn,
  validate: (id) => egnDecode(id) !== null,
  agrees: (id, birth, sex) => {
    const d = egnDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ------------------------------------------------------------------ CNP (Romania)
const CNP_W = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];
const CNP_COUNTIES = [...range(1, 46), 51, 52];

function cnpCheck(twelve: string): number {
  const r = weighted(twelve, CNP_W) % 11;
  return r === 10 ? 1 : r;
}

/** S YYMMDD JJ NNN C: S sex and century (1/2 1900s, 5/6 2000s; odd male), county JJ, serial 001–999, check. */
export function cnp(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const s = (year < 1900 ? 3 : year < 2000 ? 1 : 5) + (sex === 'female' ? 1 : 0);
  const county = CNP_COUNTIES[Math.floor(rng.float() * CNP_COUNTIES.length)] as number;
  const twelve = `${s}${yymmdd(birth)}${PAD2[county] as string}${pad3(between(rng, 1, 999))}`;
  return twelve + cnpCheck(twelve);
}

function cnpDecode(id: string): { birth: number | null; sex: Sex } | null {
  if (!isDigits(id, 13) || cnpCheck(id) !== digitAt(id, 12)) return null;
  const s = digitAt(id, 0);
  if (s === 0 || !CNP_COUNTIES.includes(num2(id, 7)) || id.slice(9, 12) === '000') return null;
  const yy = num2(id, 1);
  const month = num2(id, 3);
  const day = num2(id, 5);
  if (s >= 7) return isDate(1900 + yy, month, day) || isDate(2000 + yy, month, day) ? { birth: null, sex: sexOfOdd(s) } : null;
  const year = (s <= 2 ? 1900 : s <= 4 ? 1800 : 2000) + yy;
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: sexOfOdd(s) };
}

export const ROMANIAN_CNP: IdScheme = {
  scheme: 'CNP',
  check: 'weighted mod 11 (279146358279)',
  generate: cnp,
  validate: (id) => cnpDecode(id) !== null,
  agrees: (id, birth, sex) => {
    const d = cnpDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ------------------------------------------------------------ NID (Albania)
const ALB_DECADES = '0123456789ABCDEFGHIJKLMNOPQRST';
const ALB_CHECK = 'WABCDEFGHIJKLMNOPQRSTUV';

function albCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  return c >= 48 && c <= 57 ? c - 48 : ALB_CHECK.indexOf(ch);
}

function albCheck(nine: string): string {
  let sum = albCharValue(nine[0] as string);
  for (let i = 1; i < 9; i++) sum += i * (nine.charCodeAt(i) - 48);
  return ALB_CHECK[sum % 23] as string;
}

/**
 * Decade letter (A 1900s … J 1990s, K 2000s), year digit, month (+50 women), day, serial, check
 * letter. The check letter's rule is not officially published; this is the weighted mod-23 rule
 * of public descriptions (see docs/nations.md).
 */
export function albanianNid(rng: Rng, birth: number, sex: Sex): string {
  const year = yearOf(birth);
  const nine = `${ALB_DECADES[Math.floor((year - 1800) / 10)] as string}${year % 10}` +
    `${PAD2[monthOf(birth) + (sex === 'female' ? 50 : 0)] as string}${PAD2[dayOf(birth)] as string}${digits(rng, 3)}`;
  return nine + albCheck(nine);
}

function albDecode(id: string): { birth: number; sex: Sex } | null {
  if (id.length !== 10) return null;
  const decade = ALB_DECADES.indexOf(id[0] as string);
  if (decade < 0 || !isDigits(id.slice(1, 9), 8) || albCheck(id.slice(0, 9)) !== id[9]) return null;
  let month = num2(id, 2);
  const sex: Sex = month > 50 ? 'female' : 'male';
  if (month > 50) month -= 50;
  const year = 1800 + 10 * decade + digitAt(id, 1);
  const day = num2(id, 4);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex };
}

export const ALBANIAN_NID: IdScheme = {
  scheme: 'NID (numri personal)',
  check: 'check letter, weighted mod 23 (not officially published)',
  generate: albanianNid,
  validate: (id) => albDecode(id) !== null,
  agrees: (id, birth, sex) => {
    const d = albDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ------------------------------------------------------------------ AMKA (Greece)
/** DDMMYY, three serial digits and a sex digit (odd male), Luhn check digit. */
export function amka(rng: Rng, birth: number, sex: Sex): string {
  const ten = `${ddmmyy(birth)}${digits(rng, 3)}${parityDigit(rng, sex === 'male')}`;
  return ten + luhnDigit(ten);
}

function amkaValid(id: string): boolean {
  if (!isDigits(id, 11) || !luhnValid(id)) return false;
  const yy = num2(id, 4);
  const month = num2(id, 2);
  const day = num2(id, 0);
  return isDate(1900 + yy, month, day) || isDate(2000 + yy, month, day);
}

export const GREEK_AMKA: IdScheme = {
  scheme: 'AMKA',
  check: 'Luhn',
  generate: amka,
  validate: amkaValid,
  agrees: (id, birth, sex) => amkaValid(id) && id.slice(0, 6) === ddmmyy(birth) && sexOfOdd(digitAt(id, 9)) === sex,
};

// ------------------------------------------------------- T.C. Kimlik No (Türkiye)
function tcDigits(nine: string): string {
  let odd = 0;
  let even = 0;
  for (let i = 0; i < 9; i++) {
    if (i % 2 === 0) odd += digitAt(nine, i);
    else even += digitAt(nine, i);
  }
  const d10 = (((odd * 7 - even) % 10) + 10) % 10;
  const d11 = (odd + even + d10) % 10;
  return `${d10}${d11}`;
}

/** Nine digits (first not 0), d10 = (7·Σodd − Σeven) mod 10, d11 = Σd1…d10 mod 10. */
export function tcKimlik(rng: Rng): string {
  const nine = `${between(rng, 1, 9)}${digits(rng, 8)}`;
  return nine + tcDigits(nine);
}

export const isValidTcKimlik = (id: string): boolean =>
  isDigits(id, 11) && id[0] !== '0' && tcDigits(id.slice(0, 9)) === id.slice(9);

export const TURKISH_TC_KIMLIK: IdScheme = {
  scheme: 'T.C. Kimlik No',
  check: 'two check digits (mod 10)',
  generate: (rng) => tcKimlik(rng),
  validate: isValidTcKimlik,
  agrees: () => true,
};
