/**
 * Realism report (domain spec §4.3): stream patients into a ReportAccumulator, read the
 * RealismReport, render it with formatReport. Pure code: the caller does the I/O.
 */
export { ReportAccumulator, expectedShares, MAX_KEYS, OTHER } from './accumulator.js';
export { checkBands, BAND_LIMITS, MIN_POPULATION, PATTERN_SHARE } from './bands.js';
export { CasualtyStatsAccumulator, ISS_BANDS, RTD_HOURS, SURGICAL_CODES, SURGICAL_PROCEDURE_KEYS } from './statistics.js';
export type { CasualtyStatistics, CauseOfDeath, KeyCount } from './statistics.js';
export { HoursHistogram, HOUR_EDGES, type HoursDistribution } from './hours-histogram.js';
export { formatReport, formatStatistics, pct, bandTarget } from './format.js';
export { normaliseRecord, facilityRank, utcHour, UNKNOWN } from './record.js';
export type { ReportRecord, Normalised, RejectReason } from './record.js';
export type { BandCheck, FrontShare, NationalityShare, OutcomeBreakdown, RealismReport, ScenarioLike } from './types.js';
export { scaleEvacuation, sensitivityRow, monotoneFailures, formatSensitivity } from './sensitivity.js';
export type { SensitivityRow } from './sensitivity.js';
export { estimateOutcomes, ESTIMATE_SAMPLE } from './estimate.js';
