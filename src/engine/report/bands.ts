/**
 * The calibration bands of domain spec §4.3, checked on a finished (or partial) report.
 */
import type { BandCheck, RealismReport } from './types.js';

/** What the bands read from a report. */
export type BandInput = Pick<RealismReport, 'total' | 'byFinalStatus' | 'byInjuryType'>;

export const BAND_LIMITS = {
  btKia: { min: 0.08, max: 0.25 },
  btDow: { min: 0.02, max: 0.13 },
  dnbiDeaths: { max: 0.02 },
  rtd: { min: 0.6 },
} as const;

function band(
  name: string,
  numerator: number,
  denominator: number,
  limits: { min?: number; max?: number; maxExclusive?: boolean },
): BandCheck {
  const applicable = denominator > 0;
  const value = applicable ? numerator / denominator : 0;
  const aboveMin = limits.min === undefined || value >= limits.min;
  const belowMax = limits.max === undefined || (limits.maxExclusive ? value < limits.max : value <= limits.max);
  return { name, value, ...limits, denominator, applicable, pass: !applicable || (aboveMin && belowMax) };
}

/**
 * - BT KIA rate: KIA among battle trauma, 8–25 %.
 * - BT DOW rate among those reaching R1: 2–13 %.
 * - DNBI deaths: KIA + DOW among non-battle injury and disease, below 2 %.
 * - RTD overall: at least 60 % of all casualties.
 */
export function checkBands(r: BandInput): BandCheck[] {
  const bt = r.byInjuryType.BATTLE_TRAUMA;
  const nbi = r.byInjuryType.NON_BATTLE;
  const dis = r.byInjuryType.DISEASE;
  return [
    band('BT KIA rate', bt.KIA, bt.total, BAND_LIMITS.btKia),
    band('BT DOW rate among those reaching R1', bt.DOW, bt.reachedR1, BAND_LIMITS.btDow),
    band('DNBI deaths', nbi.KIA + nbi.DOW + dis.KIA + dis.DOW, nbi.total + dis.total, { ...BAND_LIMITS.dnbiDeaths, maxExclusive: true }),
    band('RTD overall', r.byFinalStatus.RTD, r.total, BAND_LIMITS.rtd),
  ];
}
