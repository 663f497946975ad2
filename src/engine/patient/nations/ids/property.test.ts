import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../rng.js';
import { NATO_NATIONS } from '../../../types.js';
import { civilFromDays, daysFromCivil } from '../../time.js';
import { ID_SCHEMES } from './index.js';
import type { Sex } from '../types.js';

/** Birth dates the generator can produce and then some: 1940-01-01 … 2012-12-31. */
const birthArb = fc.integer({ min: daysFromCivil(1940, 1, 1), max: daysFromCivil(2012, 12, 31) }).map(civilFromDays);
const sexArb = fc.constantFrom<Sex>('male', 'female');
const NAMES = [
  { given: 'Mario', family: 'Rossi' }, { given: 'Niccolò', family: "D'Amico" }, { given: 'Jo', family: 'Ng' },
  { given: 'Giulia', family: 'De Luca' }, { given: 'Christopher', family: 'Schmidt' }, { given: 'Ea', family: 'Oia' },
];

describe('generated numbers (10,000 per scheme)', () => {
  for (const nation of NATO_NATIONS) {
    const scheme = ID_SCHEMES[nation];
    it(`${nation} ${scheme.scheme}: valid, and encode the birth date, sex and name`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), birthArb, sexArb, fc.nat(NAMES.length - 1), (seed, birth, sex, n) => {
          const name = NAMES[n]!;
          const id = scheme.generate(Rng.derive(seed, 99, 1, 2), birth, sex, name);
          expect(scheme.validate(id), `${id} (${birth} ${sex})`).toBe(true);
          expect(scheme.agrees(id, birth, sex, name), `${id} encodes ${birth} ${sex}`).toBe(true);
        }),
        { numRuns: 10_000, seed: 20250601 },
      );
    });
  }

  it('are deterministic in the stream', () => {
    for (const nation of NATO_NATIONS) {
      const a = ID_SCHEMES[nation].generate(Rng.derive(1, 2, 3, 4), 19900315, 'female', NAMES[0]!);
      const b = ID_SCHEMES[nation].generate(Rng.derive(1, 2, 3, 4), 19900315, 'female', NAMES[0]!);
      expect(a).toBe(b);
    }
  });
});
