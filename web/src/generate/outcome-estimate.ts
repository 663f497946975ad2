/**
 * The expected outcome mix of a scenario, from the engine itself: a fixed-seed sample of the
 * scenario's patients run through the clinical model (injuries, physiology, care, evacuation
 * times). Outcomes follow the state and the clock, so no closed formula gives them; a sample of
 * SAMPLE_SIZE patients puts each share within about two points. A job's summary gives the real mix.
 */
import { createRun, generateRange, parseScenario, type Scenario } from '../../../src/engine/index.js';

export interface OutcomeMix {
  KIA: number;
  DOW: number;
  RTD: number;
  Remains_Role4: number;
  Died_DNBI: number;
}

export const SAMPLE_SIZE = 600;

export function estimateOutcomes(s: Scenario): OutcomeMix {
  const n = Math.min(SAMPLE_SIZE, s.total_patients);
  const run = createRun({ ...s, total_patients: n }, 1);
  const mix: OutcomeMix = { KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0, Died_DNBI: 0 };
  for (const p of generateRange(run)) mix[p.final_status] += 1 / n;
  return mix;
}

/** The estimate for a scenario JSON, or undefined while it is invalid. */
export function estimateFromJson(json: unknown): OutcomeMix | undefined {
  const r = parseScenario(json);
  return r.ok ? estimateOutcomes(r.scenario) : undefined;
}
