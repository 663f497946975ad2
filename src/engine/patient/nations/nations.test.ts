import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { NATION_NAMES } from '../../scenario/index.js';
import { NATO_NATIONS, type NationCode } from '../../types.js';
import { bulgarianFeminine, greekFeminine, lithuanianFeminine, polishFeminine } from './forms.js';
import {
  FakerNames, ID_SCHEMES, NATION_PROFILES, RANK_CODES, RANK_WEIGHTS, RELIGIONS, hasFakerLocale, rankWeights, referenceNationalities,
  surnameAgrees,
} from './index.js';
import { BUILTIN_NAMES } from './names.js';
import { ENGLISH_RANK_NAMES, NATIONAL_RANK_NAMES } from './ranks.js';

const GENDERED: NationCode[] = ['POL', 'LTU', 'LVA', 'CZE', 'SVK', 'ISL', 'GRC', 'BGR', 'MKD'];

describe('nation profiles', () => {
  const lib = new FakerNames();

  it('covers all 32 nations with names, IDs, service numbers, ranks and religions', () => {
    for (const code of NATO_NATIONS) {
      const profile = NATION_PROFILES[code];
      expect(profile.code).toBe(code);
      for (const s of profile.nameSources ?? []) expect(hasFakerLocale(s.source.locale), code).toBe(true);
      expect(profile.religionWeights).toHaveLength(RELIGIONS.length);
      expect(profile.rankNames).toHaveLength(RANK_CODES.length);
      profile.prepareNames(lib);
      const rng = Rng.derive(3, 3, NATO_NATIONS.indexOf(code), 0);
      for (let i = 0; i < 200; i++) {
        const sex = i % 2 === 0 ? 'male' : 'female';
        const name = profile.names(rng, sex, lib);
        expect(name.given.trim().length, code).toBeGreaterThan(1);
        expect(name.family.trim().length, code).toBeGreaterThan(1);
        const id = profile.idScheme.generate(rng, 19900315, sex, name);
        expect(profile.idScheme.validate(id), `${code} ${id}`).toBe(true);
        expect(profile.idScheme.agrees(id, 19900315, sex, name), `${code} ${id}`).toBe(true);
        expect(profile.serviceNumber(rng)).toMatch(new RegExp(`^${profile.alpha2}\\d{8}$`));
      }
    }
    const faker = NATO_NATIONS.filter((c) => NATION_PROFILES[c].nameSources !== undefined);
    expect(faker).toHaveLength(26);
    expect(NATO_NATIONS.filter((c) => !faker.includes(c)).sort()).toEqual(['ALB', 'BGR', 'EST', 'ISL', 'LTU', 'MNE']);
    expect(new Set(NATO_NATIONS.map((c) => ID_SCHEMES[c]))).toHaveProperty('size', 31); // CZE and SVK share rodné číslo
  });

  it('serves the reference nationalities from the one table of names', () => {
    const ref = referenceNationalities();
    expect(ref).toHaveLength(32);
    expect(ref.map((r) => r.code)).toEqual([...NATO_NATIONS]);
    for (const r of ref) expect(r.name).toBe(NATION_NAMES[r.code]);
    expect(ref.find((r) => r.code === 'TUR')?.name).toBe('Türkiye');
  });

  it('draws names from the seeded stream: same stream, same names; no faker use outside a patient', () => {
    const draw = () => {
      const rng = Rng.derive(8, 8, 8, 8);
      return Array.from({ length: 20 }, () => NATION_PROFILES.ESP.names(rng, 'female', lib));
    };
    expect(draw()).toEqual(draw());
    const fresh = new FakerNames();
    expect(NATION_PROFILES.POL.names(Rng.derive(1, 1, 1, 1), 'male', fresh).given.length).toBeGreaterThan(1);
    expect(() => fresh.prepare('x', { locale: 'xx' })).toThrow(/no locale/);
  });

  it('has at least 40 given names per sex and 40 family names in each built-in list', () => {
    for (const [code, lists] of Object.entries(BUILTIN_NAMES)) {
      for (const list of [lists.male, lists.female, lists.familyMale, lists.familyFemale ?? lists.familyMale]) {
        expect(new Set(list).size, code).toBeGreaterThanOrEqual(40);
        for (const n of list) expect(n, code).toMatch(/^\S{2,}$/u);
      }
    }
  });

  it('uses gender-correct family names (every draw, every gendered nation)', () => {
    for (const code of GENDERED) {
      const profile = NATION_PROFILES[code];
      const rng = Rng.derive(5, 5, NATO_NATIONS.indexOf(code), 5);
      for (let i = 0; i < 3000; i++) {
        const sex = i % 2 === 0 ? 'male' : 'female';
        const { family } = profile.names(rng, sex, lib);
        expect(surnameAgrees(code, family, sex), `${code} ${sex} ${family}`).toBe(true);
      }
    }
    expect(surnameAgrees('POL', 'Kowalski', 'female')).toBe(false);
    expect(surnameAgrees('ISL', 'Jónsson', 'female')).toBe(false);
    expect(surnameAgrees('LTU', 'Kazlauskas', 'female')).toBe(false);
    expect(surnameAgrees('DEU', 'Müller', 'female')).toBe(true);
  });

  it('derives feminine family names', () => {
    expect(polishFeminine('Kowalski')).toBe('Kowalska');
    expect(polishFeminine('Zawadzki')).toBe('Zawadzka');
    expect(polishFeminine('Konieczny')).toBe('Konieczna');
    expect(polishFeminine('Nowak')).toBe('Nowak');
    expect(lithuanianFeminine('Kazlauskas')).toEqual(['Kazlauskienė', 'Kazlauskaitė']);
    expect(lithuanianFeminine('Stankevičius')).toEqual(['Stankevičienė', 'Stankevičiūtė']);
    expect(lithuanianFeminine('Butkus')).toEqual(['Butkuvienė', 'Butkutė']);
    expect(lithuanianFeminine('Adomaitis')).toEqual(['Adomaitienė', 'Adomaitytė']);
    expect(lithuanianFeminine('Kairys')).toEqual(['Kairienė', 'Kairytė']);
    expect(bulgarianFeminine('Иванов')).toBe('Иванова');
    expect(bulgarianFeminine('Георгиев')).toBe('Георгиева');
    expect(bulgarianFeminine('Василевски')).toBe('Василевска');
    // Pairs that both occur in the Greek name list of the library.
    expect(greekFeminine('Αγγελόπουλος')).toBe('Αγγελοπούλου');
    expect(greekFeminine('Αντωνόπουλος')).toBe('Αντωνοπούλου');
    expect(greekFeminine('Δασκαλόπουλος')).toBe('Δασκαλοπούλου');
    expect(greekFeminine('Αγγελίδης')).toBe('Αγγελίδου');
    expect(greekFeminine('Βιτάλης')).toBe('Βιτάλη');
    expect(greekFeminine('Γαλάνης')).toBe('Γαλάνη');
    expect(greekFeminine('Γερμανός')).toBe('Γερμανού');
    expect(greekFeminine('Ζωγράφος')).toBe('Ζωγράφου');
    expect(greekFeminine('Γεννάδιος')).toBe('Γενναδίου');
    expect(greekFeminine('Παπάς')).toBe('Παπά');
    expect(greekFeminine('Γεωργίου')).toBe('Γεωργίου');
  });
});

