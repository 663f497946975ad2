import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { getPreset, type Patient } from '../../engine/index.js';
import { encodeAll, patientsOf, testRun } from '../fixtures.js';
import { createMselCsvWriter, createMselXlsxWriter, MSEL_COLUMNS, mselRowsFormat, scenarioTime } from './msel.js';

/** Runs the rows text through a writer in small chunks (split lines, split UTF-8) and returns the bytes. */
async function write(make: (dest: Writable) => Writable, text: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = make(out);
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += 1001) writer.write(bytes.subarray(i, i + 1001));
  writer.end();
  await Promise.all([finished(writer), finished(out)]);
  return Buffer.concat(chunks);
}

/** The casualty events of a run: consecutive patients with the same event id and injury time. */
function events(patients: readonly Patient[]): Patient[][] {
  const out: Patient[][] = [];
  for (const p of patients) {
    const last = out.at(-1)?.[0];
    if (last && last.casualty_event_id === p.casualty_event_id && last.injury_timestamp === p.injury_timestamp) out.at(-1)?.push(p);
    else out.push([p]);
  }
  return out;
}

const massCasualty = (): ReturnType<typeof testRun> => {
  const preset = getPreset('mass_casualty');
  return testRun({ ...preset?.input, total_patients: 400, seed: 5 });
};

describe('MSEL', () => {
  it('has one inject per casualty event, in time order, with its casualties as card numbers', async () => {
    const run = massCasualty();
    const patients = patientsOf(run);
    const expected = events(patients);
    expect(expected.some((e) => e.length > 10 && e[0]?.is_mass_casualty)).toBe(true);
    const csv = (await write(createMselCsvWriter, encodeAll(mselRowsFormat, run).text)).toString('utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(MSEL_COLUMNS.map((c) => c.name));
    expect(rows).toHaveLength(expected.length);
    const start = Date.parse(patients[0]?.injury_timestamp ?? '') / 1000;
    let previous = '';
    rows.forEach((row, i) => {
      const event = expected[i] as Patient[];
      const p0 = event[0] as Patient;
      expect(row.msel_number).toBe(String(i + 1));
      expect(row.card_numbers).toBe(event.map((p) => p.id).join(';'));
      expect(row.casualty_event_id).toBe(p0.casualty_event_id);
      expect(row.exercise_datetime).toBe(p0.injury_timestamp);
      expect(row.scenario_time).toBe(scenarioTime(Date.parse(p0.injury_timestamp) / 1000, start));
      expect((row.exercise_datetime as string) >= previous).toBe(true);
      previous = row.exercise_datetime as string;
      expect(row.inject_mode).toBe(p0.is_mass_casualty && event.length > 1 ? 'Radio' : 'Role-player');
      // Every arrival beyond the point of injury is listed on the casualty's inject.
      for (const p of event) {
        for (const e of p.movement_timeline) {
          if (e.event_type === 'arrival' && e.facility !== 'POI') expect(row.expected_arrivals).toContain(`${e.facility} ${scenarioTime(Date.parse(e.timestamp) / 1000, start)} (${e.timestamp})`);
        }
      }
    });
    expect(rows[0]?.scenario_time).toBe('T+00:00');
  });

  it('is the same bytes whatever the batch size', async () => {
    const run = testRun({ total_patients: 300, seed: 9 });
    const a = await write(createMselCsvWriter, encodeAll(mselRowsFormat, run, 7).text);
    const b = await write(createMselCsvWriter, encodeAll(mselRowsFormat, run, 300).text);
    expect(a.equals(b)).toBe(true);
    const x1 = await write(createMselXlsxWriter, encodeAll(mselRowsFormat, run, 7).text);
    const x2 = await write(createMselXlsxWriter, encodeAll(mselRowsFormat, run, 64).text);
    expect(x1.equals(x2)).toBe(true);
  });

  it('msel.xlsx has the same rows as msel.csv in one MSEL sheet', async () => {
    const run = massCasualty();
    const text = encodeAll(mselRowsFormat, run).text;
    const rows = parse((await write(createMselCsvWriter, text)).toString('utf8')) as string[][];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await write(createMselXlsxWriter, text)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['MSEL']);
    const sheet = wb.getWorksheet('MSEL') as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(rows.length);
    for (const r of [1, 2, rows.length]) {
      const cells = (sheet.getRow(r).values as ExcelJS.CellValue[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
      const want = rows[r - 1] as string[];
      expect(cells.concat(Array(want.length - cells.length).fill(''))).toEqual(want);
    }
  });

  it('writes a header only for an empty run', async () => {
    const csv = (await write(createMselCsvWriter, '')).toString('utf8');
    expect(csv).toBe(MSEL_COLUMNS.map((c) => c.name).join(',') + '\r\n');
  });
});

describe('MSEL in the exercise time zone', () => {
  it('writes the exercise date-time with the zone offset (daylight saving included); the injects are the same', async () => {
    // Tallinn is UTC+2 in winter and UTC+3 from the last Sunday of March: a run across the change shows both.
    const input = { total_patients: 300, seed: 9, base_date: '2025-03-28', days_of_fighting: 4 };
    const utcRun = testRun(input);
    const zoned = testRun({ ...input, timezone: 'Europe/Tallinn' });
    const rows = async (run: ReturnType<typeof testRun>) =>
      parse((await write(createMselCsvWriter, encodeAll(mselRowsFormat, run).text)).toString('utf8'), { columns: true }) as Record<string, string>[];
    const utc = await rows(utcRun);
    const local = await rows(zoned);
    expect(local).toHaveLength(utc.length);
    const offsets = new Set<string>();
    local.forEach((row, i) => {
      const u = utc[i] as Record<string, string>;
      const dt = row.exercise_datetime as string;
      expect(dt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00$/);
      // The same instant as the UTC row; only the wall clock and the offset differ.
      expect(Date.parse(dt)).toBe(Date.parse(u.exercise_datetime as string));
      offsets.add(dt.slice(19));
      expect(dt.slice(19)).toBe(Date.parse(dt) < Date.parse('2025-03-30T01:00:00Z') ? '+02:00' : '+03:00');
      expect(row.card_numbers).toBe(u.card_numbers);
      expect(row.scenario_time).toBe(u.scenario_time);
      expect(row.expected_arrivals).not.toMatch(/\dZ\)/);
    });
    expect([...offsets].sort()).toEqual(['+02:00', '+03:00']);
    expect(utc.every((r) => (r.exercise_datetime as string).endsWith('Z'))).toBe(true);
  });
});
