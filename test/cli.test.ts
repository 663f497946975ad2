import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binary, cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'medgen-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('medgen generate', () => {
  it('writes exactly N patients as JSON with metadata', async () => {
    const out = join(dir, 'json');
    const res = await cli('generate', '--preset', 'training_exercise', '--seed', '11', '--out', out, '--format', 'json,ndjson');
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/Generated 100 patients \(seed 11\)/);
    const doc = JSON.parse(readFileSync(join(out, 'patients.json'), 'utf8')) as { metadata: Record<string, unknown>; patients: { id: number }[] };
    expect(doc.patients).toHaveLength(100);
    expect(doc.patients.map((p) => p.id)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(doc.metadata).toMatchObject({ generator: 'medgen', seed: 11, patient_count: 100, base_date: expect.any(String) });
    expect(doc.metadata.scenario_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const lines = readFileSync(join(out, 'patients.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(100);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(doc.patients);
  });

  it('prints one patient identical to its line in the full run', async () => {
    const full = await cli('generate', '--patients', '300', '--seed', 'alpha', '--format', 'ndjson', '--out', '-');
    expect(full.code).toBe(0);
    const lines = full.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(300);
    for (const i of [0, 137, 299]) {
      const one = await cli('generate', '--patients', '300', '--seed', 'alpha', '--patient-index', String(i));
      expect(one.stdout).toBe(lines[i] + '\n');
    }
  });

  it('gives the same bytes for any batch size', async () => {
    const a = await cli('generate', '--patients', '400', '--seed', '3', '--format', 'json', '--out', '-', '--batch-size', '1');
    const b = await cli('generate', '--patients', '400', '--seed', '3', '--format', 'json', '--out', '-', '--batch-size', '777');
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).patients).toHaveLength(400);
  });

  it('rejects bad usage with exit code 2 and a clear message', async () => {
    expect((await cli('generate', '--format', 'pdf', '--out', '-')).stderr).toMatch(/unknown format "pdf"/);
    expect((await cli('generate', '--format', 'pdf')).code).toBe(2);
    expect((await cli('generate', '--patients', 'many')).code).toBe(2);
    expect((await cli('generate', '--preset', 'nope')).code).toBe(2);
    expect((await cli('generate', '--format', 'json,ndjson', '--out', '-')).code).toBe(2);
    expect((await cli('generate', '--patients', '5', '--patient-index', '5')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });

  it('reports every scenario problem with exit code 1', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ total_patients: 0, days_of_fighting: 400, unknown_field: 1 }));
    const res = await cli('generate', file, '--out', '-');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/total_patients/);
    expect(res.stderr).toMatch(/days_of_fighting/);
    expect(res.stderr).toMatch(/unknown_field/);
  });
});