describe('ranks', () => {
  it('gives national names for the ten largest contributors, English elsewhere', () => {
    const national: NationCode[] = ['USA', 'GBR', 'FRA', 'DEU', 'ITA', 'CAN', 'POL', 'TUR', 'ESP', 'NLD'];
    expect(Object.keys(NATIONAL_RANK_NAMES).sort()).toEqual([...national].sort());
    for (const code of national) expect(NATION_PROFILES[code].rankNames).toHaveLength(14);
    expect(NATION_PROFILES.POL.rankNames[3]).toBe('Plutonowy');
    expect(NATION_PROFILES.DEU.rankNames[9]).toBe('Oberleutnant');
    expect(NATION_PROFILES.EST.rankNames).toBe(ENGLISH_RANK_NAMES);
  });

  it('weights 70 % of draws to OR-3…OR-6 and moves the weight of unused codes down', () => {
    const total = RANK_WEIGHTS.reduce((a, b) => a + b, 0);
    expect((RANK_WEIGHTS[2]! + RANK_WEIGHTS[3]! + RANK_WEIGHTS[4]! + RANK_WEIGHTS[5]!) / total).toBeCloseTo(0.7, 5);
    const gbr = rankWeights(NATION_PROFILES.GBR.rankNames);
    expect(gbr[4]).toBe(0);
    expect(gbr[3]).toBe(RANK_WEIGHTS[3]! + RANK_WEIGHTS[4]!);
    expect(gbr.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
    expect(rankWeights(ENGLISH_RANK_NAMES)).toEqual([...RANK_WEIGHTS]);
  });
});
