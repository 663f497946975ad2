import { createHash, randomInt } from 'node:crypto';
import { createPatientContext, generatePatient, type PatientContext } from './patient/index.js';
import { NATION_PROFILES, loadFakerLocales } from './patient/nations/index.js';
import { seedKey } from './rng.js';
import { buildSchedule, type Schedule } from './schedule/index.js';
// Not the scenario index: that loads the schema library, which encoder threads never need.
import { scenarioToInput } from './scenario/serialize.js';
import type { Patient, Scenario } from './types.js';

/** Version of the generation rules: output is byte-identical only for the same version. */
export const GENERATOR_VERSION = '1.0.0';
export const GENERATOR_NAME = 'medgen';

/** Everything needed to generate any patient of a run; cheap to build in each worker. */
export interface Run {
  readonly scenario: Scenario;
  readonly seed: number | string;
  readonly key: number;
  readonly schedule: Schedule;
  readonly context: PatientContext;
  readonly total: number;
}

/**
 * A seed for a scenario that gave none. Drawn once when a run is created (never while
 * generating) and recorded in the output metadata so the run can be reproduced.
 */
export function drawSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}

export function createRun(scenario: Scenario, seed: number | string = scenario.seed ?? drawSeed()): Run {
  const resolved: Scenario = { ...scenario, seed };
  const key = seedKey(seed);
  const schedule = buildSchedule(resolved, key);
  return { scenario: resolved, seed, key, schedule, context: createPatientContext(resolved, key), total: schedule.total };
}

/**
 * Loads, asynchronously, the modules that createRun would otherwise load synchronously for this
 * scenario (the faker locales of its nations). Optional: createRun works without it. A thread that
 * may be terminated awaits this first (see loadFakerLocales for why).
 */
export async function loadRunModules(scenario: Scenario): Promise<void> {
  const locales: string[] = [];
  for (const front of scenario.front_configs) {
    for (const { nationality_code: code } of front.nationality_distribution) {
      for (const s of NATION_PROFILES[code].nameSources ?? []) locales.push(s.source.locale);
    }
  }
  await loadFakerLocales(locales);
}

export function patientAt(run: Run, index: number): Patient {
  if (!Number.isInteger(index) || index < 0 || index >= run.total) {
    throw new RangeError(`patient index must be a whole number in [0, ${run.total - 1}], got ${index}`);
  }
  return generatePatient(run.context, run.schedule.arrival(index));
}

/** Patients [start, end) in index order. Memory stays O(1) in the range length. */
export function* generateRange(run: Run, start = 0, end = run.total): Generator<Patient> {
  const last = Math.min(end, run.total);
  for (let i = Math.max(0, start); i < last; i++) yield generatePatient(run.context, run.schedule.arrival(i));
}

/**
 * Appends patients [start, end) (clamped to the run) to `out`: the loop the batch writers use.
 * A plain loop, not a generator: resuming a generator per patient cost ≈ 5 % of generating.
 */
export function pushPatients(run: Run, start: number, end: number, out: Patient[]): void {
  const { context, schedule } = run;
  const last = Math.min(end, run.total);
  for (let i = Math.max(0, start); i < last; i++) out.push(generatePatient(context, schedule.arrival(i)));
}

/** Batches of patients, for writers that serialise many at once. */
export function* generateBatches(run: Run, batchSize: number, start = 0, end = run.total): Generator<Patient[]> {
  // As many as asked, rounded up; at least one (a batch is full once its length reaches batchSize).
  const size = Number.isNaN(batchSize) ? Infinity : Math.max(1, Math.ceil(batchSize));
  const last = Math.min(end, run.total);
  for (let from = Math.max(0, start); from < last; from += size) {
    const batch: Patient[] = [];
    pushPatients(run, from, Math.min(last, from + size), batch);
    yield batch;
  }
}

/** Canonical JSON: keys sorted at every level, so equal scenarios hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface RunMetadata {
  generator: string;
  generator_version: string;
  scenario_name: string;
  seed: number | string;
  scenario_hash: string;
  patient_count: number;
  base_date: string;
  days_of_fighting: number;
  /** Taken from the scenario, never from the wall clock, so output bytes do not depend on when it ran. */
  generated_at: string;
  /** The resolved scenario, so a file explains itself (and `medgen report` can compare shares). */
  scenario: Record<string, unknown>;
}

export function runMetadata(run: Run): RunMetadata {
  const scenario = scenarioToInput(run.scenario);
  const hash = createHash('sha256').update(canonicalJson(scenario)).digest('hex');
  return {
    generator: GENERATOR_NAME,
    generator_version: GENERATOR_VERSION,
    scenario_name: run.scenario.name,
    seed: run.seed,
    scenario_hash: `sha256:${hash}`,
    patient_count: run.total,
    base_date: run.scenario.base_date,
    days_of_fighting: run.scenario.days_of_fighting,
    generated_at: `${run.scenario.base_date}T00:00:00Z`,
    scenario,
  };
}
