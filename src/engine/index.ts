/**
 * The engine's public face: pure, deterministic, streaming casualty generation. What a browser
 * can run (scenarios, types, the dashboard aggregate) is its browser face, re-exported here.
 */
export * from './browser.js';
export { Rng, Stream, seedKey, hashString } from './rng.js';
export { largestRemainder } from './allocate.js';
export { QuotaAssigner } from './quota.js';
// The scenario's field schemas, for the API documentation (the server's OpenAPI document).
export { facilitySchema, frontSchema, hourRangeSchema, injuryMixSchema, S as SCENARIO_FIELD_SCHEMAS } from './scenario/schema.js';
export { buildSchedule, type Schedule } from './schedule/index.js';
export { createPatientContext, generatePatient, type PatientContext } from './patient/index.js';
export { referenceNationalities } from './patient/nations/index.js';
export { BODY_PART_STRUCTURE } from './patient/record.js';
export type { BodyPart } from './patient/illness.js';
export { ReportAccumulator, formatReport, checkBands, estimateOutcomes, type RealismReport, type BandCheck } from './report/index.js';
export {
  GENERATOR_VERSION, GENERATOR_NAME, createRun, loadRunModules, drawSeed, patientAt, generateRange, generateBatches, canonicalJson, runMetadata,
  type Run, type RunMetadata,
} from './run.js';
export { casualtyTimeline, patientEvents, CASUALTY_EVENT_TYPES, type CasualtyEvent, type CasualtyEventType } from './timeline.js';
