import { collect, type BatchFormat } from './format.js';

function encodeTo(patients: Parameters<NonNullable<BatchFormat['encodeTo']>>[0], first: boolean, emit: (text: string) => void): void {
  let sep = first ? '' : ',\n';
  for (const p of patients) {
    if (sep) emit(sep);
    emit(JSON.stringify(p));
    sep = ',\n';
  }
}

/**
 * `{"metadata": {...}, "patients": [...]}` written incrementally: one patient per line inside
 * the array so the document streams and stays readable.
 */
export const jsonFormat: BatchFormat = {
  id: 'json',
  extension: 'json',
  mediaType: 'application/json',
  header: (meta) => `{"metadata":${JSON.stringify(meta)},"patients":[\n`,
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '\n]}\n',
};
