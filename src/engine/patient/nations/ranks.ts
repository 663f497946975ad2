/**
 * NATO rank codes (STANAG 2116 / APersP-01: OR-1…OR-9 other ranks, OF-1…OF-5 officers) with
 * each nation's own army rank names, in its own language, and the ages that go with each code.
 * Most casualties are junior NCOs and soldiers (OR-3…OR-6).
 *
 * Each nation lists its principal army rank at each code; where a nation has more than one rank
 * at a code, the usual one is given (e.g. OF-1 is both Lieutenant and Second Lieutenant in many
 * armies). A code a nation does not use (British OR-5, Canadian OR-3, Dutch OR-8) is `null`:
 * its draw weight goes to the next lower code the nation uses. A nation whose labels could not
 * be verified has the empty string at every code: its soldiers carry the NATO code alone
 * ("OR-4"), never a foreign label. Sources and the verification state of each list:
 * docs/nations.md.
 */
import type { NationCode } from '../../types.js';

export const RANK_CODES = [
  'OR-1', 'OR-2', 'OR-3', 'OR-4', 'OR-5', 'OR-6', 'OR-7', 'OR-8', 'OR-9',
  'OF-1', 'OF-2', 'OF-3', 'OF-4', 'OF-5',
] as const;
export type RankCode = (typeof RANK_CODES)[number];

/** Relative weights, in RANK_CODES order: 70 % of draws fall in OR-3…OR-6. */
export const RANK_WEIGHTS: readonly number[] = [2, 8, 20, 22, 17, 11, 4.5, 2.5, 1, 5, 3.5, 2, 1, 0.5];

/**
 * Youngest age at each code, in RANK_CODES order. Officers: commissioned at 21–22 after
 * university or an academy, then promoted at about 4 (captain), 10 (major), 16 (lieutenant
 * colonel) and 22 (colonel) years of commissioned service (US DoDI 1320.13 / DA Pam 600-3;
 * European armies are slower: Albania's minimum times in grade give a captain at 29 and a major
 * at 34), less a year or two for early selection. Other ranks: enlistment at 18; US AR 600-8-19
 * and AR 140-158 need 18–36 months of service for sergeant (OR-5) and 48–84 for staff sergeant
 * (OR-6); the senior NCO codes follow at about 7, 10 and 13 years at the fastest. docs/nations.md.
 */
export const RANK_MIN_AGE: readonly number[] = [18, 18, 19, 19, 20, 22, 25, 28, 31, 21, 24, 30, 36, 41];

/** The ages most holders of each code have, [from, to] inclusive, in RANK_CODES order. */
export const RANK_TYPICAL_AGE: readonly (readonly [number, number])[] = [
  [18, 22], [19, 24], [20, 27], [21, 30], [23, 33], [26, 37], [30, 42], [34, 46], [38, 50],
  [22, 27], [26, 34], [32, 40], [38, 46], [43, 52],
];

/** Rank names in RANK_CODES order; null where the nation has no rank at that code, '' for the code alone. */
export type RankNames = readonly (string | null)[];

/** No verified national list: every code is used and shown alone ("OR-4"). */
export const CODE_ONLY_RANK_NAMES: RankNames = RANK_CODES.map(() => '');

