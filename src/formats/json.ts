import type { Patient } from '../engine/index.js';
import { collect, type BatchFormat, type ByteTarget } from './format.js';
import { writePatientJson } from './patient-json.js';

function encodeTo(patients: Parameters<NonNullable<BatchFormat['encodeTo']>>[0], first: boolean, emit: (text: string) => void): void {
  let sep = first ? '' : ',\n';
  for (const p of patients) {
    if (sep) emit(sep);
    emit(JSON.stringify(p));
    sep = ',\n';
  }
}

function writeTo(patients: readonly Patient[], first: boolean, out: ByteTarget): void {
  for (let i = 0; i < patients.length; i++) writePatientJson(out, patients[i] as Patient, i === 0 && first ? '' : ',\n', '');
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
  writeTo,
  footer: () => '\n]}\n',
};
