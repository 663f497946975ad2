import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { NATO_NATIONS } from '../../types.js';
import { FakerNames, NATION_PROFILES, RELIGIONS, polishFamilyForm } from './index.js';
import { isValidBsn, isValidDni, isValidEstonianPersonalCode, isValidHenkilotunnus, isValidNino, isValidPesel, isValidSsn } from './ids.js';
import { hasFakerLocale } from './faker.js';

const VALIDATORS: Record<string, (id: string) => boolean> = {
  POL: isValidPesel, EST: isValidEstonianPersonalCode, LTU: isValidEstonianPersonalCode, FIN: isValidHenkilotunnus,
  NLD: isValidBsn, ESP: isValidDni, GBR: isValidNino, USA: isValidSsn,
};

describe('nation profiles', () => {
  const lib = new FakerNames();

  it('covers all 32 nations with names, IDs, service numbers, ranks and religions', () => {
    for (const code of NATO_NATIONS) {
      const profile = NATION_PROFILES[code];
      expect(profile.code).toBe(code);
      if (profile.fakerLocale !== undefined) expect(hasFakerLocale(profile.fakerLocale), code).toBe(true);
      expect(profile.religionWeights).toHaveLength(RELIGIONS.length);
      const rng = Rng.derive(3, 3, NATO_NATIONS.indexOf(code), 0);
      for (let i = 0; i < 50; i++) {
        const sex = i % 2 === 0 ? 'male' : 'female';
        const name = profile.names(rng, sex, lib);
        expect(name.given.length, code).toBeGreaterThan(1);
        expect(name.family.length, code).toBeGreaterThan(1);
        const id = profile.idNumber(rng, 19900315, sex);
        expect(id.length).toBeGreaterThan(7);
        if (VALIDATORS[code] !== undefined) expect(VALIDATORS[code]!(id), `${code} ${id}`).toBe(true);
        expect(profile.serviceNumber(rng)).toMatch(new RegExp(`^${profile.alpha2}\\d{8}$`));
      }
      expect(profile.rankLabel('OR-4')).toBe('Corporal');
    }
    expect(NATO_NATIONS.filter((c) => NATION_PROFILES[c].fakerLocale !== undefined)).toHaveLength(26);
  });

  it('draws names from the seeded stream: same stream, same names; no faker use outside a patient', () => {
    const draw = () => {
      const rng = Rng.derive(8, 8, 8, 8);
      return Array.from({ length: 20 }, () => NATION_PROFILES.ESP.names(rng, 'female', lib));
    };
    expect(draw()).toEqual(draw());
    expect(new FakerNames().name('pl', Rng.derive(1, 1, 1, 1), 'male').given.length).toBeGreaterThan(1);
    expect(() => new FakerNames().prepare('xx')).toThrow(/no locale/);
  });

  it('uses gender-correct family names', () => {
    expect(polishFamilyForm('Kowalski', 'female')).toBe('Kowalska');
    expect(polishFamilyForm('Zawadzki', 'female')).toBe('Zawadzka');
    expect(polishFamilyForm('Nowak', 'female')).toBe('Nowak');
    expect(polishFamilyForm('Kowalski', 'male')).toBe('Kowalski');
    const rng = Rng.derive(5, 5, 5, 5);
    for (let i = 0; i < 100; i++) {
      expect(NATION_PROFILES.POL.names(rng, 'female', lib).family).not.toMatch(/(sk|ck)i$/);
      expect(NATION_PROFILES.ISL.names(rng, 'female', lib).family).toMatch(/dóttir$/);
      expect(NATION_PROFILES.ISL.names(rng, 'male', lib).family).toMatch(/son$/);
      expect(NATION_PROFILES.LTU.names(rng, 'female', lib).family).toMatch(/ienė$/);
      expect(NATION_PROFILES.BGR.names(rng, 'female', lib).family).toMatch(/а$/);
      expect(NATION_PROFILES.LVA.names(rng, 'male', lib).family.length).toBeGreaterThan(1);
    }
  });
});
