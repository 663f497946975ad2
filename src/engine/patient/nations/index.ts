/**
 * One profile per NATO nation: how its people are named, numbered and ranked. This is the seam
 * the national-data issues fill in: a profile only has to honour the NationProfile contract, and
 * the rest of the generator never looks at a nation code again.
 *
 * Today: faker-backed names for the 26 nations faker has a locale for, short built-in lists for
 * the other six, checksummed IDs for POL, EST, LTU, FIN, NLD, ESP, GBR and USA, plain digit
 * formats elsewhere, generic English rank labels everywhere.
 */
import type { Rng } from '../../rng.js';
import { NATO_NATIONS, type NationCode } from '../../types.js';
import type { FakerNames, PersonName } from './faker.js';
import { bsn, digits, dni, estonianPersonalCode, henkilotunnus, nino, pesel, ssn, type Sex } from './ids.js';
import { BUILTIN_NAMES } from './names.js';
import { ENGLISH_RANK_LABELS, type RankCode } from './ranks.js';

export { FakerNames, type PersonName } from './faker.js';
export type { Sex } from './ids.js';
export { RANK_CODES, RANK_WEIGHTS, type RankCode } from './ranks.js';

export const RELIGIONS = ['Roman Catholic', 'Protestant', 'Orthodox Christian', 'Muslim', 'Jewish', 'Other', 'None'] as const;
export type Religion = (typeof RELIGIONS)[number];

export interface NationProfile {
  code: NationCode;
  /** ISO 3166 alpha-2, used as the service-number prefix. */
  alpha2: string;
  /** faker locale key, when faker knows the nation. */
  fakerLocale?: string;
  /** Given and family name, gender-correct. `lib` is the context's seeded faker. */
  names(rng: Rng, sex: Sex, lib: FakerNames): PersonName;
  /** National identity number; `birth` is packed (year × 10000 + month × 100 + day). */
  idNumber(rng: Rng, birth: number, sex: Sex): string;
  serviceNumber(rng: Rng): string;
  /** National label of a NATO rank code. */
  rankLabel(code: RankCode): string;
  /** Weights over RELIGIONS. */
  religionWeights: readonly number[];
}

// Religion weights in RELIGIONS order, by broad national profile.
const R = {
  catholic: [70, 5, 1, 1, 0.2, 3, 20],
  nordic: [2, 60, 1, 1, 0.1, 4, 32],
  baltic: [8, 12, 14, 1, 0.1, 4, 61],
  orthodox: [3, 1, 80, 6, 0.1, 2, 8],
  turkish: [0.5, 0.5, 1, 88, 0.1, 1, 9],
  albanian: [10, 1, 7, 55, 0.1, 5, 22],
  western: [25, 25, 2, 5, 1, 7, 35],
  american: [21, 40, 1, 1, 2, 5, 30],
  secular: [10, 8, 1, 1, 0.2, 5, 75],
} as const;

interface Spec {
  alpha2: string;
  locale?: string;
  religion: keyof typeof R;
  id?: (rng: Rng, birth: number, sex: Sex) => string;
  idDigits?: number;
  family?: (family: string, sex: Sex) => string;
}

/** Polish (and other Slavic -ski) surnames take -ska, -cka, -dzka in the feminine. */
export function polishFamilyForm(family: string, sex: Sex): string {
  if (sex === 'male') return family;
  return family.replace(/(sk|ck|dzk)i$/, '$1a');
}

