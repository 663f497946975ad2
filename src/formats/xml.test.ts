/* eslint-disable @typescript-eslint/no-explicit-any -- parsed documents are navigated freely in these assertions */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runMetadata } from '../engine/index.js';
import { awkwardPatient, encodeAll, patientsOf, testRun } from './fixtures.js';
import { xmlEscape } from './xml-text.js';
import { xmlFormat } from './xml.js';

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['patient', 'event', 'visit', 'observation', 'treatment', 'condition', 'facility'].includes(name) });

describe('patients.xml', () => {
  const run = testRun({ total_patients: 1000 });
  const patients = patientsOf(run);
  const { text } = encodeAll(xmlFormat, run);

  it('is one well-formed document with a <patients> root and one <patient> per patient', () => {
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = parser.parse(text) as { patients: { metadata: Record<string, string>; patient: Record<string, unknown>[]; '@_count': string } };
    expect(doc.patients['@_count']).toBe('1000');
    expect(doc.patients.metadata.seed).toBe('42');
    expect(doc.patients.patient).toHaveLength(1000);
  });

  it('keeps the field values', () => {
    const doc = parser.parse(text) as { patients: { patient: Record<string, any>[] } };
    doc.patients.patient.forEach((x, i) => {
      const p = patients[i]!;
      expect(x['@_id']).toBe(String(p.id));
      expect(x['@_uuid']).toBe(p.uuid);
      expect(x.demographics.given_name).toBe(p.demographics.given_name);
      expect(x.demographics.id_number).toBe(p.demographics.id_number);
      expect(x.triage_category).toBe(p.triage_category);
      expect(x.primary_condition.code).toBe(p.primary_condition.code);
      expect(x.movement_timeline.event).toHaveLength(p.movement_timeline.length);
      expect(x.is_mass_casualty).toBe(String(p.is_mass_casualty));
    });
  });

  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    const odd = awkwardPatient(patients[0]!);
    const doc = xmlFormat.header(runMetadata(run)) + xmlFormat.encodeBatch([odd], true) + xmlFormat.footer(runMetadata(run));
    expect(XMLValidator.validate(doc)).toBe(true);
    const x = (parser.parse(doc) as { patients: { patient: Record<string, any>[] } }).patients.patient[0]!;
    expect(x.demographics.given_name).toBe('Anne-"Zoë", <b>&amp;');
    expect(xmlEscape('a\u0000b\uFFFEc\uD800d')).toBe('abcd');
    expect(xmlEscape('🪖 ok')).toBe('🪖 ok');
  });
});
