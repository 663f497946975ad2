/**
 * Calibration bands (domain spec §4.3) from published modern conflict data, checked on the
 * casualty statistics of a run. docs/calibration.md names each band's source.
 *
 * A band is not applicable (n/a, never failing) when its population is too small to say anything
 * (fewer than MIN_POPULATION battle casualties, or DNBI casualties for the DNBI band). The wound
 * pattern bands come from Iraq/Afghanistan; they are normative only where the scenario resembles
 * that war: the mechanism bands when ≥ 80 % of battle casualties come from conventional warfare,
 * the body-region bands when ≥ 80 % come from land warfare (not naval or CBRN). Elsewhere they are
 * reported as informational: value and target shown, never failing.
 */
import type { CasualtyStatistics } from './statistics.js';
import type { BandCheck } from './types.js';

export const MIN_POPULATION = 200;
/** Share of battle casualties from conventional (mechanism bands) or land (region bands) warfare that makes the bands normative. */
export const PATTERN_SHARE = 0.8;

export interface BandLimits {
  min?: number;
  max?: number;
  maxExclusive?: boolean;
}

export const BAND_LIMITS = {
  cfr: { min: 0.07, max: 0.14 },
  pctKia: { min: 0.09, max: 0.18 },
  pctDow: { min: 0.03, max: 0.08 },
  dnbiDeaths: { max: 0.01, maxExclusive: true },
  explosive: { min: 0.65, max: 0.85 },
  gunshot: { min: 0.1, max: 0.25 },
  extremities: { min: 0.45, max: 0.6 },
  headNeckFace: { min: 0.2, max: 0.35 },
  chest: { min: 0.05, max: 0.15 },
  abdomen: { min: 0.05, max: 0.15 },
} as const satisfies Record<string, BandLimits>;

const HOLCOMB = 'Holcomb 2006 definitions; Kotwal 2016; Howard 2019';
const OWENS = 'Owens 2008 (OIF/OEF wounds)';

export function inside(value: number, l: BandLimits): boolean {
  const aboveMin = l.min === undefined || value >= l.min;
  const belowMax = l.max === undefined || (l.maxExclusive ? value < l.max : value <= l.max);
  return aboveMin && belowMax;
}

interface BandSpec {
  id: string;
  name: string;
  source: string;
  numerator: number;
  denominator: number;
  limits: BandLimits;
  /** Size of the population the applicability is judged on. */
  population: number;
  populationName: string;
  /** When set, the band is informational (not checked), with this reason. */
  informational?: string;
}

function band(s: BandSpec): BandCheck {
  const value = s.denominator > 0 ? s.numerator / s.denominator : 0;
  const within = s.denominator > 0 && inside(value, s.limits);
  const big = s.population >= MIN_POPULATION && s.denominator > 0;
  const applicable = big && s.informational === undefined;
  const note = !big ? `fewer than ${MIN_POPULATION} ${s.populationName} (${s.population})` : s.informational;
  return {
    id: s.id, name: s.name, value, ...s.limits, denominator: s.denominator, applicable, inside: within,
    informational: big && s.informational !== undefined, pass: !applicable || within, source: s.source,
    ...(note !== undefined ? { note } : {}),
  };
}

function share(rows: { key: string; count: number }[], keys: readonly string[]): number {
  return rows.reduce((n, r) => n + (keys.includes(r.key) ? r.count : 0), 0);
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

export function checkBands(s: CasualtyStatistics): BandCheck[] {
  const b = s.battle;
  const bt = { population: b.casualties, populationName: 'battle casualties' };
  const mechanismInfo = s.conventional_share >= PATTERN_SHARE ? undefined
    : `informational: ${pct(s.conventional_share)} of battle casualties from conventional warfare (normative at ≥ ${pct(PATTERN_SHARE)})`;
  const regionInfo = s.land_share >= PATTERN_SHARE ? undefined
    : `informational: ${pct(s.land_share)} of battle casualties from land warfare (normative at ≥ ${pct(PATTERN_SHARE)})`;
  const region = (id: string, name: string, keys: readonly string[], limits: BandLimits): BandCheck => band({
    id, name, source: OWENS, numerator: share(s.body_regions, keys), denominator: s.battle_injuries, limits, ...bt,
    ...(regionInfo !== undefined ? { informational: regionInfo } : {}),
  });
  const mechanism = (id: string, name: string, key: string, limits: BandLimits): BandCheck => band({
    id, name, source: OWENS, numerator: share(s.mechanisms, [key]), denominator: b.casualties, limits, ...bt,
    ...(mechanismInfo !== undefined ? { informational: mechanismInfo } : {}),
  });
  return [
    band({ id: 'cfr', name: 'CFR (KIA+DOW)/(KIA+WIA)', source: HOLCOMB, numerator: b.kia + b.dow, denominator: b.kia + b.wia, limits: BAND_LIMITS.cfr, ...bt }),
    band({ id: 'pct_kia', name: '%KIA KIA/(KIA+WIA-RTD)', source: HOLCOMB, numerator: b.kia, denominator: b.kia + b.wia - b.rtd_72h, limits: BAND_LIMITS.pctKia, ...bt }),
    band({ id: 'pct_dow', name: '%DOW DOW/(WIA-RTD)', source: 'Holcomb 2006 definitions; Kotwal 2016; Eastridge 2011', numerator: b.dow, denominator: b.wia - b.rtd_72h, limits: BAND_LIMITS.pctDow, ...bt }),
    band({
      id: 'dnbi_deaths', name: 'DNBI deaths', source: 'spec §4.3 (well under 1 %)', numerator: s.dnbi.deaths, denominator: s.dnbi.casualties,
      limits: BAND_LIMITS.dnbiDeaths, population: s.dnbi.casualties, populationName: 'DNBI casualties',
    }),
    mechanism('explosive', 'Explosive share of BT', 'explosive', BAND_LIMITS.explosive),
    mechanism('gunshot', 'Gunshot share of BT', 'gunshot', BAND_LIMITS.gunshot),
    region('extremities', 'Extremity share of wounds', ['extremities'], BAND_LIMITS.extremities),
    region('head_neck_face', 'Head/neck+face share of wounds', ['head_neck', 'face'], BAND_LIMITS.headNeckFace),
    region('chest', 'Chest share of wounds', ['chest'], BAND_LIMITS.chest),
    region('abdomen', 'Abdomen share of wounds', ['abdomen'], BAND_LIMITS.abdomen),
  ];
}
