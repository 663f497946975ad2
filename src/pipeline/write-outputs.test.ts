import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createRun, parseScenario } from '../engine/index.js';
import { planOutputs } from '../formats/index.js';
import { writeOutputFiles } from './write-outputs.js';

const dir = mkdtempSync(join(tmpdir(), 'medgen-replace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(patients: number) {
  const parsed = parseScenario({ total_patients: patients, seed: 'replace' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return createRun(parsed.scenario);
}

describe('writing into a folder that holds an earlier run', () => {
  const out = join(dir, 'out');
  const base = { plan: planOutputs(['ndjson', 'csv']), out, stdout: new PassThrough(), gzip: false, zip: false, workers: 1, digest: true };

  it('keeps the earlier files whole when a run fails, and leaves no temporary folder', async () => {
    await writeOutputFiles({ ...base, run: run(300) });
    const before = readdirSync(out).sort();
    const ndjson = readFileSync(join(out, 'patients.ndjson'));
    expect(ndjson.toString().trimEnd().split('\n')).toHaveLength(300);

    const controller = new AbortController();
    await expect(writeOutputFiles({
      ...base, run: run(20_000), signal: controller.signal,
      onProgress: (done) => { if (done >= 2_000) controller.abort(new Error('stopped by the test')); },
    })).rejects.toThrow('stopped by the test');
    expect(readdirSync(out).sort()).toEqual(before);
    expect(readFileSync(join(out, 'patients.ndjson')).equals(ndjson)).toBe(true);
  });

  it('replaces them whole when a run succeeds, with digests of the files in place', async () => {
    writeFileSync(join(out, 'notes.txt'), 'the planner\'s own file');
    const files = await writeOutputFiles({ ...base, run: run(120) });
    const ndjson = files.find((f) => f.name === 'patients.ndjson');
    const bytes = readFileSync(join(out, 'patients.ndjson'));
    expect(bytes.toString().trimEnd().split('\n')).toHaveLength(120);
    expect(ndjson).toMatchObject({ path: join(out, 'patients.ndjson'), bytes: bytes.length });
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('the planner\'s own file');
    expect(readdirSync(out).filter((f) => f.startsWith('.medgen-tmp-'))).toEqual([]);
  });
});
