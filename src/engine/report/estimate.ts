/**
 * The expected outcome mix of a scenario: a fixed-seed sample of its patients run through the
 * clinical model. Outcomes follow each casualty's state and the clock, so no closed formula gives
 * them; ESTIMATE_SAMPLE patients put each share within about two points. The server answers it
 * with a scenario check so the form can show it while the planner edits.
 */
import { createRun, generateRange } from '../run.js';
import { FINAL_STATUSES, type FinalStatus, type Scenario } from '../types.js';

export const ESTIMATE_SAMPLE = 600;

export function estimateOutcomes(scenario: Scenario, sample = ESTIMATE_SAMPLE): Record<FinalStatus, number> {
  const n = Math.max(1, Math.min(sample, scenario.total_patients));
  const run = createRun({ ...scenario, total_patients: n }, 1);
  const shares = Object.fromEntries(FINAL_STATUSES.map((s) => [s, 0])) as Record<FinalStatus, number>;
  for (const p of generateRange(run)) shares[p.final_status] += 1;
  for (const s of FINAL_STATUSES) shares[s] = Math.round((shares[s] / n) * 1000) / 1000;
  return shares;
}
