import { describe, expect, it } from 'vitest';
import { Rng, Stream } from '../rng.js';
import { NATO_NATIONS, type FrontConfig } from '../types.js';
import { DemographicsTables, MAX_AGE, MIN_AGE } from './demographics.js';
import { FakerNames, RANK_CODES, RANK_MIN_AGE, RANK_TYPICAL_AGE } from './nations/index.js';

/** One front with the 32 nations in equal shares. */
const ALL_NATIONS: FrontConfig[] = [{
  id: 'all', name: 'All', casualty_rate: 1,
  nationality_distribution: NATO_NATIONS.map((nationality_code) => ({ nationality_code, percentage: 100 / NATO_NATIONS.length })),
}];

const INJURY = Date.UTC(2025, 5, 1) / 1000;
const CODE = /^(O[RF]-\d)(?: (.+))?$/;

describe('rank follows age and service', () => {
  const tables = new DemographicsTables(ALL_NATIONS, new FakerNames());
  const draws = 100_000;
  const byCode = new Map<string, number[]>();
  let young = 0;
  for (let i = 0; i < draws; i++) {
    const rng = Rng.derive(77, Stream.patient, i);
    const nation = NATO_NATIONS[i % NATO_NATIONS.length]!;
    const d = tables.generate(rng, nation, i % 8 === 0 ? 'female' : 'male', INJURY, 0);
    const code = CODE.exec(d.rank)?.[1] ?? d.rank;
    let ages = byCode.get(code);
    if (ages === undefined) byCode.set(code, (ages = []));
    ages.push(d.age);
    if (d.age >= 20 && d.age <= 35) young++;
  }

  it(`never draws an age below its rank's minimum over ${draws} draws (no 19-year-old captains)`, () => {
    expect([...byCode.keys()].sort()).toEqual([...RANK_CODES].sort());
    RANK_CODES.forEach((code, k) => {
      const ages = byCode.get(code)!;
      expect(Math.min(...ages), code).toBeGreaterThanOrEqual(RANK_MIN_AGE[k]!);
      expect(Math.max(...ages), code).toBeLessThanOrEqual(MAX_AGE);
    });
    // The officer minimums the issue names.
    const minOf = (code: string) => Math.min(...byCode.get(code)!);
    expect(minOf('OF-2')).toBeGreaterThanOrEqual(24);
    expect(minOf('OF-3')).toBeGreaterThanOrEqual(30);
    expect(minOf('OF-4')).toBeGreaterThanOrEqual(36);
    expect(minOf('OF-5')).toBeGreaterThanOrEqual(41);
  });

  it('puts most holders of each code in its typical ages, and seniors older than juniors', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    RANK_CODES.forEach((code, k) => {
      const ages = byCode.get(code)!;
      const [from, to] = RANK_TYPICAL_AGE[k]!;
      expect(ages.filter((a) => a >= from && a <= to).length / ages.length, code).toBeGreaterThan(0.6);
    });
    const medians = RANK_CODES.map((c) => median(byCode.get(c)!));
    for (let k = 1; k < 9; k++) expect(medians[k]!, RANK_CODES[k]).toBeGreaterThanOrEqual(medians[k - 1]!);
    for (let k = 10; k < 14; k++) expect(medians[k]!, RANK_CODES[k]).toBeGreaterThan(medians[k - 1]!);
  });

  it('keeps ages 18–55, weighted to 20–35', () => {
    const all = [...byCode.values()].flat();
    expect(Math.min(...all)).toBe(MIN_AGE);
    expect(Math.max(...all)).toBeLessThanOrEqual(MAX_AGE);
    expect(young / draws).toBeGreaterThan(0.65);
    expect(all.filter((a) => a > 45).length / draws).toBeLessThan(0.05);
  });

  it('labels every rank in the nation\'s own words, or with the NATO code alone', () => {
    const tablesAgain = new DemographicsTables(ALL_NATIONS, new FakerNames());
    for (const nation of NATO_NATIONS) {
      for (let i = 0; i < 200; i++) {
        const d = tablesAgain.generate(Rng.derive(5, Stream.patient, i), nation, 'male', INJURY, 0);
        const m = CODE.exec(d.rank);
        expect(m, `${nation} ${d.rank}`).not.toBeNull();
        if (['ISL', 'MNE', 'MKD'].includes(nation)) expect(m![2], d.rank).toBeUndefined();
        else expect(m![2], `${nation} ${d.rank}`).toBeDefined();
        if (nation !== 'USA') expect(d.rank).not.toMatch(/Specialist|Private First Class|Sergeant First Class/);
      }
    }
  });
});
