import { createRun, generateBatches, type Run, type Scenario } from '../engine/index.js';
import { getFormat, type BatchFormat } from '../formats/index.js';

/** What a generation worker needs to rebuild the run on its side. */
export interface RunSpec {
  scenario: Scenario;
  seed: number | string;
}

export function resolveFormats(ids: readonly string[]): BatchFormat[] {
  return ids.map((id) => {
    const f = getFormat(id);
    if (!f) throw new Error(`unknown output format "${id}"`);
    return f;
  });
}

/** Encodes patients [start, end) of a run in every format: the unit of work of one chunk. */
export function encodeChunk(run: Run, formats: readonly BatchFormat[], start: number, end: number, batchSize: number): string[] {
  const outputs = formats.map(() => '');
  for (const batch of generateBatches(run, batchSize, start, end)) {
    const first = (batch[0]?.id ?? -1) === 0;
    for (let f = 0; f < formats.length; f++) outputs[f] += (formats[f] as BatchFormat).encodeBatch(batch, first);
  }
  return outputs;
}

export function runFromSpec(spec: RunSpec): Run {
  return createRun(spec.scenario, spec.seed);
}
