import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import {
  bsn, digits, dni, estonianPersonalCode, henkilotunnus, isValidBsn, isValidDni, isValidEstonianPersonalCode, isValidHenkilotunnus,
  isValidNino, isValidPesel, isValidSsn, nino, pesel, ssn,
} from './ids.js';

const rng = () => Rng.derive(7, 42, 1, 2);

describe('published valid examples', () => {
  it('PESEL', () => {
    expect(isValidPesel('44051401359')).toBe(true); // the textbook example: male, 14 May 1944
    expect(isValidPesel('44051401358')).toBe(false);
    expect(isValidPesel('4405140135')).toBe(false);
  });
  it('Estonian isikukood', () => {
    expect(isValidEstonianPersonalCode('37605030299')).toBe(true); // male, 3 May 1976
    expect(isValidEstonianPersonalCode('37605030298')).toBe(false);
  });
  it('Finnish henkilötunnus', () => {
    expect(isValidHenkilotunnus('131052-308T')).toBe(true); // female, 13 Oct 1952
    expect(isValidHenkilotunnus('131052-308U')).toBe(false);
    expect(isValidHenkilotunnus('131052Z308T')).toBe(false);
  });
  it('BSN 11-test', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
  });
  it('DNI letter', () => {
    expect(isValidDni('12345678Z')).toBe(true);
    expect(isValidDni('12345678A')).toBe(false);
  });
  it('NINO format rules', () => {
    expect(isValidNino('AB123456C')).toBe(true);
    expect(isValidNino('QQ123456C')).toBe(false); // the specimen prefix is never issued
    expect(isValidNino('GB123456A')).toBe(false);
    expect(isValidNino('AO123456A')).toBe(false);
    expect(isValidNino('AB123456E')).toBe(false);
  });
  it('SSN area rules', () => {
    expect(isValidSsn('123-45-6789')).toBe(true);
    expect(isValidSsn('666-45-6789')).toBe(false);
    expect(isValidSsn('900-45-6789')).toBe(false);
    expect(isValidSsn('000-45-6789')).toBe(false);
    expect(isValidSsn('123-00-6789')).toBe(false);
    expect(isValidSsn('123-45-0000')).toBe(false);
  });
});

describe('generated numbers', () => {
  it('pass their checksums and encode birth date and sex', () => {
    const r = rng();
    for (let i = 0; i < 2000; i++) {
      const sex = i % 2 === 0 ? 'male' : 'female';
      const birth = [19700101, 19851231, 19960229, 20050615][i % 4] as number;
      const p = pesel(r, birth, sex);
      expect(isValidPesel(p), p).toBe(true);
      expect(Number(p[9]) % 2).toBe(sex === 'male' ? 1 : 0);
      const e = estonianPersonalCode(r, birth, sex);
      expect(isValidEstonianPersonalCode(e), e).toBe(true);
      const h = henkilotunnus(r, birth, sex);
      expect(isValidHenkilotunnus(h), h).toBe(true);
      expect(Number(h.slice(7, 10)) % 2).toBe(sex === 'male' ? 1 : 0);
      expect(isValidBsn(bsn(r))).toBe(true);
      expect(isValidDni(dni(r))).toBe(true);
      expect(isValidNino(nino(r))).toBe(true);
      expect(isValidSsn(ssn(r))).toBe(true);
    }
  });

  it('encodes the century', () => {
    const r = rng();
    expect(pesel(r, 20050615, 'male').slice(0, 6)).toBe('052615');
    expect(pesel(r, 19850615, 'female').slice(0, 6)).toBe('850615');
    expect(pesel(r, 18990615, 'female').slice(0, 6)).toBe('998615');
    expect(estonianPersonalCode(r, 19850615, 'male').slice(0, 7)).toBe('3850615');
    expect(estonianPersonalCode(r, 20050615, 'female').slice(0, 7)).toBe('6050615');
    expect(henkilotunnus(r, 19850615, 'male').slice(0, 7)).toBe('150685-');
    expect(henkilotunnus(r, 20050615, 'male').slice(0, 7)).toBe('150605A');
    expect(henkilotunnus(r, 18990615, 'male').slice(0, 7)).toBe('150699+');
  });

  it('draws plain digits', () => {
    expect(digits(rng(), 12)).toMatch(/^\d{12}$/);
  });
});
