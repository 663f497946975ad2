import type { Run, Scenario } from '../engine/index.js';
// The engine's run module, not its index: encoder threads import this file, and the index also
// loads the scenario schema library (≈ 0.2 s of CPU per thread), which they never use.
import { createRun, generateBatches } from '../engine/run.js';
import { ByteChunks, getFormat, type BatchFormat, type BufferPool } from '../formats/index.js';

/** What an encoder thread needs to rebuild the run on its side. */
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

/**
 * Encodes patients [start, end) of a run in every format, batch by batch, into `outputs` (one
 * per format): full buffers collect in each output's `full` list.
 */
export function encodeRange(run: Run, formats: readonly BatchFormat[], outputs: readonly ByteChunks[], start: number, end: number, batchSize: number): void {
  // generateBatches gives a new array per batch: a format may keep the batch it was given.
  for (const batch of generateBatches(run, batchSize, start, end)) {
    const first = (batch[0]?.id ?? -1) === 0;
    for (let f = 0; f < formats.length; f++) {
      const format = formats[f] as BatchFormat;
      const out = outputs[f] as ByteChunks;
      if (format.writeTo) format.writeTo(batch, first, out);
      else if (format.encodeTo) format.encodeTo(batch, first, (text) => out.write(text));
      else out.write(format.encodeBatch(batch, first));
    }
  }
}

/**
 * Encodes patients [start, end) of a run in every format: the unit of work of one chunk.
 * Returns, per format, the encoded bytes as a list of buffers taken from `pool`.
 */
export function encodeChunk(run: Run, formats: readonly BatchFormat[], start: number, end: number, batchSize: number, pool: BufferPool): Buffer[][] {
  const outputs = formats.map(() => new ByteChunks(pool));
  encodeRange(run, formats, outputs, start, end, batchSize);
  return outputs.map((o) => o.drain());
}

export function runFromSpec(spec: RunSpec): Run {
  return createRun(spec.scenario, spec.seed);
}
