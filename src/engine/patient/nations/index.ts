/**
 * One profile per NATO nation: how its people are named, numbered and ranked. The rest of the
 * generator never looks at a nation code again. See docs/nations.md.
 *
 * - Names: faker locales for the 26 nations it covers (two language communities for Belgium
 *   and Canada), built-in lists for ALB, BGR, EST, ISL, LTU, MNE; gender-correct family names.
 * - IDs: each nation's real national identity number scheme (ids/), with its checksum and the
 *   encoded birth date and sex.
 * - Ranks: NATO code with the nation's own army rank name (the code alone where no verified
 *   list is kept: ISL, MNE, MKD).
 */
import type { Rng } from '../../rng.js';
import { NATION_NAMES } from '../../scenario/defaults.js';
import { NATO_NATIONS, type NationCode } from '../../types.js';
import type { FakerNames, NameSource } from './faker.js';
import { greekFeminine, polishFeminine, polishIsFeminineForm } from './forms.js';
import { ID_SCHEMES, digits, type IdScheme } from './ids/index.js';
import { BUILTIN_NAMES, GREEK_FEMALE_GIVEN, type NameLists } from './names.js';
import { rankNames, type RankNames } from './ranks.js';
import type { PersonName, Sex } from './types.js';

export { FakerNames, hasFakerLocale, isFakerLocaleLoaded, loadFakerLocales, type NameSource } from './faker.js';
export { surnameAgrees } from './forms.js';
export { ID_SCHEMES, isValidNationalId, type IdScheme } from './ids/index.js';
export {
  RANK_CODES, RANK_MIN_AGE, RANK_TYPICAL_AGE, RANK_WEIGHTS, rankAgeWeights, rankWeights, type RankCode, type RankNames,
} from './ranks.js';
export type { PersonName, Sex } from './types.js';

export const RELIGIONS = ['Roman Catholic', 'Protestant', 'Orthodox Christian', 'Muslim', 'Jewish', 'Other', 'None'] as const;
export type Religion = (typeof RELIGIONS)[number];