describe('medgen validate / presets / report', () => {
  it('validates good and bad files', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ total_patients: 10 }));
    expect(await cli('validate', good)).toMatchObject({ code: 0, stdout: expect.stringMatching(/valid \(10 patients/) });
    const bad = join(dir, 'bad2.json');
    writeFileSync(bad, JSON.stringify({ injury_mix: { Disease: 0.5, 'Non-Battle Injury': 0.1, 'Battle Injury': 0.1 } }));
    const res = await cli('validate', bad);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/injury_mix/);
    const asJson = await cli('validate', bad, '--json');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ valid: false, errors: [expect.objectContaining({ path: expect.stringContaining('injury_mix') })] });
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    expect((await cli('validate', join(dir, 'broken.json'))).stderr).toMatch(/not valid JSON/);
    expect((await cli('validate', join(dir, 'missing.json'))).stderr).toMatch(/ENOENT/);
  });

  it('lists presets and prints one that validates', async () => {
    const list = await cli('presets');
    expect(list.code).toBe(0);
    for (const id of ['nato_article_5', 'peacekeeping', 'urban_assault', 'cbrn_incident', 'training_exercise', 'mass_casualty', 'arctic_operation', 'maritime_operation']) {
      expect(list.stdout).toContain(id);
    }
    expect(JSON.parse((await cli('presets', '--json')).stdout)).toHaveLength(8);
    // Counts take the right number: "1 day", never "1 days".
    expect(list.stdout).toMatch(/mass_casualty\s+800 patients\s+1 day /);
    expect(list.stdout).not.toMatch(/\b1 (days|patients)\b/);
    const one = await cli('presets', 'cbrn_incident');
    const file = join(dir, 'cbrn.json');
    writeFileSync(file, one.stdout);
    expect((await cli('validate', file)).code).toBe(0);
    expect((await cli('presets', 'nope')).code).toBe(1);
  });

  it('reports realism on a generated file', async () => {
    const out = join(dir, 'rep');
    await cli('generate', '--patients', '3000', '--seed', '5', '--out', out, '--format', 'json,ndjson', '--quiet');
    const res = await cli('report', join(out, 'patients.json'));
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/3000|3,000/);
    const asJson = JSON.parse((await cli('report', join(out, 'patients.ndjson'), '--json')).stdout) as { total: number };
    expect(asJson.total).toBe(3000);
    expect((await cli('report', join(dir, 'missing.ndjson'))).code).toBe(1);
  });

  it('prints help with examples and the version', async () => {
    const help = await cli('generate', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect((await cli('--version')).stdout).toMatch(/\d+\.\d+\.\d+/);
  });
});

describe('the real binary', () => {
  it('is byte-identical across worker counts and time zones', () => {
    const args = ['generate', '--patients', '5000', '--seed', '99', '--format', 'json', '--out', '-'];
    const base = binary([...args, '--workers', '1'], { TZ: 'UTC' });
    expect(base.code).toBe(0);
    expect(binary([...args, '--workers', '2'], { TZ: 'Pacific/Auckland' }).bytes.equals(base.bytes)).toBe(true);
    expect(binary([...args, '--workers', '4', '--batch-size', '33'], { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8' }).bytes.equals(base.bytes)).toBe(true);
  });

  it('writes the same bytes to a pipe as to a file, reusing its buffers (several MiB, two workers)', () => {
    const args = ['generate', '--patients', '6000', '--seed', '5', '--format', 'ndjson', '--workers', '2', '-q'];
    const piped = binary([...args, '--out', '-']);
    expect(piped.code).toBe(0);
    const out = join(dir, 'pipe-vs-file');
    expect(binary([...args, '--out', out]).code).toBe(0);
    const file = readFileSync(join(out, 'patients.ndjson'));
    expect(file.length).toBeGreaterThan(20 * 2 ** 20);
    expect(piped.bytes.equals(file)).toBe(true);
  });

  it('starts generate without loading the server, database or queue modules', () => {
    // CommonJS packages imported from ESM land in require's cache: a lazily loaded one is absent.
    const script = [
      `const { createRequire } = await import('node:module');`,
      `const { main } = await import('./dist/cli/index.js');`,
      `const { PassThrough } = await import('node:stream');`,
      `const out = new PassThrough(); out.resume();`,
      `const code = await main(['node', 'medgen', 'generate', '--patients', '3', '--out', '-'], { stdout: out, stderr: process.stderr, env: {} });`,
      `const loaded = Object.keys(createRequire(import.meta.url).cache).map((k) => k.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean);`,
      `console.log(JSON.stringify({ code, loaded: [...new Set(loaded)] }));`,
    ].join('\n');
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    const { code, loaded } = JSON.parse(res.stdout) as { code: number; loaded: string[] };
    expect(code).toBe(0);
    expect(loaded).toContain('commander');
    for (const heavy of ['fastify', 'pg', 'pg-boss', 'ioredis', 'prom-client']) expect(loaded).not.toContain(heavy);
  });

  it('exits 2 on usage errors and 1 on a missing file', () => {
    expect(binary(['generate', '--workers', 'x']).code).toBe(2);
    expect(binary(['validate', 'no-such-file.json']).code).toBe(1);
  });
});
