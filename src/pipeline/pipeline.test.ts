import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/pipeline/index.js', import.meta.url).href;
const engine = new URL('../../dist/engine/index.js', import.meta.url).href;
const formats = new URL('../../dist/formats/index.js', import.meta.url).href;

/**
 * A two-worker run into a sink that calls back once written (so buffers go back to the thread
 * that filled them), in a process that prints V8's protector invalidations.
 */
const script = `
import { Writable } from 'node:stream';
import { createRun, parseScenario } from ${JSON.stringify(engine)};
import { RECYCLES_AFTER_CALLBACK } from ${JSON.stringify(formats)};
import { generateToSinks, resolveFormats } from ${JSON.stringify(dist)};
const parsed = parseScenario({ total_patients: 3000, seed: 7 });
let bytes = 0;
const sink = new Writable({ write(chunk, _e, cb) { bytes += chunk.length; cb(); } });
sink[RECYCLES_AFTER_CALLBACK] = true;
await generateToSinks({ run: createRun(parsed.scenario), formats: resolveFormats(['ndjson']), sinks: [sink], workers: 2, chunkSize: 200 });
console.log('bytes', bytes);
`;

describe('two-worker pipeline', () => {
  it('hands buffers between threads without detaching any (V8 keeps its optimised typed-array code)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medgen-pipeline-'));
    const file = join(dir, 'two-workers.mjs');
    writeFileSync(file, script);
    let output: string;
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--trace-protector-invalidation', file], { encoding: 'utf8' });
      output = stdout + stderr;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(output).toMatch(/^bytes [1-9]\d+$/m);
    expect(output).not.toMatch(/Invalidating protector cell ArrayBufferDetaching/);
  }, 60_000);
});
