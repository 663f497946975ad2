/**
 * Western European identity numbers, written from the public descriptions of each scheme:
 * Dutch BSN, Belgian national register number, Luxembourg matricule, French NIR, German
 * steuerliche Identifikationsnummer, Italian codice fiscale, Spanish DNI, Portuguese Cartão de
 * Cidadão document number and British National Insurance number.
 */
import type { Rng } from '../../../rng.js';
import {
  PAD2, between, dayOf, digitAt, digits, isDate, isDigits, luhnDigit, mod11_10Digit, monthOf, num2, pad3,
  sexOfOdd, verhoeffDigit, yearOf, yymmdd, type IdScheme, type PersonName, type Sex,
} from './util.js';

// ------------------------------------------------------------ BSN (Netherlands) 11-test
function bsnSum(first8: string): number {
  let s = 0;
  for (let i = 0; i < 8; i++) s += digitAt(first8, i) * (9 - i);
  return s;
}

/** Nine digits with 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11). */
export function bsn(rng: Rng): string {
  for (;;) {
    const first8 = `${between(rng, 1, 9)}${digits(rng, 7)}`;
    const check = bsnSum(first8) % 11;
    if (check < 10) return first8 + check;
  }
}

export const isValidBsn = (id: string): boolean => isDigits(id, 9) && (bsnSum(id) - digitAt(id, 8)) % 11 === 0;

export const DUTCH_BSN: IdScheme = { scheme: 'BSN', check: '11-test', generate: (rng) => bsn(rng), validate: isValidBsn, agrees: () => true };

// ------------------------------------------- Belgian national register number
/**
 * YY.MM.DD-SSS.CC: serial 001–997 odd for men, 002–998 even for women; CC = 97 − (n mod 97)
 * where n is YYMMDDSSS, prefixed with 2 for births from 2000.
 */
export function belgianNationalNumber(rng: Rng, birth: number, sex: Sex): string {
  const serial = 2 * between(rng, 0, 498) + (sex === 'male' ? 1 : 2);
  const n = (yearOf(birth) % 100) * 1e7 + monthOf(birth) * 1e5 + dayOf(birth) * 1e3 + serial + (yearOf(birth) >= 2000 ? 2e9 : 0);
  const check = 97 - (n % 97);
  return `${PAD2[yearOf(birth) % 100] as string}.${PAD2[monthOf(birth)] as string}.${PAD2[dayOf(birth)] as string}-${pad3(serial)}.${PAD2[check] as string}`;
}

function belgianDecode(id: string): { birth: number; sex: Sex } | null {
  if (id.length !== 15 || id[2] !== '.' || id[5] !== '.' || id[8] !== '-' || id[12] !== '.') return null;
  const eleven = id.slice(0, 2) + id.slice(3, 5) + id.slice(6, 8) + id.slice(9, 12) + id.slice(13);
  if (!isDigits(eleven, 11)) return null;
  const n = Number(eleven.slice(0, 9));
  const check = num2(eleven, 9);
  const century = 97 - (n % 97) === check ? 1900 : 97 - ((n + 2e9) % 97) === check ? 2000 : 0;
  const serial = Number(eleven.slice(6, 9));
  if (century === 0 || serial === 0 || serial === 999) return null;
  const year = century + num2(eleven, 0);
  const month = num2(eleven, 2);
  const day = num2(eleven, 4);
  if (!isDate(year, month, day)) return null;
  return { birth: year * 10000 + month * 100 + day, sex: sexOfOdd(serial) };
}

export const BELGIAN_NATIONAL_NUMBER: IdScheme = {
  scheme: 'numéro de registre national / rijksregisternummer',
  check: '97 − (n mod 97), 2-prefixed from 2000',
  generate: belgianNationalNumber,
  validate: (id) => belgianDecode(id) !== null,
  agrees: (id, birth, sex) => {
    const d = belgianDecode(id);
    return d !== null && d.birth === birth && d.sex === sex;
  },
};

// ------------------------------------------------------------- Luxembourg matricule
/** YYYYMMDD XXX, then a Luhn digit and a Verhoeff digit, both computed on the first eleven digits. */
export function luxembourgMatricule(rng: Rng, birth: number): string {
  const eleven = `${birth}${digits(rng, 3)}`;
  return `${eleven}${luhnDigit(eleven)}${verhoeffDigit(eleven)}`;
}

function luxembourgBirth(id: string): number | null {
  if (!isDigits(id, 13)) return null;
  const eleven = id.slice(0, 11);
  if (luhnDigit(eleven) !== digitAt(id, 11) || verhoeffDigit(eleven) !== digitAt(id, 12)) return null;
  const year = Number(id.slice(0, 4));
  const month = num2(id, 4);
  const day = num2(id, 6);
  return isDate(year, month, day) ? year * 10000 + month * 100 + day : null;
}

