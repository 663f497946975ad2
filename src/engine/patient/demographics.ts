/**
 * Demographics (§4.1) for a patient whose nationality and sex are already drawn: name, age and
 * birth date at the injury date, national ID, service data, blood type, religion and body size.
 * Everything per nation goes through its NationProfile (nations/).
 */
import type { Rng } from '../rng.js';
import type { Demographics, FrontConfig, NationCode } from '../types.js';
import {
  NATION_PROFILES, RANK_CODES, RELIGIONS, rankAgeWeights, rankWeights, type FakerNames, type NationProfile, type Sex,
} from './nations/index.js';
import { cumulate, pickCumulative } from './sample.js';
import { civilFromDays, daysFromCivil, daysInMonth, formatPackedDate } from './time.js';

export const MIN_AGE = 18;
export const MAX_AGE = 55;

/**
 * Age weights 18…55 for each rank code (RANK_CODES order): the rank is drawn first, then an age
 * that fits it (no 19-year-old captains; docs/nations.md). Over the rank weights most casualties
 * are 20–35.
 */
const AGE_BY_RANK: readonly Float64Array[] = RANK_CODES.map((_, k) => cumulate(rankAgeWeights(k, MIN_AGE, MAX_AGE)));

export const BLOOD_TYPES = ['O+', 'A+', 'B+', 'AB+', 'O-', 'A-', 'B-', 'AB-'] as const;
/** European frequencies, percent (§4.1). */
export const BLOOD_WEIGHTS = [35, 32, 9, 3, 7, 8, 2, 1];
const BLOOD_CUMULATIVE = cumulate(BLOOD_WEIGHTS);

const ORDINALS = Array.from({ length: 12 }, (_, i) => {
  const n = i + 1;
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
});

/** Approximately standard normal (Irwin–Hall with four uniforms): cheap and bounded. */
function normal(rng: Rng): number {
  return (rng.float() + rng.float() + rng.float() + rng.float() - 2) * 1.7320508075688772;
}

/**
 * A birth date giving exactly `age` whole years on the injury day (days since epoch, UTC),
 * uniform over the year of birthdays that qualify. Returned packed (YYYYMMDD as a number).
 */
export function birthDate(rng: Rng, injuryDay: number, age: number): number {
  const at = civilFromDays(injuryDay);
  const year = Math.floor(at / 10000);
  const month = Math.floor((at % 10000) / 100);
  const day = at % 100;
  const latestYear = year - age;
  const latest = daysFromCivil(latestYear, month, Math.min(day, daysInMonth(latestYear, month)));
  const earliest = daysFromCivil(latestYear - 1, month, Math.min(day, daysInMonth(latestYear - 1, month))) + 1;
  return civilFromDays(earliest + Math.floor(rng.float() * (latest - earliest + 1)));
}

interface NationInfo {
  profile: NationProfile;
  /** `OR-4 Plutonowy` (or `OR-4` where no national label is kept), in RANK_CODES order (empty where the nation has no rank). */
  ranks: string[];
  /** Cumulative rank weights (codes the nation does not use weigh nothing). */
  rankCumulative: Float64Array;
  religion: Float64Array;
}

/** Per-context demographic tables: rank strings and weights and religion weights per nation, front labels. */
export class DemographicsTables {
  private readonly nations = new Map<NationCode, NationInfo>();
  private readonly frontLabels: string[];
  /** Unit strings by front index, nation and battalion. */
  private readonly units: Map<NationCode, string[]>[] = [];

  constructor(fronts: readonly FrontConfig[], readonly names: FakerNames) {
    this.frontLabels = fronts.map((f) => (/front/i.test(f.name) ? f.name : `${f.name} front`));
    for (const f of fronts) for (const n of f.nationality_distribution) this.info(n.nationality_code);
  }

  private info(code: NationCode): NationInfo {
    let info = this.nations.get(code);
    if (info === undefined) {
      const profile = NATION_PROFILES[code];
      profile.prepareNames(this.names);
      info = {
        profile,
        ranks: RANK_CODES.map((r, i) => {
          const name = profile.rankNames[i];
          if (name === null || name === undefined) return '';
          return name === '' ? r : `${r} ${name}`;
        }),
        rankCumulative: cumulate(rankWeights(profile.rankNames)),
        religion: cumulate(profile.religionWeights),
      };
      this.nations.set(code, info);
    }
    return info;
  }

  /**
   * `12th Bn, POL — North front`: a few hundred distinct strings per run, each built once (one
   * string fewer to allocate per patient, and the same string object for the writers' caches).
   */
  private unit(battalion: number, nationality: NationCode, frontIndex: number): string {
    let byNation = this.units[frontIndex];
    if (byNation === undefined) {
      byNation = new Map();
      this.units[frontIndex] = byNation;
    }
    let row = byNation.get(nationality);
    if (row === undefined) {
      row = [];
      byNation.set(nationality, row);
    }
    let unit = row[battalion];
    if (unit === undefined) {
      unit = `${ORDINALS[battalion] as string} Bn, ${nationality} — ${this.frontLabels[frontIndex] as string}`;
      row[battalion] = unit;
    }
    return unit;
  }

  generate(rng: Rng, nationality: NationCode, sex: Sex, injuryEpoch: number, frontIndex: number): Demographics {
    const { profile, ranks, rankCumulative, religion } = this.info(nationality);
    const name = profile.names(rng, sex, this.names);
    const rank = pickCumulative(rankCumulative, rng.float());
    const age = MIN_AGE + pickCumulative(AGE_BY_RANK[rank] as Float64Array, rng.float());
    const birth = birthDate(rng, Math.floor(injuryEpoch / 86400), age);
    const male = sex === 'male';
    const height = Math.round(Math.min(male ? 200 : 186, Math.max(male ? 160 : 150, (male ? 178 : 166) + normal(rng) * (male ? 7 : 6.5))));
    const bmi = Math.min(33, Math.max(19, (male ? 25.5 : 23.5) + normal(rng) * 2.6));
    const battalion = Math.floor(rng.float() * ORDINALS.length);
    return {
      given_name: name.given,
      family_name: name.family,
      gender: sex,
      birthdate: formatPackedDate(birth),
      age,
      nationality,
      id_number: profile.idScheme.generate(rng, birth, sex, name),
      service_number: profile.serviceNumber(rng),
      rank: ranks[rank] as string,
      unit: this.unit(battalion, nationality, frontIndex),
      blood_type: BLOOD_TYPES[pickCumulative(BLOOD_CUMULATIVE, rng.float())] as string,
      religion: RELIGIONS[pickCumulative(religion, rng.float())] as string,
      weight_kg: Math.round(bmi * height * height / 1000) / 10,
      height_cm: height,
    };
  }
}
