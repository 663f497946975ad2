/** The engine's public face: pure, deterministic, streaming casualty generation. */
export * from './types.js';
export { Rng, Stream, seedKey, hashString } from './rng.js';
export { largestRemainder } from './allocate.js';
export { QuotaAssigner } from './quota.js';
export {
  parseScenario, defaultScenario, PRESETS, getPreset, scenarioToInput, NATION_NAMES,
  type ValidationIssue, type ParseResult, type Preset,
} from './scenario/index.js';
export { buildSchedule, type Schedule } from './schedule/index.js';
export { createPatientContext, generatePatient, type PatientContext } from './patient/index.js';
export { referenceNationalities } from './patient/nations/index.js';
export { BODY_PART_STRUCTURE } from './patient/record.js';
export type { BodyPart } from './patient/illness.js';
export { ReportAccumulator, formatReport, checkBands, estimateOutcomes, type RealismReport, type BandCheck } from './report/index.js';
export { DashboardAccumulator, type DashboardData } from './report/dashboard.js';
export {
  GENERATOR_VERSION, GENERATOR_NAME, createRun, loadRunModules, drawSeed, patientAt, generateRange, generateBatches, canonicalJson, runMetadata,
  type Run, type RunMetadata,
} from './run.js';
export { casualtyTimeline, patientEvents, CASUALTY_EVENT_TYPES, type CasualtyEvent, type CasualtyEventType } from './timeline.js';