export const LUXEMBOURG_MATRICULE: IdScheme = {
  scheme: 'matricule (numéro d’identification national)',
  check: 'Luhn + Verhoeff',
  generate: (rng, birth) => luxembourgMatricule(rng, birth),
  validate: (id) => luxembourgBirth(id) !== null,
  agrees: (id, birth) => luxembourgBirth(id) === birth,
};

// ------------------------------------------------------------------ NIR (France)
/** Metropolitan département codes (01–95 without 20, which Corsica replaced by 2A/2B). */
const DEPARTEMENTS = Array.from({ length: 95 }, (_, i) => i + 1).filter((d) => d !== 20);

/**
 * S YY MM DD CCC OOO KK (15 digits): sex 1 man / 2 woman, year and month of birth, département
 * and commune of birth, order number, key 97 − (first 13 digits mod 97).
 */
export function nir(rng: Rng, birth: number, sex: Sex): string {
  const dep = DEPARTEMENTS[Math.floor(rng.float() * DEPARTEMENTS.length)] as number;
  const commune = between(rng, 1, 899);
  const order = between(rng, 1, 999);
  const s = sex === 'male' ? 1 : 2;
  const yy = yearOf(birth) % 100;
  const mm = monthOf(birth);
  const n = s * 1e12 + yy * 1e10 + mm * 1e8 + dep * 1e6 + commune * 1e3 + order;
  const key = 97 - (n % 97);
  return `${s}${PAD2[yy] as string}${PAD2[mm] as string}${PAD2[dep] as string}${pad3(commune)}${pad3(order)}${PAD2[key] as string}`;
}

function nirThirteen(id: string): string | null {
  if (id.length !== 15) return null;
  // Corsica: 2A and 2B count as 19 and 18 for the key.
  const dep = id.slice(5, 7);
  const numeric = dep === '2A' ? `${id.slice(0, 5)}19${id.slice(7)}` : dep === '2B' ? `${id.slice(0, 5)}18${id.slice(7)}` : id;
  if (!isDigits(numeric, 15)) return null;
  const s = digitAt(numeric, 0);
  const month = num2(numeric, 3);
  if ((s !== 1 && s !== 2 && s !== 7 && s !== 8) || !((month >= 1 && month <= 12) || month === 20 || (month >= 30 && month <= 42) || month >= 50)) return null;
  const thirteen = numeric.slice(0, 13);
  return 97 - (Number(thirteen) % 97) === num2(numeric, 13) ? thirteen : null;
}

export const FRENCH_NIR: IdScheme = {
  scheme: 'NIR (numéro de sécurité sociale)',
  check: 'key 97 − (n mod 97)',
  generate: nir,
  validate: (id) => nirThirteen(id) !== null,
  agrees: (id, birth, sex) => nirThirteen(id) !== null && id.slice(1, 5) === yymmdd(birth).slice(0, 4) && digitAt(id, 0) === (sex === 'male' ? 1 : 2),
};

// ------------------------------------------- steuerliche Identifikationsnummer (Germany)
const DIGIT = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Scratch space of steuerId (generation is synchronous: no two calls overlap). */
const POOL = new Int8Array(10);
const TEN = new Int8Array(10);

/**
 * Eleven digits: in the first ten, the first is not 0, exactly one digit occurs twice, one does
 * not occur, every other once; ISO 7064 MOD 11,10 check digit. (Since 2016 one digit may also
 * occur three times, never three in a row; the validator accepts that, we issue the twice form.)
 */
export function steuerId(rng: Rng): string {
  const pool = POOL;
  for (let i = 0; i < 10; i++) pool[i] = i;
  for (let i = 9; i > 0; i--) {
    const j = Math.floor(rng.float() * (i + 1));
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  // pool[9] is the missing digit; one of pool[0..8] is doubled at a random position.
  const doubled = pool[Math.floor(rng.float() * 9)] as number;
  const at = Math.floor(rng.float() * 10);
  const ten = TEN;
  for (let i = 0, k = 0; i < 10; i++) ten[i] = i === at ? doubled : (pool[k++] as number);
  if (ten[0] === 0) {
    // Swap the leading zero with the first non-zero digit (the digit counts do not change).
    let k = 1;
    while (ten[k] === 0) k++;
    ten[0] = ten[k] as number;
    ten[k] = 0;
  }
  let s = '';
  for (let i = 0; i < 10; i++) s += DIGIT[ten[i] as number] as string;
  return s + mod11_10Digit(s);
}

export function isValidSteuerId(id: string): boolean {
  if (!isDigits(id, 11) || id[0] === '0' || mod11_10Digit(id.slice(0, 10)) !== digitAt(id, 10)) return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digitAt(id, i)]! += 1;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length !== 1 || (repeated[0] as number) > 3) return false;
  if (repeated[0] === 3) {
    for (let i = 0; i + 2 < 10; i++) if (id[i] === id[i + 1] && id[i] === id[i + 2]) return false;
  }
  return true;
}

