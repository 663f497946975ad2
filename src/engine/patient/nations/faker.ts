/**
 * Names from @faker-js/faker, driven by the patient's own seeded stream. One Faker per locale is
 * built once per patient context with a Randomizer that delegates to whichever Rng is current;
 * the context points it at the patient's stream just before each call, so faker holds no state
 * of its own between patients and is never re-seeded.
 *
 * For speed the locale's name lists and family-name patterns (e.g. Spanish double surnames,
 * English double-barrelled names) are resolved once per name source; each name is then drawn
 * with faker's own helpers (arrayElement, weightedArrayElement) on the seeded stream, which gives
 * the same choices faker.person.firstName/lastName make, without re-resolving the locale per
 * call. A name source may adjust the lists once, when it is resolved: gendered family-name forms
 * (Polish -ska, Greek -ου) and given-name corrections.
 */
import { createRequire } from 'node:module';
import type { Faker, Randomizer } from '@faker-js/faker';
import type { Rng } from '../../rng.js';
import type { PersonName, Sex } from './types.js';

export type { PersonName } from './types.js';

/** Where one nation (or one language community of it) takes its names from. */
export interface NameSource {
  /** faker locale key, e.g. `pl`, `nl_BE`. */
  readonly locale: string;
  /**
   * Rewrites one of the locale's family-name lists for the given sex (drop or change entries):
   * run once per list and sex when the source is resolved, never per patient.
   */
  readonly family?: (list: readonly string[], sex: Sex) => readonly string[];
  /** Given names used instead of the locale's, per sex. */
  readonly given?: Partial<Record<Sex, readonly string[]>>;
}

/**
 * The locales the nations draw names from. Each module's faker already chains the locale to its
 * parent language (fr_BE → fr), then English and the base definitions. One module per locale,
 * not the package root (which builds a Faker for each of its ~70 locales), and each loaded on
 * first use: building all of them took ≈ 0.5 s of CPU in every process and every generation
 * thread, while a run needs only its nations' few.
 */
const LOCALE_IDS: ReadonlySet<string> = new Set([
  'cs_CZ', 'da', 'de', 'el', 'en_CA', 'en_GB', 'en_US', 'es', 'fi', 'fr', 'fr_CA', 'fr_LU', 'hr', 'hu', 'it', 'lv', 'mk', 'nb_NO', 'nl',
  'nl_BE', 'pl', 'pt_PT', 'ro', 'sk', 'sl_SI', 'sv', 'tr',
]);
const loaded = new Map<string, Faker>();
// Synchronous loading of the ES module (require(esm), Node ≥ 20.19): contexts are built synchronously.
const requireLocale = createRequire(import.meta.url);

function localeFaker(locale: string): Faker {
  let own = loaded.get(locale);
  if (own === undefined) {
    if (!LOCALE_IDS.has(locale)) throw new Error(`faker has no locale "${locale}" loaded`);
    own = (requireLocale(`@faker-js/faker/locale/${locale}`) as { faker: Faker }).faker;
    loaded.set(locale, own);
  }
  return own;
}

/**
 * Loads the given faker locales ahead, with dynamic import(), so that building a run needs no
 * synchronous require() of them. Threads that may be terminated (jobs cancelled, timed out or
 * over their memory limit) load a run's locales this way first: a thread stopped inside
 * require(esm) can abort the whole process on Node 20 ("v8::Module::IsGraphAsync must be used
 * on an instantiated module"), while a stopped import() only fails its promise. Unknown or
 * already loaded locales are skipped.
 */
export async function loadFakerLocales(locales: Iterable<string>): Promise<void> {
  const wanted = [...new Set(locales)].filter((l) => LOCALE_IDS.has(l) && !loaded.has(l));
  await Promise.all(wanted.map(async (locale) => {
    const module = (await import(`@faker-js/faker/locale/${locale}`)) as { faker: Faker };
    if (!loaded.has(locale)) loaded.set(locale, module.faker);
  }));
}

/** Whether a locale's faker is already loaded in this thread (by either path). */
export function isFakerLocaleLoaded(locale: string): boolean {
  return loaded.has(locale);
}

/** Whether a faker locale is loaded for the nations' name sources. */
export function hasFakerLocale(locale: string): boolean {
  return LOCALE_IDS.has(locale);
}