/** National army rank names, in the nation's language (Bulgarian and Greek in their own scripts). */
export const NATIONAL_RANK_NAMES: Readonly<Record<NationCode, RankNames>> = {
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
  ALB: [
    'Ushtar', 'Ushtar', 'Ushtar', 'Ushtar', 'Nëntetar', 'Tetar', 'Rreshter', 'Kapter', 'Kryekapter',
    'Toger', 'Kapiten', 'Major', 'Nënkolonel', 'Kolonel',
  ],
  BEL: [
    'Soldaat / Soldat', 'Eerste soldaat / Premier soldat', 'Korporaal / Caporal', 'Korporaal-chef / Caporal-chef',
    'Sergeant / Sergent', 'Eerste sergeant / Premier sergent', 'Eerste sergeant-majoor / Premier sergent-major', 'Adjudant',
    'Adjudant-chef', 'Luitenant / Lieutenant', 'Kapitein / Capitaine', 'Majoor / Major', 'Luitenant-kolonel / Lieutenant-colonel',
    'Kolonel / Colonel',
  ],
  BGR: [
    'Редник', 'Редник', 'Ефрейтор', 'Ефрейтор', 'Младши сержант', 'Сержант', 'Старши сержант', 'Старшина',
    'Офицерски кандидат', 'Лейтенант', 'Капитан', 'Майор', 'Подполковник', 'Полковник',
  ],
  HRV: [
    'Pozornik', 'Razvodnik', null, null, 'Desetnik', 'Vodnik', 'Narednik', 'Stožerni narednik', 'Časnički namjesnik',
    'Poručnik', 'Satnik', 'Bojnik', 'Pukovnik', 'Brigadir',
  ],
  CZE: [
    'Vojín', 'Desátník', 'Četař', 'Rotný', 'Rotmistr', 'Nadrotmistr', 'Praporčík', 'Nadpraporčík', 'Štábní praporčík',
    'Poručík', 'Kapitán', 'Major', 'Podplukovník', 'Plukovník',
  ],
  DNK: [
    'Konstabel', 'Overkonstabel', 'Overkonstabel af 1. grad', 'Korporal', 'Sergent', null, 'Oversergent', 'Seniorsergent',
    'Chefsergent', 'Premierløjtnant', 'Kaptajn', 'Major', 'Oberstløjtnant', 'Oberst',
  ],
  EST: [
    'Reamees', null, 'Kapral', 'Nooremseersant', 'Seersant', 'Vanemseersant', 'Veebel', 'Vanemveebel', 'Staabiveebel',
    'Leitnant', 'Kapten', 'Major', 'Kolonelleitnant', 'Kolonel',
  ],
  FIN: [
    'Sotamies', 'Korpraali', null, 'Alikersantti', 'Kersantti', 'Ylikersantti', 'Vääpeli', 'Ylivääpeli', 'Sotilasmestari',
    'Luutnantti', 'Kapteeni', 'Majuri', 'Everstiluutnantti', 'Eversti',
  ],
  GRC: [
    'Στρατιώτης', null, null, 'Υποδεκανέας', 'Δεκανέας', 'Λοχίας', 'Επιλοχίας', 'Αρχιλοχίας', 'Ανθυπασπιστής',
    'Υπολοχαγός', 'Λοχαγός', 'Ταγματάρχης', 'Αντισυνταγματάρχης', 'Συνταγματάρχης',
  ],
  HUN: [
    'Honvéd', 'Őrvezető', 'Tizedes', 'Szakaszvezető', 'Őrmester', 'Törzsőrmester', 'Főtörzsőrmester', 'Zászlós', 'Törzszászlós',
    'Főhadnagy', 'Százados', 'Őrnagy', 'Alezredes', 'Ezredes',
  ],
  // Iceland has no army: the NATO code alone.
  ISL: CODE_ONLY_RANK_NAMES,
  LVA: [
    'Kareivis', 'Kareivis', 'Dižkareivis', 'Kaprālis', 'Seržants', 'Virsseržants', 'Štāba virsseržants', 'Galvenais virsseržants',
    'Augstākais virsseržants', 'Leitnants', 'Kapteinis', 'Majors', 'Pulkvežleitnants', 'Pulkvedis',
  ],
  LTU: [
    'Jaunesnysis eilinis', 'Eilinis', 'Vyresnysis eilinis', 'Grandinis', 'Seržantas', 'Vyresnysis seržantas', 'Štabo seržantas',
    'Viršila', 'Seržantas majoras', 'Leitenantas', 'Kapitonas', 'Majoras', 'Pulkininkas leitenantas', 'Pulkininkas',
  ],
  LUX: [
    'Soldat', 'Soldat-chef', 'Caporal', 'Caporal-chef', 'Sergent', 'Premier sergent', 'Sergent-chef', 'Adjudant', 'Adjudant-major',
    'Lieutenant', 'Capitaine', 'Major', 'Lieutenant-colonel', 'Colonel',
  ],
  // Not verified here: the NATO code alone.
  MNE: CODE_ONLY_RANK_NAMES,
  MKD: CODE_ONLY_RANK_NAMES,
  NOR: [
    'Menig', 'Visekorporal', 'Korporal', null, 'Sersjant', 'Oversersjant', 'Stabssersjant', 'Kommandérsersjant', 'Sersjantmajor',
    'Løytnant', 'Kaptein', 'Major', 'Oberstløytnant', 'Oberst',
  ],
  PRT: [
    'Soldado', 'Segundo-cabo', 'Primeiro-cabo', 'Cabo-adjunto', 'Segundo-sargento', 'Primeiro-sargento', 'Sargento-ajudante',
    'Sargento-chefe', 'Sargento-mor', 'Tenente', 'Capitão', 'Major', 'Tenente-coronel', 'Coronel',
  ],
  ROU: [
    'Soldat', 'Fruntaș', 'Caporal', 'Caporal clasa I', 'Sergent', 'Sergent major', 'Plutonier', 'Plutonier major',
    'Plutonier adjutant', 'Locotenent', 'Căpitan', 'Maior', 'Locotenent-colonel', 'Colonel',
  ],
  SVK: [
    'Vojak 2. stupňa', 'Slobodník', 'Desiatnik', 'Čatár', 'Rotný', 'Rotmajster', 'Nadrotmajster', 'Štábny nadrotmajster', null,
    'Poručík', 'Kapitán', 'Major', 'Podplukovník', 'Plukovník',
  ],
  SVN: [
    'Vojak', 'Poddesetnik', 'Desetnik', 'Naddesetnik', 'Vodnik', 'Višji vodnik', 'Štabni vodnik', 'Višji štabni vodnik',
    'Praporščak', 'Poročnik', 'Stotnik', 'Major', 'Podpolkovnik', 'Polkovnik',
  ],
  SWE: [
    'Menig', 'Menig', 'Vicekorpral', 'Korpral', 'Furir', 'Sergeant', 'Fanjunkare', 'Förvaltare', 'Regementsförvaltare',
    'Löjtnant', 'Kapten', 'Major', 'Överstelöjtnant', 'Överste',
  ],
};

/** The rank names of a nation. */
export const rankNames = (nation: NationCode): RankNames => NATIONAL_RANK_NAMES[nation];

/**
 * Age weights minAge…maxAge for a rank code (index into RANK_CODES): 0 below the code's minimum
 * age, 1 over its typical ages, 0.4 between the minimum and the typical ages (early promotion),
 * and 0.4 × 0.85 per year past them (late promotion, reservists).
 */
export function rankAgeWeights(code: number, minAge: number, maxAge: number): number[] {
  const min = RANK_MIN_AGE[code] as number;
  const [from, to] = RANK_TYPICAL_AGE[code] as readonly [number, number];
  const out: number[] = [];
  for (let age = minAge; age <= maxAge; age++) {
    out.push(age < min ? 0 : age < from ? 0.4 : age <= to ? 1 : 0.4 * 0.85 ** (age - to));
  }
  return out;
}

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