export const GERMAN_STEUER_ID: IdScheme = {
  scheme: 'steuerliche Identifikationsnummer',
  check: 'ISO 7064 MOD 11,10 and digit-count rule',
  generate: (rng) => steuerId(rng),
  validate: isValidSteuerId,
  agrees: () => true,
};

// ------------------------------------------------------------ codice fiscale (Italy)
const CF_MONTHS = 'ABCDEHLMPRST';
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
/**
 * Belfiore (cadastral) codes of large Italian comuni, weighted roughly by population: Roma,
 * Milano, Napoli, Torino, Palermo, Genova, Bologna, Firenze, Bari, Catania, Venezia, Verona,
 * Messina, Padova, Trieste, Brescia, Taranto, Parma, Modena, Reggio Calabria, Perugia, Cagliari.
 */
const BELFIORE: readonly string[] = [
  'H501', 'H501', 'H501', 'F205', 'F205', 'F839', 'F839', 'L219', 'L219', 'G273', 'G273', 'D969', 'A944', 'D612', 'A662', 'C351',
  'L736', 'L781', 'F158', 'G224', 'L424', 'B157', 'L049', 'G337', 'F257', 'H224', 'G478', 'B354',
];

/** Upper-case letters A–Z of a name: accents dropped (à → A …), apostrophes and spaces removed. */
function cfLetters(name: string): string {
  let out = '';
  for (const ch of name.normalize('NFD')) {
    const c = ch.charCodeAt(0);
    if (c >= 97 && c <= 122) out += String.fromCharCode(c - 32);
    else if (c >= 65 && c <= 90) out += ch;
  }
  return out;
}

const isVowel = (ch: string): boolean => ch === 'A' || ch === 'E' || ch === 'I' || ch === 'O' || ch === 'U';

function cfPart(name: string, given: boolean): string {
  const letters = cfLetters(name);
  let consonants = '';
  let vowels = '';
  for (const ch of letters) {
    if (isVowel(ch)) vowels += ch;
    else consonants += ch;
  }
  if (given && consonants.length >= 4) return consonants[0]! + consonants[2]! + consonants[3]!;
  return (consonants + vowels + 'XXX').slice(0, 3);
}

const surnameCodes = new Map<string, string>();
const givenCodes = new Map<string, string>();

/** The three letters of a surname (given = false) or given name (given = true), cached: names repeat. */
export function codiceFiscaleLetters(name: string, given: boolean): string {
  const cache = given ? givenCodes : surnameCodes;
  let code = cache.get(name);
  if (code === undefined) {
    code = cfPart(name, given);
    cache.set(name, code);
  }
  return code;
}

