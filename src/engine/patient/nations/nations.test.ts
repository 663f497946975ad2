import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { NATION_NAMES } from '../../scenario/index.js';
import { NATO_NATIONS, type NationCode } from '../../types.js';
import { bulgarianFeminine, greekFeminine, lithuanianFeminine, polishFeminine } from './forms.js';
import {
  FakerNames, ID_SCHEMES, NATION_PROFILES, RANK_CODES, RANK_MIN_AGE, RANK_TYPICAL_AGE, RANK_WEIGHTS, RELIGIONS, hasFakerLocale,
  rankAgeWeights, rankWeights, referenceNationalities, surnameAgrees,
} from './index.js';
import { BUILTIN_NAMES } from './names.js';
import { CODE_ONLY_RANK_NAMES, NATIONAL_RANK_NAMES } from './ranks.js';

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
  /** Labels used only by the US Army; no other nation's list may contain them. */
  const US_ONLY = ['Specialist', 'Private First Class', 'Sergeant First Class', 'Master Sergeant', 'First Lieutenant'];

  it('gives every nation 14 labels of its own, or the NATO code alone', () => {
    expect(Object.keys(NATIONAL_RANK_NAMES).sort()).toEqual([...NATO_NATIONS].sort());
    for (const code of NATO_NATIONS) {
      const names = NATION_PROFILES[code].rankNames;
      expect(names, code).toHaveLength(14);
      // Every nation has an officer and a soldier rank at least.
      expect(names.filter((n) => n !== null).length, code).toBeGreaterThanOrEqual(10);
      if (code !== 'USA') for (const n of names) expect(US_ONLY, `${code} ${n}`).not.toContain(n);
    }
    for (const code of ['ISL', 'MNE', 'MKD'] as const) expect(NATION_PROFILES[code].rankNames).toBe(CODE_ONLY_RANK_NAMES);
    expect(NATION_PROFILES.POL.rankNames[3]).toBe('Plutonowy');
    expect(NATION_PROFILES.DEU.rankNames[9]).toBe('Oberleutnant');
    expect(NATION_PROFILES.EST.rankNames[3]).toBe('Nooremseersant');
    expect(NATION_PROFILES.EST.rankNames[10]).toBe('Kapten');
    expect(NATION_PROFILES.PRT.rankNames[8]).toBe('Sargento-mor');
    expect(NATION_PROFILES.BGR.rankNames[10]).toBe('Капитан');
    // No two nations share a list (no generic list stands in for a nation's own).
    const lists = NATO_NATIONS.filter((c) => !['ISL', 'MNE', 'MKD'].includes(c)).map((c) => NATION_PROFILES[c].rankNames.join('|'));
    expect(new Set(lists).size).toBe(lists.length);
  });

  it('weights 70 % of draws to OR-3…OR-6 and moves the weight of unused codes down', () => {
    const total = RANK_WEIGHTS.reduce((a, b) => a + b, 0);
    expect((RANK_WEIGHTS[2]! + RANK_WEIGHTS[3]! + RANK_WEIGHTS[4]! + RANK_WEIGHTS[5]!) / total).toBeCloseTo(0.7, 5);
    const gbr = rankWeights(NATION_PROFILES.GBR.rankNames);
    expect(gbr[4]).toBe(0);
    expect(gbr[3]).toBe(RANK_WEIGHTS[3]! + RANK_WEIGHTS[4]!);
    expect(gbr.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
    expect(rankWeights(CODE_ONLY_RANK_NAMES)).toEqual([...RANK_WEIGHTS]);
    // A top code a nation lacks (Slovak OR-9) passes its weight down; a bottom one (Latvian none) up.
    const svk = rankWeights(NATION_PROFILES.SVK.rankNames);
    expect(svk[8]).toBe(0);
    expect(svk[7]).toBe(RANK_WEIGHTS[7]! + RANK_WEIGHTS[8]!);
  });

  it('ages each code from its minimum age, mostly over its typical ages', () => {
    RANK_CODES.forEach((code, k) => {
      const w = rankAgeWeights(k, 18, 55);
      expect(w).toHaveLength(38);
      const min = RANK_MIN_AGE[k]!;
      w.forEach((x, i) => expect(x > 0, `${code} age ${18 + i}`).toBe(18 + i >= min));
      const [from, to] = RANK_TYPICAL_AGE[k]!;
      expect(from).toBeGreaterThanOrEqual(min);
      const typical = w.slice(from - 18, to - 17).reduce((a, b) => a + b, 0);
      expect(typical / w.reduce((a, b) => a + b, 0), code).toBeGreaterThan(0.6);
    });
    // Officer minimums (docs/nations.md): OF-1 21, OF-2 24, OF-3 30, OF-4 36, OF-5 41.
    expect(RANK_MIN_AGE.slice(9)).toEqual([21, 24, 30, 36, 41]);
  });
});
