import type { Patient } from '../engine/index.js';
import { collect, type BatchFormat } from './format.js';
import { forEachEvent, PATIENT_COLUMNS, TIMELINE_COLUMNS, type Cell } from './columns.js';
import { xmlEscape } from './xml-text.js';

/**
 * The XLSX format's batch encoding: not the workbook itself (a ZIP cannot be concatenated)
 * but a line protocol that xlsx-writer.ts packs into the workbook on the main thread, so the
 * SpreadsheetML of every row is still built in the encoder threads. One line per row:
 *   `M{…}`        workbook properties (first line)
 *   `P<row>…</row>`  a Patients row (the first one is the header)
 *   `T<row>…</row>`  a Timeline row (the first one is the header)
 * A worker does not know row numbers, so cell and row references carry ROW_MARK (a character
 * XML forbids, hence never in escaped text) that the writer replaces with the row number; empty
 * cells are left out. Line breaks inside text are character references: one row per line.
 */
export const XLSX_ROWS_ID = 'xlsx:rows';

export const ROW_MARK = '\u0001';

/** A, B, …, Z, AA, AB, … */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
const COLUMN_REFS = Array.from({ length: 64 }, (_, i) => columnName(i) + ROW_MARK);

/** One cell of a row whose references end in ROW_MARK (the writer numbers them); '' for an empty cell. */
export function cellXml(v: Cell, col: number): string {
  const ref = COLUMN_REFS[col] ?? columnName(col) + ROW_MARK;
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v === '') return '';
  const text = xmlEscape(v).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
  const space = text !== text.trim() ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function row(tag: 'P' | 'T', cells: readonly Cell[]): string {
  let xml = `${tag}<row r="${ROW_MARK}">`;
  for (let i = 0; i < cells.length; i++) xml += cellXml(cells[i] as Cell, i);
  return xml + '</row>\n';
}

const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
  for (const p of patients) emit(row('P', PATIENT_COLUMNS.map((c) => c.get(p))));
  forEachEvent(patients, (r) => emit(row('T', TIMELINE_COLUMNS.map((c) => c.get(r)))));
};

export const xlsxRowsFormat: BatchFormat = {
  id: XLSX_ROWS_ID,
  extension: 'xlsx',
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  header: (meta) =>
    'M' + JSON.stringify({ created: meta.generated_at, creator: `${meta.generator} ${meta.generator_version}`, title: meta.scenario_name }) + '\n' +
    row('P', PATIENT_COLUMNS.map((c) => c.name)) +
    row('T', TIMELINE_COLUMNS.map((c) => c.name)),
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '',
};
