/**
 * Gendered family-name forms. Several languages inflect the family name by sex: Polish -ski/-ska
 * and -y/-a, Lithuanian -as/-ienė/-aitė, Bulgarian and Macedonian -ov/-ova, Czech and Slovak
 * -ová, Latvian -s/-a, Greek -ος/-ου, -ης/-η, Icelandic -son/-dóttir patronymics. The derivations
 * here run once per name list (never per patient); `surnameAgrees` is the check the tests use.
 */
import type { NationCode } from '../../types.js';
import type { Sex } from './types.js';

// ------------------------------------------------------------------ Polish
/** Feminine of a Polish surname: -ski/-cki/-dzki → -ska/-cka/-dzka, adjectival -y → -a; nouns unchanged. */
export function polishFeminine(family: string): string {
  if (/(sk|ck|dzk)i$/.test(family)) return `${family.slice(0, -1)}a`;
  if (/[^aeiouy]y$/.test(family)) return `${family.slice(0, -1)}a`;
  return family;
}

/** Feminine forms that appear in a list of base (masculine or invariant) surnames. */
export const polishIsFeminineForm = (family: string, all: ReadonlySet<string>): boolean =>
  family.endsWith('a') && (all.has(`${family.slice(0, -1)}y`) || all.has(`${family.slice(0, -1)}i`));

// ------------------------------------------------------------------ Lithuanian
/**
 * Feminine forms of a Lithuanian surname: [married, unmarried]. -as → -ienė / -aitė, -ius →
 * -ienė / -iūtė, -us → -uvienė / -utė, -is and -ys → -ienė / -ytė. Null when the ending is none
 * of these.
 */
export function lithuanianFeminine(family: string): [string, string] | null {
  if (family.endsWith('ius')) {
    const stem = family.slice(0, -3);
    return [`${stem}ienė`, `${stem}iūtė`];
  }
  if (family.endsWith('as')) {
    const stem = family.slice(0, -2);
    return [`${stem}ienė`, `${stem}aitė`];
  }
  if (family.endsWith('us')) {
    const stem = family.slice(0, -2);
    return [`${stem}uvienė`, `${stem}utė`];
  }
  if (family.endsWith('is') || family.endsWith('ys')) {
    const stem = family.slice(0, -2);
    return [`${stem}ienė`, `${stem}ytė`];
  }
  return null;
}

// ------------------------------------------------------------------ Bulgarian
/** Feminine of a Bulgarian surname: -ов/-ев/-ин → +а, -ски → -ска; others unchanged. */
export function bulgarianFeminine(family: string): string {
  if (family.endsWith('ски') || family.endsWith('цки')) return `${family.slice(0, -1)}а`;
  if (family.endsWith('ов') || family.endsWith('ев') || family.endsWith('ин')) return `${family}а`;
  return family;
}

// ------------------------------------------------------------------ Greek
const ACCENTED = 'άέήίόύώ';
const PLAIN = 'αεηιουω';
const GREEK_VOWELS = 'αεηιουωάέήίόύώϊϋΐΰ';
const DIGRAPHS = new Set(['αι', 'ει', 'οι', 'ου', 'υι', 'αυ', 'ευ']);

const unaccent = (s: string): string => {
  let out = '';
  for (const ch of s) {
    const i = ACCENTED.indexOf(ch);
    out += i >= 0 ? PLAIN[i] : ch;
  }
  return out;
};

const accent = (ch: string): string => {
  const i = PLAIN.indexOf(ch);
  return i >= 0 ? (ACCENTED[i] as string) : ch;
};

/**
 * Genitive (the feminine surname) of a Greek -ος surname: -ος → -ου, and when the stress is on
 * the antepenultimate syllable it moves to the penultimate (Παπαδόπουλος → Παπαδοπούλου).
 * Null when the syllable structure is not one this rule handles.
 */
function greekGenitiveOs(family: string): string | null {
  const stem = family.slice(0, -2);
  let end = stem.length;
  while (end > 0 && !GREEK_VOWELS.includes(stem[end - 1] as string)) end--;
  let start = end;
  while (start > 0 && GREEK_VOWELS.includes(stem[start - 1] as string)) start--;
  if (start === end) return null;
  const group = stem.slice(start, end);
  const stressedInGroup = [...group].some((ch) => ACCENTED.includes(ch));
  if (stressedInGroup || ![...stem.slice(0, start)].some((ch) => ACCENTED.includes(ch))) return `${stem}ου`;
  const plainGroup = unaccent(group);
  let stressed: string;
  if (plainGroup.length === 1) stressed = accent(plainGroup);
  else if (plainGroup.length === 2 && DIGRAPHS.has(plainGroup)) stressed = plainGroup[0]! + accent(plainGroup[1]!);
  else if (plainGroup.length === 2 && plainGroup[0] === 'ι') stressed = accent('ι') + plainGroup[1]!; // -ιος after a consonant: -ίου
  else return null;
  return `${unaccent(stem.slice(0, start))}${stressed}${stem.slice(end)}ου`;
}

/**
 * Feminine of a Greek surname: -ος → genitive -ου, -ός → -ού, -ίδης/-άδης → -ίδου/-άδου, other
 * -ης → -η, -ής → -ή, -ας → -α, -άς → -ά, -έας → -έα. Invariant forms (-ου, -ογλου, …) are
 * returned unchanged; null for endings this rule does not know (the name is then not used for
 * women) and for compound names.
 */
export function greekFeminine(family: string): string | null {
  if (family.includes('-') || family.includes(' ')) return null;
  if (!family.endsWith('ς')) return family;
  if (family.endsWith('ός')) return `${family.slice(0, -2)}ού`;
  if (family.endsWith('ος')) return greekGenitiveOs(family);
  if (family.endsWith('ίδης') || family.endsWith('άδης')) return `${family.slice(0, -2)}ου`;
  if (family.endsWith('ης') || family.endsWith('ής') || family.endsWith('ας') || family.endsWith('άς')) return family.slice(0, -1);
  return null;
}

// ------------------------------------------------------------------ agreement check
const endsWithAny = (s: string, endings: readonly string[]): boolean => endings.some((e) => s.endsWith(e));

/**
 * Whether a family name has the form its bearer's sex requires, for the nations whose
 * languages inflect it. True for every other nation.
 */
export function surnameAgrees(nation: NationCode, family: string, sex: Sex): boolean {
  const last = family.split(/[- ]/).pop() as string;
  const female = sex === 'female';
  switch (nation) {
    case 'POL':
      return female ? !/(ski|cki|dzki|[^aeiouy]y)$/.test(last) : !endsWithAny(last, ['ska', 'cka', 'dzka']);
    case 'LTU':
      return female ? endsWithAny(last, ['ienė', 'aitė', 'ytė', 'utė', 'iūtė']) : endsWithAny(last, ['as', 'is', 'ys', 'us']);
    case 'LVA':
      return female ? !endsWithAny(last, ['s', 'š']) : !endsWithAny(last, ['a', 'ā']);
    case 'CZE':
    case 'SVK':
      return female ? last.endsWith('á') : !last.endsWith('ová');
    case 'ISL':
      return female ? last.endsWith('dóttir') : last.endsWith('son');
    case 'GRC':
      return female ? !last.endsWith('ς') : !endsWithAny(last, ['ούλου', 'ίδου', 'άδου']);
    case 'BGR':
    case 'MKD':
      return female ? !endsWithAny(last, ['ов', 'ев', 'ски', 'ин']) : !endsWithAny(last, ['ова', 'ева', 'ска', 'ина']);
    default:
      return true;
  }
}
