/**
 * Realism report (domain spec §4.3): stream patients into a ReportAccumulator, read the
 * RealismReport, render it with formatReport. Pure code: the caller does the I/O.
 */
export { ReportAccumulator, expectedShares, MAX_KEYS, OTHER } from './accumulator.js';
export { checkBands, BAND_LIMITS } from './bands.js';
export type { BandInput } from './bands.js';
export { formatReport, pct, bandTarget } from './format.js';
export { normaliseRecord, facilityRank, utcHour, UNKNOWN } from './record.js';
export type { ReportRecord, Normalised, RejectReason } from './record.js';
export type { BandCheck, FrontShare, NationalityShare, OutcomeBreakdown, RealismReport, ScenarioLike } from './types.js';
