/** Test support for the format tests (excluded from the build). */
import { createRun, generateBatches, parseScenario, runMetadata, type Patient, type Run, type RunMetadata } from '../engine/index.js';
import type { BatchFormat } from './format.js';

export function testRun(input: Record<string, unknown> = {}): Run {
  const parsed = parseScenario({ total_patients: 200, seed: 42, ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return createRun(parsed.scenario);
}

export function patientsOf(run: Run): Patient[] {
  return [...generateBatches(run, 64)].flat();
}

/** A whole file in one format, as the pipeline would write it (batches of `batchSize`). */
export function encodeAll(format: BatchFormat, run: Run, batchSize = 37): { text: string; meta: RunMetadata } {
  const meta = runMetadata(run);
  let text = format.header(meta);
  for (const batch of generateBatches(run, batchSize)) text += format.encodeBatch(batch, batch[0]?.id === 0);
  return { text: text + format.footer(meta), meta };
}

/** A patient with text that needs quoting and escaping in every format. */
export function awkwardPatient(p: Patient): Patient {
  const q = structuredClone(p);
  q.demographics.given_name = 'Anne-"Zoë", \u0001<b>&amp;';
  q.demographics.family_name = "O'Neil\r\nSmith; =SUM(A1)";
  q.demographics.unit = '1st Bn, "Rifles" — ñ 🪖';
  return q;
}
