/**
 * Scenario input: validation and normalisation of v1-style scenario JSON (domain spec §2),
 * the defaults, the shipped presets and the canonical JSON form.
 */
export type { ValidationIssue } from './check.js';
export { parseScenario, type ParseResult } from './parse.js';
export { scenarioToInput } from './serialize.js';
export {
  defaultScenario, NATION_NAMES, DEFAULT_FACILITY_RATES, DEFAULT_EVACUATION_TIMES, DEFAULT_TRANSIT_TIMES,
  DEFAULT_FRONTS, DEFAULT_INJURY_MIX,
} from './defaults.js';
export { PRESETS, getPreset, type Preset, type PresetDifficulty } from './presets.js';
