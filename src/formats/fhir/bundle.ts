import type { Patient } from '../../engine/index.js';
import { collect, type BatchFormat, type ByteTarget } from '../format.js';
import type { FhirEntry } from './context.js';
import { resourceUuid } from './ids.js';
import { patientEntries } from './resources.js';

export type BundleType = 'collection' | 'transaction';

/**
 * One FHIR R4 Bundle per patient as one NDJSON line, handed to `emit` whole (one flattening
 * and one copy into the output buffer per patient). Entries have `urn:uuid:` full URLs and reference each other by
 * them, so every reference resolves inside the bundle; a transaction bundle PUTs each resource
 * at its deterministic id (idempotent, shared Locations included).
 */
export function emitBundle(p: Patient, entries: readonly FhirEntry[], type: BundleType, emit: (text: string) => void): void {
  let out = `{"resourceType":"Bundle","id":"${resourceUuid(p.uuid, 1)}","type":"${type}","entry":[`;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as FhirEntry;
    out += `${i > 0 ? ',' : ''}{"fullUrl":"urn:uuid:${e.id}","resource":${e.json}`;
    out += type === 'transaction' ? `,"request":{"method":"PUT","url":"${e.type}/${e.id}"}}` : '}';
  }
  emit(out + ']}\n');
}

export function bundleJson(p: Patient, entries: readonly FhirEntry[], type: BundleType): string {
  let out = '';
  emitBundle(p, entries, type, (t) => { out += t; });
  return out.slice(0, -1);
}

function bundleFormat(id: string, type: BundleType): BatchFormat {
  const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
    // Built and written one patient at a time: nothing is shared, so nothing is kept.
    for (const p of patients) emitBundle(p, patientEntries(p, 'bundle'), type, emit);
  };
  // Every line is pure ASCII (json-text.ts escapes the rest), so its latin1 bytes are its UTF-8
  // bytes, and latin1 is a plain copy where UTF-8 encoding walks the text.
  const writeTo = (patients: readonly Patient[], _first: boolean, out: ByteTarget): void => {
    for (const p of patients) emitBundle(p, patientEntries(p, 'bundle'), type, (text) => out.latin1(text));
  };
  return {
    id,
    extension: 'fhir.ndjson',
    mediaType: 'application/fhir+ndjson',
    header: () => '',
    encodeBatch: (patients, first) => collect(encodeTo, patients, first),
    encodeTo,
    writeTo,
    footer: () => '',
  };
}

export const fhirCollectionFormat = bundleFormat('fhir', 'collection');
export const fhirTransactionFormat = bundleFormat('fhir:transaction', 'transaction');
