import { collect, type BatchFormat } from './format.js';
import { PATIENT_COLUMNS } from './columns.js';
import { csvHeader, csvRow } from './csv-field.js';

const encodeTo: NonNullable<BatchFormat['encodeTo']> = (patients, _first, emit) => {
  for (const p of patients) emit(csvRow(PATIENT_COLUMNS, p));
};

/** `patients.csv`: one RFC 4180 row per patient, UTF-8, header row first. */
export const csvFormat: BatchFormat = {
  id: 'csv',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8',
  header: () => csvHeader(PATIENT_COLUMNS),
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '',
};
