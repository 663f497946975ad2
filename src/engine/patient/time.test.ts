import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { birthDate } from './demographics.js';
import { IsoFormatter, ageAt, civilFromDays, daysFromCivil, daysInMonth, formatPackedDate, hoursRounded } from './time.js';

describe('calendar arithmetic', () => {
  it('agrees with the platform calendar over two centuries', () => {
    for (let day = -30000; day < 50000; day += 13) {
      const d = new Date(day * 86400000);
      const packed = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
      expect(civilFromDays(day)).toBe(packed);
      expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(day);
    }
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(formatPackedDate(990101)).toBe('0099-01-01');
  });

  it('formats ISO timestamps with Z and seconds precision', () => {
    const iso = new IsoFormatter();
    for (const s of [0, 1748736000, 1748736000 + 86399, 1748736000 + 86400 * 40 + 3661, 946684799, 4102444800]) {
      expect(iso.format(s)).toBe(new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
    }
    expect(iso.format(253402300799 + 3600)).toBe('10000-01-01T00:59:59Z');
    expect(iso.format(1748736000 - 86400 * 5000)).toBe(new Date((1748736000 - 86400 * 5000) * 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('rounds hours to two decimals', () => {
    expect(hoursRounded(0)).toBe(0);
    expect(hoursRounded(3600)).toBe(1);
    expect(hoursRounded(5400)).toBe(1.5);
    expect(hoursRounded(18)).toBe(0.01);
    expect(hoursRounded(17)).toBe(0);
  });

  it('derives birth dates that give exactly the age on the injury day, leap days included', () => {
    const rng = Rng.derive(1, 2, 3, 4);
    for (const injury of [20250601, 20240229, 20250301, 20251231, 20250101]) {
      const y = Math.floor(injury / 10000);
      const day = daysFromCivil(y, Math.floor((injury % 10000) / 100), injury % 100);
      for (let age = 18; age <= 55; age++) {
        for (let k = 0; k < 20; k++) {
          const birth = birthDate(rng, day, age);
          expect(ageAt(birth, injury), `${birth} at ${injury}`).toBe(age);
        }
      }
    }
  });
});
