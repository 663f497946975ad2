import { collect, type BatchFormat } from './format.js';

function encodeTo(patients: Parameters<NonNullable<BatchFormat['encodeTo']>>[0], _first: boolean, emit: (text: string) => void): void {
  for (const p of patients) {
    emit(JSON.stringify(p));
    emit('\n');
  }
}

/** One patient per line, each line ending in \n. */
export const ndjsonFormat: BatchFormat = {
  id: 'ndjson',
  extension: 'ndjson',
  mediaType: 'application/x-ndjson',
  header: () => '',
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '',
};
