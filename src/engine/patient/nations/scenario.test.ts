import { describe, expect, it } from 'vitest';
import { createRun, generateRange } from '../../run.js';
import { parseScenario } from '../../scenario/index.js';
import { NATO_NATIONS, type NationCode } from '../../types.js';
import { ID_SCHEMES, RANK_CODES, RANK_MIN_AGE, surnameAgrees, type RankCode } from './index.js';

/** Nations without a verified rank list: the NATO code alone (docs/nations.md). */
const CODE_ONLY: readonly NationCode[] = ['ISL', 'MNE', 'MKD'];

/** A scenario whose four fronts together field all 32 nations, 8 each, and half women. */
function allNations(total: number) {
  const parsed = parseScenario({
    total_patients: total,
    seed: 32,
    female_ratio: 0.5,
    front_configs: [0, 1, 2, 3].map((f) => ({
      id: `front-${f}`,
      name: `Front ${f}`,
      casualty_rate: 0.25,
      nationality_distribution: NATO_NATIONS.slice(f * 8, f * 8 + 8).map((n) => ({ nationality_code: n, percentage: 12.5 })),
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

const packed = (iso: string): number => Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));

describe('national data over a whole run (all 32 nations)', () => {
  it('20,000 patients: every id_number valid for its nation and encoding the patient; gender-correct family names; ranks in the nation\'s words and of a fitting age', () => {
    const run = createRun(allNations(20_000));
    const seen = new Map<NationCode, number>();
    const bad: string[] = [];
    for (const p of generateRange(run)) {
      const d = p.demographics;
      const nation = d.nationality;
      seen.set(nation, (seen.get(nation) ?? 0) + 1);
      const scheme = ID_SCHEMES[nation];
      const name = { given: d.given_name, family: d.family_name };
      if (!scheme.validate(d.id_number)) bad.push(`${nation} invalid ${d.id_number}`);
      else if (!scheme.agrees(d.id_number, packed(d.birthdate), d.gender, name)) bad.push(`${nation} ${d.id_number} ≠ ${d.birthdate} ${d.gender}`);
      if (!surnameAgrees(nation, d.family_name, d.gender)) bad.push(`${nation} ${d.gender} ${d.family_name}`);
      // The nation's own label after the code, or the code alone where no list is kept; an age the rank allows.
      const rank = /^(O[RF]-\d)(?: (\S.*))?$/.exec(d.rank);
      if (rank === null || (rank[2] === undefined) !== CODE_ONLY.includes(nation)) bad.push(`${nation} rank ${d.rank}`);
      else if (d.age < (RANK_MIN_AGE[RANK_CODES.indexOf(rank[1] as RankCode)] as number)) bad.push(`${nation} ${d.rank} aged ${d.age}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
    expect([...seen.keys()].sort()).toEqual([...NATO_NATIONS].sort());
    for (const [nation, n] of seen) expect(n, nation).toBeGreaterThan(300);
  });
});
