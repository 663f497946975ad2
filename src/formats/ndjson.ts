import type { Patient } from '../engine/index.js';
import { collect, type BatchFormat, type ByteTarget } from './format.js';
import { writePatientJson } from './patient-json.js';

function encodeTo(patients: Parameters<NonNullable<BatchFormat['encodeTo']>>[0], _first: boolean, emit: (text: string) => void): void {
  for (const p of patients) {
    emit(JSON.stringify(p));
    emit('\n');
  }
}

function writeTo(patients: readonly Patient[], _first: boolean, out: ByteTarget): void {
  for (const p of patients) writePatientJson(out, p, '', '\n');
}

/** One patient per line, each line ending in \n. */
export const ndjsonFormat: BatchFormat = {
  id: 'ndjson',
  extension: 'ndjson',
  mediaType: 'application/x-ndjson',
  header: () => '',
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  writeTo,
  footer: () => '',
};
