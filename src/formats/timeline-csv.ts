import { collect, type BatchFormat } from './format.js';
import { forEachEvent, TIMELINE_COLUMNS } from './columns.js';
import { csvHeader, csvRow } from './csv-field.js';

const encodeTo: NonNullable<BatchFormat['encodeTo']> = (patients, _first, emit) => {
  forEachEvent(patients, (row) => emit(csvRow(TIMELINE_COLUMNS, row)));
};

/** `timeline.csv`: one RFC 4180 row per timeline event, in patient then event order. */
export const timelineCsvFormat: BatchFormat = {
  id: 'timeline',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8',
  header: () => csvHeader(TIMELINE_COLUMNS),
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '',
};
