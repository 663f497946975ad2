import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { PATIENT_COLUMNS, TIMELINE_COLUMNS } from './columns.js';
import { encodeAll, patientsOf, testRun } from './fixtures.js';
import { xlsxRowsFormat } from './xlsx-rows.js';
import { createXlsxWriter } from './xlsx-writer.js';

const tmp = mkdtempSync(join(tmpdir(), 'medgen-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the rows text through the writer in small chunks (split lines, split UTF-8) and reads the workbook back. */
async function roundTrip(text: string, maxRowsPerSheet?: number): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = createXlsxWriter(out as Writable, { tmpDir: tmp, maxRowsPerSheet });
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += 4099) writer.write(bytes.subarray(i, i + 4099));
  writer.end();
  await Promise.all([finished(writer), finished(out)]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb;
}

describe('patients.xlsx', () => {
  it('reads back (exceljs) with a Patients and a Timeline sheet and the right row counts', async () => {
    const run = testRun({ total_patients: 250 });
    const patients = patientsOf(run);
    const wb = await roundTrip(encodeAll(xlsxRowsFormat, run).text);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Patients', 'Timeline']);
    const sheet = wb.getWorksheet('Patients') as ExcelJS.Worksheet;
    const timeline = wb.getWorksheet('Timeline') as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(251);
    expect(timeline.rowCount).toBe(1 + patients.reduce((n, p) => n + p.movement_timeline.length, 0));
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(PATIENT_COLUMNS.map((c) => c.name));
    expect((timeline.getRow(1).values as unknown[]).slice(1)).toEqual(TIMELINE_COLUMNS.map((c) => c.name));
    const p = patients[17]!;
    const row = (sheet.getRow(19).values as unknown[]).slice(1);
    expect(row).toEqual(PATIENT_COLUMNS.map((c) => (c.get(p) === '' ? undefined : c.get(p))));
    // The clinical model's columns, numbers as numbers.
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (r: number, name: string) => sheet.getRow(r).getCell(header.indexOf(name) + 1).value;
    for (const name of ['mechanism', 'iss', 'niss', 'primary_condition_icd10', 'final_triage', 'cause_of_death', 'injury_count', 'time_to_role1_hours']) expect(header).toContain(name);
    patients.forEach((q, i) => {
      expect(cell(i + 2, 'iss')).toBe(q.iss);
      expect(cell(i + 2, 'niss')).toBe(q.niss);
      expect(cell(i + 2, 'primary_condition_icd10')).toBe(q.primary_condition.icd10);
      expect(cell(i + 2, 'final_triage')).toBe(q.final_triage);
      expect(cell(i + 2, 'mechanism') ?? null).toBe(q.mechanism);
      expect(cell(i + 2, 'cause_of_death') ?? null).toBe(q.cause_of_death);
    });
    expect(wb.creator).toMatch(/^medgen /);
    expect(wb.created.toISOString()).toBe('2025-06-01T00:00:00.000Z');
    expect(readdirSync(tmp)).toEqual([]); // the temporary timeline rows are gone
  });

  it('continues on numbered sheets past the per-sheet row limit', async () => {
    const run = testRun({ total_patients: 230 });
    const events = patientsOf(run).reduce((n, p) => n + p.movement_timeline.length, 0);
    const wb = await roundTrip(encodeAll(xlsxRowsFormat, run).text, 100);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 4)).toEqual(['Patients', 'Patients 2', 'Patients 3', 'Timeline']);
    expect(names.filter((n) => n.startsWith('Timeline'))).toHaveLength(Math.ceil(events / 100));
    const rows = (prefix: string) => wb.worksheets.filter((w) => w.name.startsWith(prefix)).reduce((n, w) => n + w.rowCount - 1, 0);
    expect(rows('Patients')).toBe(230);
    expect(rows('Timeline')).toBe(events);
    expect(wb.getWorksheet('Patients 3')?.getRow(2).getCell(1).value).toBe(200);
  });

  it('rejects a stream that is not the rows protocol', async () => {
    const writer = createXlsxWriter(new PassThrough(), { tmpDir: tmp });
    writer.end('X[1]\n');
    await expect(finished(writer)).rejects.toThrow(/unexpected line tag/);
  });
});