type Gendered<T> = { generic?: T; male?: T; female?: T };
type Piece = string | readonly string[];
interface Pattern { value: Piece[]; weight: number }
interface ResolvedNames {
  faker: Faker;
  given: Record<Sex, readonly string[]>;
  patterns: Record<Sex, Pattern[]>;
}

function bySex<T>(def: Gendered<T> | undefined, sex: Sex, merge: (a: T, b: T) => T): T {
  if (def === undefined) throw new Error('faker locale without person names');
  const own = def[sex] ?? def.generic;
  if (own !== undefined) return own;
  return merge(def.female as T, def.male as T);
}

function resolve(faker: Faker, source: NameSource): ResolvedNames {
  const person = faker.definitions.person as unknown as {
    first_name: Gendered<string[]>;
    last_name: Gendered<string[]>;
    last_name_pattern?: Gendered<{ value: string; weight: number }[]>;
  };
  const concat = (a: string[], b: string[]) => [...a, ...b];
  const adjust = (list: readonly string[], sex: Sex): readonly string[] => {
    const out = source.family === undefined ? list : source.family(list, sex);
    if (out.length === 0) throw new Error(`no ${sex} family names left for ${source.locale}`);
    return out;
  };
  const parse = (sex: Sex): Pattern[] => {
    const raw = person.last_name_pattern !== undefined
      ? bySex(person.last_name_pattern, sex, (a, b) => [...a, ...b])
      : [{ value: `{{person.last_name.${sex}}}`, weight: 1 }];
    return raw.map(({ value, weight }) => ({
      weight,
      value: value.split(/(\{\{person\.last_name\.\w+\}\})/).filter((s) => s !== '').map((s): Piece => {
        const m = /^\{\{person\.last_name\.(\w+)\}\}$/.exec(s);
        if (m === null) return s;
        const key = m[1] as keyof Gendered<string[]>;
        return adjust(person.last_name[key] ?? bySex(person.last_name, sex, concat), sex);
      }),
    }));
  };
  return {
    faker,
    given: {
      male: source.given?.male ?? bySex(person.first_name, 'male', concat),
      female: source.given?.female ?? bySex(person.first_name, 'female', concat),
    },
    patterns: { male: parse('male'), female: parse('female') },
  };
}

/** A seeded faker per locale, sharing one switchable stream. */
export class FakerNames {
  private current: Rng | null = null;
  private readonly fakers = new Map<string, Faker>();
  private readonly sources = new Map<string, ResolvedNames>();
  private readonly randomizer: Randomizer = {
    next: () => {
      if (this.current === null) throw new Error('faker used outside a patient stream');
      return this.current.float();
    },
    seed: () => {
      // Seeding is a no-op by design: the stream is the patient's own Rng.
    },
  };

  private faker(locale: string): Faker {
    let faker = this.fakers.get(locale);
    if (faker === undefined) {
      const shared = localeFaker(locale);
      const FakerClass = shared.constructor as new (o: { locale: Faker['rawDefinitions']; randomizer: Randomizer }) => Faker;
      faker = new FakerClass({ locale: shared.rawDefinitions, randomizer: this.randomizer });
      this.fakers.set(locale, faker);
    }
    return faker;
  }

  /** Resolve a name source up front (keyed by `key`), so the first patient pays nothing. */
  prepare(key: string, source: NameSource): ResolvedNames {
    let names = this.sources.get(key);
    if (names === undefined) {
      names = resolve(this.faker(source.locale), source);
      this.sources.set(key, names);
    }
    return names;
  }

  /** A given and family name of the source prepared under `key`, drawn from `rng`. */
  name(key: string, source: NameSource, rng: Rng, sex: Sex): PersonName {
    const { faker, given, patterns } = this.sources.get(key) ?? this.prepare(key, source);
    this.current = rng;
    const helpers = faker.helpers;
    const first = helpers.arrayElement(given[sex]);
    const options = patterns[sex];
    const pieces = options.length === 1 ? (options[0] as Pattern).value : helpers.weightedArrayElement(options);
    let family = '';
    for (const piece of pieces) family += typeof piece === 'string' ? piece : helpers.arrayElement(piece);
    this.current = null;
    return { given: first, family };
  }
}
