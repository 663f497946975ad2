import type { Patient } from '../engine/index.js';
import { collect, type BatchFormat } from './format.js';
import { forEachEvent, PATIENT_COLUMNS, TIMELINE_COLUMNS, type Cell } from './columns.js';

/**
 * The XLSX format's batch encoding: not the workbook itself (a ZIP cannot be concatenated)
 * but a line protocol that xlsx-writer.ts turns into the workbook on the main thread, so the
 * row building still runs in the worker threads. One line per row:
 *   `M{…}`  workbook properties (first line)
 *   `P[…]`  a Patients row (the first one is the header)
 *   `T[…]`  a Timeline row (the first one is the header)
 */
export const XLSX_ROWS_ID = 'xlsx:rows';

const row = (tag: 'P' | 'T', cells: readonly Cell[]): string => tag + JSON.stringify(cells) + '\n';
/** Empty text becomes an empty cell (null), not a cell holding "". */
const cell = (v: Cell): Cell | null => (v === '' ? null : v);

const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
  for (const p of patients) emit(row('P', PATIENT_COLUMNS.map((c) => cell(c.get(p))) as Cell[]));
  forEachEvent(patients, (r) => emit(row('T', TIMELINE_COLUMNS.map((c) => cell(c.get(r))) as Cell[])));
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
