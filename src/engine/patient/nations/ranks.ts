/**
 * NATO rank codes (STANAG 2116 / APersP-01: OR-1…OR-9 other ranks, OF-1…OF-5 officers) with
 * their national army rank names for the ten largest contributors and generic English names
 * for the rest. Most casualties are junior NCOs and soldiers (OR-3…OR-6).
 *
 * Each nation lists its principal army rank at each code; where a nation has more than one rank
 * at a code, the usual one is given (e.g. OF-1 is both Lieutenant and Second Lieutenant in many
 * armies). A code a nation does not use (British OR-5, Canadian OR-3, Dutch OR-8) is `null`:
 * its draw weight goes to the next lower code the nation uses.
 */
import type { NationCode } from '../../types.js';

export const RANK_CODES = [
  'OR-1', 'OR-2', 'OR-3', 'OR-4', 'OR-5', 'OR-6', 'OR-7', 'OR-8', 'OR-9',
  'OF-1', 'OF-2', 'OF-3', 'OF-4', 'OF-5',
] as const;
export type RankCode = (typeof RANK_CODES)[number];

/** Relative weights, in RANK_CODES order: 70 % of draws fall in OR-3…OR-6. */
export const RANK_WEIGHTS: readonly number[] = [2, 8, 20, 22, 17, 11, 4.5, 2.5, 1, 5, 3.5, 2, 1, 0.5];

/** Rank names in RANK_CODES order; null where the nation has no rank at that code. */
export type RankNames = readonly (string | null)[];

/** Generic English names, for the nations without a national list. */
export const ENGLISH_RANK_NAMES: RankNames = [
  'Recruit', 'Private', 'Private First Class', 'Corporal', 'Sergeant', 'Staff Sergeant', 'Sergeant First Class', 'Master Sergeant',
  'Sergeant Major', 'Lieutenant', 'Captain', 'Major', 'Lieutenant Colonel', 'Colonel',
];

/** National army rank names (in the nation's language) of the ten largest contributors. */
export const NATIONAL_RANK_NAMES: Readonly<Partial<Record<NationCode, RankNames>>> = {
  USA: [
    'Private', 'Private', 'Private First Class', 'Specialist', 'Sergeant', 'Staff Sergeant', 'Sergeant First Class', 'Master Sergeant',
    'Sergeant Major', 'First Lieutenant', 'Captain', 'Major', 'Lieutenant Colonel', 'Colonel',
  ],
  GBR: [
    'Private', 'Private', 'Lance Corporal', 'Corporal', null, 'Sergeant', 'Staff Sergeant', 'Warrant Officer Class 2',
    'Warrant Officer Class 1', 'Lieutenant', 'Captain', 'Major', 'Lieutenant Colonel', 'Colonel',
  ],
  FRA: [
    'Soldat de 2e classe', 'Soldat de 1re classe', 'Caporal', 'Caporal-chef', 'Sergent', 'Sergent-chef', 'Adjudant', 'Adjudant-chef',
    'Major', 'Lieutenant', 'Capitaine', 'Commandant', 'Lieutenant-colonel', 'Colonel',
  ],
  DEU: [
    'Soldat', 'Gefreiter', 'Obergefreiter', 'Stabsgefreiter', 'Unteroffizier', 'Feldwebel', 'Oberfeldwebel', 'Hauptfeldwebel',
    'Stabsfeldwebel', 'Oberleutnant', 'Hauptmann', 'Major', 'Oberstleutnant', 'Oberst',
  ],
  ITA: [
    'Soldato', 'Caporale', 'Caporal maggiore', 'Primo caporal maggiore', 'Sergente', 'Sergente maggiore', 'Sergente maggiore capo',
    'Maresciallo ordinario', 'Primo maresciallo', 'Tenente', 'Capitano', 'Maggiore', 'Tenente colonnello', 'Colonnello',
  ],
  CAN: [
    'Private (Basic)', 'Private (Trained)', null, 'Corporal', 'Master Corporal', 'Sergeant', 'Warrant Officer', 'Master Warrant Officer',
    'Chief Warrant Officer', 'Lieutenant', 'Captain', 'Major', 'Lieutenant-Colonel', 'Colonel',
  ],
  POL: [
    'Szeregowy', 'Starszy szeregowy', 'Kapral', 'Plutonowy', 'Sierżant', 'Starszy sierżant', 'Młodszy chorąży', 'Chorąży',
    'Starszy chorąży sztabowy', 'Porucznik', 'Kapitan', 'Major', 'Podpułkownik', 'Pułkownik',
  ],
  TUR: [
    'Er', 'Onbaşı', 'Çavuş', 'Uzman Çavuş', 'Astsubay Çavuş', 'Astsubay Üstçavuş', 'Astsubay Kıdemli Üstçavuş', 'Astsubay Başçavuş',
    'Astsubay Kıdemli Başçavuş', 'Teğmen', 'Yüzbaşı', 'Binbaşı', 'Yarbay', 'Albay',
  ],
  ESP: [
    'Soldado', 'Soldado de primera', 'Cabo', 'Cabo primero', 'Cabo mayor', 'Sargento', 'Sargento primero', 'Brigada',
    'Suboficial mayor', 'Teniente', 'Capitán', 'Comandante', 'Teniente coronel', 'Coronel',
  ],
  NLD: [
    'Soldaat der tweede klasse', 'Soldaat der eerste klasse', 'Korporaal', 'Korporaal der eerste klasse', 'Sergeant',
    'Sergeant der eerste klasse', 'Sergeant-majoor', null, 'Adjudant-onderofficier', 'Eerste luitenant', 'Kapitein', 'Majoor',
    'Luitenant-kolonel', 'Kolonel',
  ],
};

/** The rank names of a nation (national where listed, English otherwise). */
export const rankNames = (nation: NationCode): RankNames => NATIONAL_RANK_NAMES[nation] ?? ENGLISH_RANK_NAMES;

/**
 * Draw weights of a nation's ranks in RANK_CODES order: a code the nation does not use passes
 * its weight to the next lower code it uses (OR-1 upwards when there is none below).
 */
export function rankWeights(names: RankNames): number[] {
  const out = RANK_WEIGHTS.map((w, i) => (names[i] === null ? 0 : w));
  RANK_WEIGHTS.forEach((w, i) => {
    if (names[i] !== null) return;
    let j = i - 1;
    while (j >= 0 && names[j] === null) j--;
    if (j < 0) {
      j = i + 1;
      while (names[j] === null) j++;
    }
    out[j] = (out[j] as number) + w;
  });
  return out;
}
