import { describe, expect, it } from 'vitest';
import { createRun, DashboardAccumulator, parseScenario, patientAt } from '../../../src/engine/index.js';
import { aggregateFile, FileAggregator } from './file-aggregate.js';
import { emptyReason } from './file-dashboard.js';
import sampleText from '../../public/sample-patients.json?raw';

function generated(n: number) {
  const parsed = parseScenario({ total_patients: n, seed: 7, base_date: '2025-06-01' });
  if (!parsed.ok) throw new Error('scenario');
  const run = createRun(parsed.scenario);
  return Array.from({ length: n }, (_, i) => patientAt(run, i));
}

const patients = generated(300);
const expected = (() => {
  const acc = new DashboardAccumulator();
  for (const p of patients) acc.add(p);
  return acc.result();
})();

/** The CLI's JSON layout: metadata and the array opening on line 1, one patient per line. */
const cliJson = `{"metadata":{"base_date":"2025-06-01","patient_count":300},"patients":[\n${patients.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`;
const ndjson = `${patients.map((p) => JSON.stringify(p)).join('\n')}\n`;

/** A Blob that hands its bytes over in small chunks, cut anywhere (also inside a character). */
function chunked(text: string, size: number): Blob {
  const bytes = new TextEncoder().encode(text);
  const blob = new Blob([bytes]);
  return Object.assign(blob, {
    stream: () => new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
        c.close();
      },
    }),
  });
}

describe('dashboard of a dropped file', () => {
  it('gives the engine\'s own aggregates for the CLI\'s JSON layout, read in chunks', async () => {
    const progress: number[] = [];
    const r = await aggregateFile(chunked(cliJson, 997), (p) => progress.push(p.patients), 0);
    expect(r.data).toEqual(expected);
    expect(r.metadata?.base_date).toBe('2025-06-01');
    expect(r.rejectedCount).toBe(0);
    expect(progress.at(-1)).toBe(300);
    expect(r.originMs).toBe(Date.UTC(2025, 5, 1));
  });

  it('gives the same for NDJSON, and the facility load over time', async () => {
    const r = await aggregateFile(chunked(ndjson, 4096), () => undefined);
    expect(r.data).toEqual(expected);
    expect(r.load.length).toBeGreaterThan(24);
    // Nobody is at a role before the first injury, and the last hour is past every patient's last event.
    expect(r.load[0]?.load.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(patients.length);
  });

  it('parses a document that is not one patient per line', async () => {
    const pretty = JSON.stringify({ metadata: { base_date: '2025-06-01' }, patients: patients.slice(0, 20) }, null, 2);
    const r = await aggregateFile(new Blob([pretty]), () => undefined);
    expect(r.data.summary.total_patients).toBe(20);
    const single = await aggregateFile(new Blob([JSON.stringify(patients.slice(0, 5))]), () => undefined);
    expect(single.data.summary.total_patients).toBe(5);
  });

  it('lists bad lines and uncountable patients by line, and counts the rest', async () => {
    const lines = ndjson.split('\n');
    lines.splice(2, 0, '{broken', JSON.stringify({ ...patients[0], final_status: 'Lost' }));
    const r = await aggregateFile(new Blob([lines.join('\n')]), () => undefined);
    expect(r.data.summary.total_patients).toBe(300);
    expect(r.rejectedCount).toBe(2);
    expect(r.rejected.map((x) => x.label)).toEqual(['line 3', expect.stringMatching(/^line 4 /)]);
  });

  it('counts records with only the viewer\'s fields (the bundled sample, other tools\' files)', async () => {
    const r = await aggregateFile(new Blob([sampleText]), () => undefined);
    const sample = JSON.parse(sampleText) as { patients: { final_status: string }[] };
    expect(r.data.summary.total_patients).toBe(sample.patients.length);
    expect(r.data.summary.by_final_status.RTD).toBe(sample.patients.filter((p) => p.final_status === 'RTD').length);
    expect(r.rejectedCount).toBe(0);
  });

  it('says why an unusable file gives nothing', async () => {
    await expect(aggregateFile(new Blob(['not json at all']), () => undefined)).rejects.toThrow(/neither JSON nor NDJSON/);
    const agg = new FileAggregator();
    agg.addValue([]);
    expect(emptyReason(agg.finish())).toBe('the file holds no patients');
  });
});
