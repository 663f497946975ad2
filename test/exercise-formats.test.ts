import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { scenario, submit, unzip, waitFor } from './jobs-helpers.js';
import { startTestServer, type TestServer } from './server-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'medgen-exercise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = ['generate', '--preset', 'mass_casualty', '--patients', '300', '--seed', '5', '--quiet'];

describe('medgen generate --format msel-csv,msel-xlsx,handover,cards-pdf', () => {
  it('writes msel.csv, msel.xlsx, handover.ndjson and cards.pdf, the same bytes with 1 or 2 workers', async () => {
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    expect((await cli(...base, '--format', 'msel-csv,msel-xlsx,handover,cards-pdf', '--out', one)).code).toBe(0);
    expect((await cli(...base, '--format', 'msel-csv,msel-xlsx,handover,cards-pdf', '--workers', '2', '--batch-size', '17', '--out', two)).code).toBe(0);
    for (const name of ['msel.csv', 'msel.xlsx', 'handover.ndjson', 'cards.pdf']) {
      expect(readFileSync(join(one, name)).equals(readFileSync(join(two, name))), name).toBe(true);
    }
    const rows = parse(readFileSync(join(one, 'msel.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const cards = rows.flatMap((r) => (r.card_numbers as string).split(';').map(Number));
    expect(cards).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(rows.map((r) => r.exercise_datetime)).toEqual(rows.map((r) => r.exercise_datetime).sort());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(one, 'msel.xlsx')) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('MSEL')?.rowCount).toBe(rows.length + 1);
    const lines = readFileSync(join(one, 'handover.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { patient_id: number });
    expect(lines.map((l) => l.patient_id)).toEqual(cards);
    // Page count with poppler's pdfinfo where it is (always on Linux: .ci/run installs it).
    if (process.platform === 'linux') expect(execFileSync('pdfinfo', [join(one, 'cards.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+600\n/);
    else expect(readFileSync(join(one, 'cards.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('names the new formats in the usage error', async () => {
    const res = await cli(...base, '--format', 'msel', '--out', join(dir, 'x'));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/msel-csv, msel-xlsx, handover, cards-pdf/);
  });
});

describe('jobs API: exercise formats', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({}); });
  afterAll(async () => { await s.close(); });

  it('accepts msel-csv, msel-xlsx, handover and cards-pdf and serves the files', async () => {
    const job = await waitFor(s, await submit(s, { configuration: scenario(40), output_formats: ['msel-csv', 'msel-xlsx', 'handover', 'cards-pdf'] }));
    expect(job.error).toBeUndefined();
    expect(job.status).toBe('completed');
    expect(job.output_files?.map((f) => [f.name, f.format]).sort()).toEqual([['cards.pdf', 'cards-pdf'], ['handover.ndjson', 'handover'], ['msel.csv', 'msel-csv'], ['msel.xlsx', 'msel-xlsx']]);
    const pdf = await s.call(`/api/v1/downloads/${job.job_id}?format=cards-pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const one = await s.call(`/api/v1/downloads/${job.job_id}?format=handover`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect((await one.text()).trimEnd().split('\n')).toHaveLength(40);
    const files = await unzip(Buffer.from(await (await s.call(`/api/v1/downloads/${job.job_id}`)).arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(['cards.pdf', 'handover.ndjson', 'msel.csv', 'msel.xlsx']);
    const bad = await s.call('/api/v1/generation/', { method: 'POST', json: { configuration: scenario(5), output_formats: ['cards'] } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/msel-csv, msel-xlsx, handover, cards-pdf/);
  });
});