export interface NationProfile {
  code: NationCode;
  /** ISO 3166 alpha-2, used as the service-number prefix. */
  alpha2: string;
  /** faker name sources with their shares (absent: built-in lists). */
  nameSources?: readonly { key: string; source: NameSource; share: number }[];
  /** Resolve the name sources in `lib` up front, so the first patient pays nothing. */
  prepareNames(lib: FakerNames): void;
  /** Given and family name, gender-correct. `lib` is the context's seeded faker. */
  names(rng: Rng, sex: Sex, lib: FakerNames): PersonName;
  /** The national identity number scheme. */
  idScheme: IdScheme;
  serviceNumber(rng: Rng): string;
  /** National rank names in RANK_CODES order (null where the nation has no rank at a code, '' for the code alone). */
  rankNames: RankNames;
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

// ------------------------------------------------------------------ name sources
/** Polish: feminine -ska/-cka/-dzka and -a of adjectival names; feminine forms in the list are dropped. */
const POLISH: NameSource = {
  locale: 'pl',
  family: (list, sex) => {
    const all = new Set(list);
    const base = list.filter((n) => !polishIsFeminineForm(n, all));
    return sex === 'male' ? base : base.map(polishFeminine);
  },
};

/**
 * Greek: the library's list mixes masculine and feminine forms. Men take the masculine and
 * invariant (-ου, -ογλου) names; women the feminine forms derived from them.
 */
const GREEK: NameSource = {
  locale: 'el',
  given: { female: GREEK_FEMALE_GIVEN },
  family: (list, sex) => {
    const feminine = new Set(list.filter((n) => n.endsWith('ς')).map(greekFeminine).filter((n): n is string => n !== null));
    const base = list.filter((n) => n.endsWith('ς') || (!feminine.has(n) && !/[ηήαά]$/.test(n)));
    return sex === 'male' ? base : base.map(greekFeminine).filter((n): n is string => n !== null);
  },
};

const src = (locale: string): NameSource => ({ locale });

/** faker sources per nation with their shares; nations absent here use BUILTIN_NAMES. */
const NAME_SOURCES: Readonly<Partial<Record<NationCode, readonly [NameSource, number][]>>> = {
  BEL: [[src('nl_BE'), 0.58], [src('fr'), 0.42]], // faker's fr_BE family names are not Belgian: French ones instead
  CAN: [[src('en_CA'), 0.78], [src('fr_CA'), 0.22]],
  HRV: [[src('hr'), 1]],
  CZE: [[src('cs_CZ'), 1]],
  DNK: [[src('da'), 1]],
  FIN: [[src('fi'), 1]],
  FRA: [[src('fr'), 1]],
  DEU: [[src('de'), 1]],
  GRC: [[GREEK, 1]],
  HUN: [[src('hu'), 1]],
  ITA: [[src('it'), 1]],
  LVA: [[src('lv'), 1]],
  LUX: [[src('fr_LU'), 1]],
  NLD: [[src('nl'), 1]],
  MKD: [[src('mk'), 1]],
  NOR: [[src('nb_NO'), 1]],
  POL: [[POLISH, 1]],
  PRT: [[src('pt_PT'), 1]],
  ROU: [[src('ro'), 1]],
  SVK: [[src('sk'), 1]],
  SVN: [[src('sl_SI'), 1]],
  ESP: [[src('es'), 1]],
  SWE: [[src('sv'), 1]],
  TUR: [[src('tr'), 1]],
  GBR: [[src('en_GB'), 1]],
  USA: [[src('en_US'), 1]],
};

interface Spec {
  alpha2: string;
  religion: keyof typeof R;
}

const SPECS: Readonly<Record<NationCode, Spec>> = {
  ALB: { alpha2: 'AL', religion: 'albanian' },
  BEL: { alpha2: 'BE', religion: 'western' },
  BGR: { alpha2: 'BG', religion: 'orthodox' },
  CAN: { alpha2: 'CA', religion: 'western' },
  HRV: { alpha2: 'HR', religion: 'catholic' },
  CZE: { alpha2: 'CZ', religion: 'secular' },
  DNK: { alpha2: 'DK', religion: 'nordic' },
  EST: { alpha2: 'EE', religion: 'baltic' },
  FIN: { alpha2: 'FI', religion: 'nordic' },
  FRA: { alpha2: 'FR', religion: 'western' },
  DEU: { alpha2: 'DE', religion: 'western' },
  GRC: { alpha2: 'GR', religion: 'orthodox' },
  HUN: { alpha2: 'HU', religion: 'catholic' },
  ISL: { alpha2: 'IS', religion: 'nordic' },
  ITA: { alpha2: 'IT', religion: 'catholic' },
  LVA: { alpha2: 'LV', religion: 'baltic' },
  LTU: { alpha2: 'LT', religion: 'catholic' },
  LUX: { alpha2: 'LU', religion: 'catholic' },
  MNE: { alpha2: 'ME', religion: 'orthodox' },
  NLD: { alpha2: 'NL', religion: 'secular' },
  MKD: { alpha2: 'MK', religion: 'orthodox' },
  NOR: { alpha2: 'NO', religion: 'nordic' },
  POL: { alpha2: 'PL', religion: 'catholic' },
  PRT: { alpha2: 'PT', religion: 'catholic' },
  ROU: { alpha2: 'RO', religion: 'orthodox' },
  SVK: { alpha2: 'SK', religion: 'catholic' },
  SVN: { alpha2: 'SI', religion: 'catholic' },
  ESP: { alpha2: 'ES', religion: 'catholic' },
  SWE: { alpha2: 'SE', religion: 'nordic' },
  TUR: { alpha2: 'TR', religion: 'turkish' },
  GBR: { alpha2: 'GB', religion: 'western' },
  USA: { alpha2: 'US', religion: 'american' },
};

function builtinNames(code: NationCode): (rng: Rng, sex: Sex) => PersonName {
  const lists: NameLists | undefined = BUILTIN_NAMES[code];
  if (lists === undefined) throw new Error(`no names for ${code}`);
  const female = lists.familyFemale ?? lists.familyMale;
  return (rng, sex) => sex === 'male'
    ? { given: rng.pick(lists.male), family: rng.pick(lists.familyMale) }
    : { given: rng.pick(lists.female), family: rng.pick(female) };
}

function makeProfile(code: NationCode, spec: Spec): NationProfile {
  const sources = NAME_SOURCES[code]?.map(([source, share], i) => ({ key: `${code}/${i}`, source, share }));
  let names: NationProfile['names'];
  if (sources === undefined) {
    const builtin = builtinNames(code);
    names = (rng, sex) => builtin(rng, sex);
  } else if (sources.length === 1) {
    const { key, source } = sources[0] as (typeof sources)[number];
    names = (rng, sex, lib) => lib.name(key, source, rng, sex);
  } else {
    const [a, b] = sources as [(typeof sources)[number], (typeof sources)[number]];
    names = (rng, sex, lib) => (rng.float() < a.share ? lib.name(a.key, a.source, rng, sex) : lib.name(b.key, b.source, rng, sex));
  }
  return {
    code,
    alpha2: spec.alpha2,
    ...(sources !== undefined ? { nameSources: sources } : {}),
    prepareNames: (lib) => {
      for (const s of sources ?? []) lib.prepare(s.key, s.source);
    },
    names,
    idScheme: ID_SCHEMES[code],
    serviceNumber: (rng) => `${spec.alpha2}${digits(rng, 8)}`,
    rankNames: rankNames(code),
    religionWeights: R[spec.religion],
  };
}

export const NATION_PROFILES: Readonly<Record<NationCode, NationProfile>> = Object.fromEntries(
  NATO_NATIONS.map((code) => [code, makeProfile(code, SPECS[code])]),
) as Record<NationCode, NationProfile>;

/** The reference data of the nationalities endpoint: the 32 nations with their English names. */
export function referenceNationalities(): { code: NationCode; name: string }[] {
  return NATO_NATIONS.map((code) => ({ code, name: NATION_NAMES[code] }));
}
