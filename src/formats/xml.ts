import type { Patient, RunMetadata } from '../engine/index.js';
import { collect, type BatchFormat } from './format.js';
import { xmlElement, xmlEscape } from './xml-text.js';

/**
 * `patients.xml`: one well-formed UTF-8 document, `<patients>` root, `<metadata>` first, then one
 * `<patient>` per patient. Elements follow the JSON field names; a list becomes a wrapper
 * element holding one child per item, named by ITEM below; a null field (a disease's
 * `mechanism`, a survivor's `cause_of_death`, a sieve's `rts`) is left out.
 */
const ITEM: Record<string, string> = {
  primary_conditions: 'condition',
  additional_conditions: 'condition',
  injuries: 'injury',
  triage_assessments: 'assessment',
  allergies: 'allergy',
  medications: 'medication',
  treatment_history: 'visit',
  treatments: 'treatment',
  observations: 'observation',
  movement_timeline: 'event',
  facilities_visited: 'facility',
  environmental_conditions: 'condition',
};

/** Fields written as attributes of `<patient>` instead of child elements. */
const ATTRIBUTES = new Set(['id', 'uuid']);

function value(name: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) {
    const item = ITEM[name] ?? 'item';
    let out = `<${name}>`;
    for (const x of v) out += value(item, x);
    return out + `</${name}>`;
  }
  if (typeof v === 'object') {
    let out = `<${name}>`;
    for (const key in v) out += value(key, (v as Record<string, unknown>)[key]);
    return out + `</${name}>`;
  }
  return xmlElement(name, v as string | number | boolean);
}

export function patientXml(p: Patient): string {
  let out = `<patient id="${p.id}" uuid="${xmlEscape(p.uuid)}">`;
  for (const key in p) {
    if (!ATTRIBUTES.has(key)) out += value(key, (p as unknown as Record<string, unknown>)[key]);
  }
  return out + '</patient>\n';
}

function metadataXml(meta: RunMetadata): string {
  const { scenario: _scenario, ...fields } = meta;
  let out = '<metadata>';
  for (const [k, v] of Object.entries(fields)) out += xmlElement(k, v as string | number);
  return out + '</metadata>\n';
}

const encodeTo: NonNullable<BatchFormat['encodeTo']> = (patients, _first, emit) => {
  for (const p of patients) emit(patientXml(p));
};

export const xmlFormat: BatchFormat = {
  id: 'xml',
  extension: 'xml',
  mediaType: 'application/xml',
  header: (meta) => `<?xml version="1.0" encoding="UTF-8"?>\n<patients count="${meta.patient_count}">\n${metadataXml(meta)}`,
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '</patients>\n',
};
