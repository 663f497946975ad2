/**
 * The engine's face for the browser app (web/): scenarios (parsing, defaults, presets, the v1
 * names), the domain's types and constants, and the dashboard aggregate. It leaves out
 * generation, whose name data loads through Node's module loader, so a browser bundle can
 * take everything here. index.ts re-exports all of it.
 */
export * from './types.js';
export {
  parseScenario, defaultScenario, PRESETS, getPreset, scenarioToInput, NATION_NAMES,
  DEFAULT_FACILITY_RATES, DEFAULT_EVACUATION_TIMES, DEFAULT_TRANSIT_TIMES,
  type ValidationIssue, type ParseResult, type Preset,
} from './scenario/index.js';
// The v1 names of roles and transit legs (the scenario editor reads and writes them).
export { roleFromName, transitFromKey, V1_ROLE_KEYS, V1_TRANSIT_KEYS } from './scenario/aliases.js';
export { DashboardAccumulator, type DashboardData, type KeyedOutcomes, type OutcomeCounts } from './report/dashboard.js';