const SPECS: Readonly<Record<NationCode, Spec>> = {
  ALB: { alpha2: 'AL', religion: 'albanian' },
  BEL: { alpha2: 'BE', locale: 'nl_BE', religion: 'western', idDigits: 11 },
  BGR: { alpha2: 'BG', religion: 'orthodox' },
  CAN: { alpha2: 'CA', locale: 'en_CA', religion: 'western', idDigits: 9 },
  HRV: { alpha2: 'HR', locale: 'hr', religion: 'catholic', idDigits: 11 },
  CZE: { alpha2: 'CZ', locale: 'cs_CZ', religion: 'secular' },
  DNK: { alpha2: 'DK', locale: 'da', religion: 'nordic' },
  EST: { alpha2: 'EE', religion: 'baltic', id: estonianPersonalCode },
  FIN: { alpha2: 'FI', locale: 'fi', religion: 'nordic', id: henkilotunnus },
  FRA: { alpha2: 'FR', locale: 'fr', religion: 'western', idDigits: 13 },
  DEU: { alpha2: 'DE', locale: 'de', religion: 'western' },
  GRC: { alpha2: 'GR', locale: 'el', religion: 'orthodox', idDigits: 11 },
  HUN: { alpha2: 'HU', locale: 'hu', religion: 'catholic', idDigits: 9 },
  ISL: { alpha2: 'IS', religion: 'nordic' },
  ITA: { alpha2: 'IT', locale: 'it', religion: 'catholic' },
  LVA: { alpha2: 'LV', locale: 'lv', religion: 'baltic', idDigits: 11 },
  LTU: { alpha2: 'LT', religion: 'catholic', id: estonianPersonalCode },
  LUX: { alpha2: 'LU', locale: 'fr_LU', religion: 'catholic', idDigits: 13 },
  MNE: { alpha2: 'ME', religion: 'orthodox', idDigits: 13 },
  NLD: { alpha2: 'NL', locale: 'nl', religion: 'secular', id: bsn },
  MKD: { alpha2: 'MK', locale: 'mk', religion: 'orthodox', idDigits: 13 },
  NOR: { alpha2: 'NO', locale: 'nb_NO', religion: 'nordic', idDigits: 11 },
  POL: { alpha2: 'PL', locale: 'pl', religion: 'catholic', id: pesel, family: polishFamilyForm },
  PRT: { alpha2: 'PT', locale: 'pt_PT', religion: 'catholic', idDigits: 8 },
  ROU: { alpha2: 'RO', locale: 'ro', religion: 'orthodox', idDigits: 13 },
  SVK: { alpha2: 'SK', locale: 'sk', religion: 'catholic' },
  SVN: { alpha2: 'SI', locale: 'sl_SI', religion: 'catholic', idDigits: 13 },
  ESP: { alpha2: 'ES', locale: 'es', religion: 'catholic', id: dni },
  SWE: { alpha2: 'SE', locale: 'sv', religion: 'nordic', idDigits: 12 },
  TUR: { alpha2: 'TR', locale: 'tr', religion: 'turkish', idDigits: 11 },
  GBR: { alpha2: 'GB', locale: 'en_GB', religion: 'western', id: nino },
  USA: { alpha2: 'US', locale: 'en_US', religion: 'american', id: ssn },
};

function builtinNames(code: NationCode): (rng: Rng, sex: Sex) => PersonName {
  const lists = BUILTIN_NAMES[code];
  if (lists === undefined) throw new Error(`no built-in names for ${code}`);
  return (rng, sex) => {
    const i = Math.floor(rng.float() * lists.familyMale.length);
    const familyList = sex === 'female' && lists.familyFemale !== undefined ? lists.familyFemale : lists.familyMale;
    return { given: rng.pick(sex === 'male' ? lists.male : lists.female), family: familyList[i] as string };
  };
}

function makeProfile(code: NationCode, spec: Spec): NationProfile {
  const locale = spec.locale;
  const family = spec.family;
  const names = locale !== undefined
    ? (rng: Rng, sex: Sex, lib: FakerNames): PersonName => {
      const n = lib.name(locale, rng, sex);
      if (family !== undefined) n.family = family(n.family, sex);
      return n;
    }
    : builtinNames(code);
  const idLength = spec.idDigits ?? 10;
  return {
    code,
    alpha2: spec.alpha2,
    ...(locale !== undefined ? { fakerLocale: locale } : {}),
    names,
    idNumber: spec.id ?? ((rng) => digits(rng, idLength)),
    serviceNumber: (rng) => `${spec.alpha2}${digits(rng, 8)}`,
    rankLabel: (rank) => ENGLISH_RANK_LABELS[rank],
    religionWeights: R[spec.religion],
  };
}

export const NATION_PROFILES: Readonly<Record<NationCode, NationProfile>> = Object.fromEntries(
  NATO_NATIONS.map((code) => [code, makeProfile(code, SPECS[code])]),
) as Record<NationCode, NationProfile>;