function cfCheck(fifteen: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = fifteen.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 65;
    sum += i % 2 === 0 ? (CF_ODD[v] as number) : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Surname letters, given-name letters, YY, month letter, day (+40 women), Belfiore code, check character. */
export function codiceFiscale(rng: Rng, birth: number, sex: Sex, name: PersonName): string {
  const day = dayOf(birth) + (sex === 'female' ? 40 : 0);
  const fifteen = codiceFiscaleLetters(name.family, false) + codiceFiscaleLetters(name.given, true) +
    (PAD2[yearOf(birth) % 100] as string) + (CF_MONTHS[monthOf(birth) - 1] as string) + (PAD2[day] as string) +
    (BELFIORE[Math.floor(rng.float() * BELFIORE.length)] as string);
  return fifteen + cfCheck(fifteen);
}

const CF_SHAPE = /^[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]$/;

function cfValid(id: string): boolean {
  if (!CF_SHAPE.test(id) || cfCheck(id.slice(0, 15)) !== id[15]) return false;
  const day = num2(id, 9);
  const month = CF_MONTHS.indexOf(id[8] as string) + 1;
  const d = day > 40 ? day - 40 : day;
  const yy = num2(id, 6);
  return isDate(1900 + yy, month, d) || isDate(2000 + yy, month, d);
}

export const ITALIAN_CODICE_FISCALE: IdScheme = {
  scheme: 'codice fiscale',
  check: 'check character (odd/even tables mod 26)',
  generate: codiceFiscale,
  validate: cfValid,
  agrees: (id, birth, sex, name) =>
    cfValid(id) &&
    id.slice(0, 3) === codiceFiscaleLetters(name.family, false) &&
    id.slice(3, 6) === codiceFiscaleLetters(name.given, true) &&
    id.slice(6, 8) === PAD2[yearOf(birth) % 100] &&
    id[8] === CF_MONTHS[monthOf(birth) - 1] &&
    num2(id, 9) === dayOf(birth) + (sex === 'female' ? 40 : 0),
};

// ------------------------------------------------------------------ DNI (Spain)
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Eight digits and the letter of their remainder mod 23. */
export function dni(rng: Rng): string {
  const n = between(rng, 10_000_000, 79_999_999);
  return `${n}${DNI_LETTERS[n % 23] as string}`;
}

export function isValidDni(id: string): boolean {
  return id.length === 9 && isDigits(id.slice(0, 8), 8) && DNI_LETTERS[Number(id.slice(0, 8)) % 23] === id[8];
}

export const SPANISH_DNI: IdScheme = { scheme: 'DNI', check: 'letter mod 23', generate: (rng) => dni(rng), validate: isValidDni, agrees: () => true };

// ------------------------------------------- Cartão de Cidadão document number (Portugal)
/** Value of a document-number character: digits 0–9, letters A = 10 … Z = 35. */
const ccValue = (c: number): number => (c <= 57 ? c - 48 : c - 55);

/** Σ over the characters from the right, every second one doubled (minus 9 above 9). */
function ccSum(s: string, doubleFirst: boolean): number {
  let sum = 0;
  for (let i = s.length - 1, double = doubleFirst; i >= 0; i--, double = !double) {
    let v = ccValue(s.charCodeAt(i));
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum;
}

const CC_VERSIONS = ['ZZ', 'ZZ', 'ZZ', 'ZY', 'ZY', 'ZX', 'ZW'];

/**
 * `DDDDDDDD C AAK`: civil identification number, its modulus-11 check digit, two version
 * characters, and a final digit making the twelve characters pass the document-number check.
 */
export function cartaoCidadao(rng: Rng): string {
  const nic = String(between(rng, 10_000_000, 39_999_999));
  let s = 0;
  for (let i = 0; i < 8; i++) s += digitAt(nic, i) * (9 - i);
  const nicCheck = (11 - (s % 11)) % 11 % 10;
  const version = CC_VERSIONS[Math.floor(rng.float() * CC_VERSIONS.length)] as string;
  const eleven = `${nic}${nicCheck}${version}`;
  const last = (10 - (ccSum(eleven, true) % 10)) % 10;
  return `${nic} ${nicCheck} ${version}${last}`;
}

const CC_SHAPE = /^\d{8} \d [A-Z0-9]{2}\d$/;

export function isValidCartaoCidadao(id: string): boolean {
  if (!CC_SHAPE.test(id)) return false;
  return ccSum(id.slice(0, 8) + id[9] + id.slice(11), false) % 10 === 0;
}

export const PORTUGUESE_CARTAO_CIDADAO: IdScheme = {
  scheme: 'Cartão de Cidadão (document number)',
  check: 'mod 10 over digits and letters',
  generate: (rng) => cartaoCidadao(rng),
  validate: isValidCartaoCidadao,
  agrees: () => true,
};

// -------------------------------------------------- National Insurance number (UK)
const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';
const NINO_BARRED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** Two prefix letters (D F I Q U V never; O never second; some pairs never issued), six digits, suffix A–D. */
export function nino(rng: Rng): string {
  let prefix: string;
  do prefix = (NINO_FIRST[between(rng, 0, NINO_FIRST.length - 1)] as string) + (NINO_SECOND[between(rng, 0, NINO_SECOND.length - 1)] as string);
  while (NINO_BARRED.has(prefix));
  return `${prefix}${digits(rng, 6)}${'ABCD'[between(rng, 0, 3)] as string}`;
}

export function isValidNino(id: string): boolean {
  const m = /^([A-Z])([A-Z])\d{6}[A-D]$/.exec(id);
  if (!m) return false;
  return NINO_FIRST.includes(m[1] as string) && NINO_SECOND.includes(m[2] as string) && !NINO_BARRED.has(id.slice(0, 2));
}

export const BRITISH_NINO: IdScheme = {
  scheme: 'National Insurance number',
  check: 'prefix and suffix rules (no check digit)',
  generate: (rng) => nino(rng),
  validate: isValidNino,
  agrees: () => true,
};

