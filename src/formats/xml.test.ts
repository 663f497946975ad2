/* eslint-disable @typescript-eslint/no-explicit-any -- parsed documents are navigated freely in these assertions */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runMetadata } from '../engine/index.js';
import { awkwardPatient, encodeAll, patientsOf, testRun } from './fixtures.js';
import { xmlEscape } from './xml-text.js';
import { xmlFormat } from './xml.js';

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name, jpath) =>
  ['patient', 'event', 'visit', 'observation', 'treatment', 'condition', 'injury', 'assessment'].includes(name) ? !String(jpath).endsWith('.injury.condition')
    : name === 'facility' && String(jpath).endsWith('facilities_visited.facility') });

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

  it('carries the clinical model: injuries, scores, triage assessments, timed treatments and vitals', () => {
    const doc = parser.parse(text) as { patients: { patient: Record<string, any>[] } };
    doc.patients.patient.forEach((x, i) => {
      const p = patients[i]!;
      expect(x.mechanism).toBe(p.mechanism ?? undefined);
      expect(x.iss).toBe(String(p.iss));
      expect(x.niss).toBe(String(p.niss));
      expect(x.final_triage).toBe(p.final_triage);
      expect(x.cause_of_death).toBe(p.cause_of_death ?? undefined);
      expect(x.primary_condition.icd10).toBe(p.primary_condition.icd10);
      const injuries = (x.injuries?.injury ?? []) as Record<string, any>[];
      expect(injuries).toHaveLength(p.injuries.length);
      injuries.forEach((inj, k) => {
        const want = p.injuries[k]!;
        expect(inj).toEqual({
          region: want.region, body_site: { code: want.body_site.code, display: want.body_site.display }, ais: String(want.ais),
          condition: { code: want.condition.code, display: want.condition.display }, icd10: { code: want.icd10.code, display: want.icd10.display },
          haemorrhage: want.haemorrhage,
        });
      });
      const assessments = x.triage_assessments.assessment as Record<string, any>[];
      expect(assessments.map((a) => [a.facility, a.time, a.algorithm, a.category, a.rts])).toEqual(
        p.triage_assessments.map((a) => [a.facility, a.time, a.algorithm, a.category, a.rts === null ? undefined : String(a.rts)]));
      expect(assessments.map((a) => a.catastrophic_haemorrhage)).toEqual(p.triage_assessments.map((a) => String(a.catastrophic_haemorrhage)));
      const visits = x.treatment_history.visit as Record<string, any>[];
      visits.forEach((v, k) => {
        const t = p.treatment_history[k]!;
        expect((v.observations?.observation ?? []).map((o: Record<string, string>) => o.time)).toEqual(t.observations.map((o) => o.time));
        expect((v.treatments?.treatment ?? []).map((o: Record<string, string>) => [o.code, o.time, o.kind])).toEqual(t.treatments.map((o) => [o.code, o.time, o.kind]));
      });
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
