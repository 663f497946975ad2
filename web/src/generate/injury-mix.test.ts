import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMix, setLinked, toTenths, writeMix, type Tenths } from './injury-mix.js';

describe('linked injury mix', () => {
  it('reads fractions and percentages, labels and codes', () => {
    expect(readMix({ 'Battle Injury': 0.4, 'Non-Battle Injury': 0.35, Disease: 0.25 })).toEqual({ percents: [40, 35, 25], fractions: true });
    expect(readMix({ BATTLE_TRAUMA: 70, NON_BATTLE: 20, DISEASE: 10 })).toEqual({ percents: [70, 20, 10], fractions: false });
  });

  it('hands the rest to the other two shares in proportion, or evenly when both are zero', () => {
    expect(setLinked([400, 350, 250], 0, 60)).toEqual([600, 233, 167]);
    expect(setLinked([1000, 0, 0], 0, 40)).toEqual([400, 300, 300]);
    expect(setLinked([150, 330, 520], 2, 100)).toEqual([0, 0, 1000]);
    expect(setLinked([150, 330, 520], 1, 120)).toEqual([0, 1000, 0]);
    expect(setLinked([150, 330, 520], 1, -5)).toEqual([224, 0, 776]);
  });

  it('always sums to exactly 100 % and keeps the moved share', () => {
    fc.assert(fc.property(
      fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000)), fc.constantFrom(0, 1, 2), fc.double({ min: -50, max: 150, noNaN: true }),
      (start, which, pct) => {
        const out = setLinked(start as Tenths, which as 0 | 1 | 2, pct);
        expect(out[0] + out[1] + out[2]).toBe(1000);
        expect(out.every((x) => x >= 0)).toBe(true);
        expect(out[which]).toBe(Math.max(0, Math.min(1000, Math.round(pct * 10))));
      },
    ));
  });

  it('writes the scale the scenario used', () => {
    const t = toTenths([33.3, 33.3, 33.4]);
    expect(writeMix(t, false)).toEqual({ 'Battle Injury': 33.3, 'Non-Battle Injury': 33.3, Disease: 33.4 });
    expect(writeMix(t, true)).toEqual({ 'Battle Injury': 0.333, 'Non-Battle Injury': 0.333, Disease: 0.334 });
  });
});
