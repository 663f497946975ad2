/* eslint-disable @typescript-eslint/no-explicit-any -- parsed documents are navigated freely in these assertions */
import { describe, expect, it } from 'vitest';
import { patientAt, type Patient } from '../../engine/index.js';
import { encodeAll, patientsOf, testRun } from '../fixtures.js';
import { BULK_TYPES, bulkFormat, bulkManifest } from './bulk.js';
import { bundleJson, fhirCollectionFormat, fhirTransactionFormat } from './bundle.js';
import { resourceUuid } from './ids.js';
import { patientEntries } from './resources.js';

interface Entry { fullUrl: string; resource: Record<string, any>; request?: { method: string; url: string } }
interface Bundle { resourceType: string; id: string; type: string; entry: Entry[] }

/** Every `reference` value anywhere inside a JSON value. */
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('FHIR bundles', () => {
  const run = testRun({ total_patients: 500, seed: 9 });
  const patients = patientsOf(run);
  const bundles = encodeAll(fhirCollectionFormat, run).text.trimEnd().split('\n').map((l) => JSON.parse(l) as Bundle);

  it('one collection Bundle per patient whose references all resolve inside it', () => {
    expect(bundles).toHaveLength(500);
    for (const b of bundles) {
      expect(b.type).toBe('collection');
      const urls = new Set(b.entry.map((e) => e.fullUrl));
      expect(urls.size).toBe(b.entry.length);
      for (const e of b.entry) {
        expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
        expect(e.resource.id).toMatch(UUID);
      }
      for (const ref of references(b.entry.map((e) => e.resource))) expect(urls.has(ref), ref).toBe(true);
    }
  });

  it('ids are deterministic, derived from the patient uuid, and unique across the run', () => {
    const seen = new Set<string>();
    bundles.forEach((b, i) => {
      const p = patients[i] as Patient;
      expect(b.entry[0]?.resource).toMatchObject({ resourceType: 'Patient', id: p.uuid });
      expect(b.id).toBe(resourceUuid(p.uuid, 1));
      for (const e of b.entry) {
        if (e.resource.resourceType === 'Location') continue;
        expect(seen.has(e.resource.id)).toBe(false);
        seen.add(e.resource.id);
      }
    });
    const again = patientAt(run, 123);
    expect(bundleJson(again, patientEntries(again, 'bundle'), 'collection')).toBe(JSON.stringify(bundles[123]));
  });

  it('carries the patient, visits, conditions, procedures, vitals, allergies and outcome', () => {
    bundles.forEach((b, i) => {
      const p = patients[i] as Patient;
      const of = (t: string) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === t);
      const [pat] = of('Patient');
      expect(pat?.name[0]).toMatchObject({ family: p.demographics.family_name, given: [p.demographics.given_name] });
      expect(pat?.gender).toBe(p.gender);
      expect(pat?.birthDate).toBe(p.demographics.birthdate);
      expect(pat?.identifier[0]).toMatchObject({ value: p.demographics.id_number, type: { coding: [{ code: 'NI' }] } });
      expect(pat?.extension[0].extension[0].valueCodeableConcept.coding[0].code).toBe(p.nationality);
      const died = p.final_status === 'KIA' || p.final_status === 'DOW';
      expect(pat?.deceasedDateTime !== undefined).toBe(died);

      const encounters = of('Encounter');
      expect(encounters.map((e) => e.location[0].location.display.length > 0)).toHaveLength(p.movement_timeline.filter((e) => e.event_type === 'arrival').length);
      const last = encounters[encounters.length - 1];
      if (p.final_status === 'Remains_Role4') expect(last?.status).toBe('in-progress');
      else if (p.final_status === 'RTD') expect(last?.hospitalization.dischargeDisposition.text).toBe('Returned to duty');
      else if (p.movement_timeline.at(-1)?.timing === 'at_facility') expect(last?.hospitalization.dischargeDisposition.coding[0].code).toBe('exp');

      const conditions = of('Condition');
      expect(conditions).toHaveLength(p.primary_conditions.length + p.additional_conditions.length);
      expect(conditions[0]?.code.coding[0]).toMatchObject({ system: 'http://snomed.info/sct', code: p.primary_condition.code });
      expect(conditions[0]?.severity.coding[0].code).toBe(p.primary_condition.severity_code);
      expect(conditions[0]?.onsetDateTime).toBe(p.injury_timestamp);
      expect(conditions[0]?.bodySite !== undefined).toBe(p.injury_type !== 'DISEASE');

      const obs = of('Observation');
      expect(obs).toHaveLength(p.treatment_history.reduce((n, t) => n + t.observations.length, 0));
      for (const o of obs) {
        expect(o.code.coding[0].system).toBe('http://loinc.org');
        expect(o.valueQuantity.system).toBe('http://unitsofmeasure.org');
        expect(o.valueQuantity.code).toBe(o.valueQuantity.unit);
      }
      expect(of('Procedure')).toHaveLength(p.treatment_history.reduce((n, t) => n + t.treatments.length, 0));
      expect(of('AllergyIntolerance').map((a) => a.code.coding[0].code)).toEqual(p.allergies.map((a) => a.code));
    });
  });

  it('transaction bundles PUT every resource at its id', () => {
    const tx = encodeAll(fhirTransactionFormat, testRun({ total_patients: 20, seed: 9 })).text.trimEnd().split('\n').map((l) => JSON.parse(l) as Bundle);
    for (const b of tx) {
      expect(b.type).toBe('transaction');
      for (const e of b.entry) expect(e.request).toEqual({ method: 'PUT', url: `${e.resource.resourceType}/${e.resource.id}` });
    }
  });

  it('gives the same bytes for any batch size', () => {
    const small = testRun({ total_patients: 120, seed: 9 });
    expect(encodeAll(fhirCollectionFormat, small, 1).text).toBe(encodeAll(fhirCollectionFormat, small, 100).text);
  });
});

describe('FHIR bulk export', () => {
  it('one file per resource type, `Type/id` references that resolve across the files, and a manifest', () => {
    const run = testRun({ total_patients: 300, seed: 5 });
    const byType = new Map(BULK_TYPES.map((t) => [t, encodeAll(bulkFormat(t), run, 17).text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>)]));
    const ids = new Set<string>();
    for (const [t, list] of byType) {
      for (const r of list) {
        expect(r.resourceType).toBe(t);
        ids.add(`${t}/${r.id}`);
      }
    }
    expect(byType.get('Patient')).toHaveLength(300);
    expect(byType.get('Location')).toHaveLength(5);
    for (const list of byType.values()) for (const ref of references(list)) expect(ids.has(ref), ref).toBe(true);

    const { meta } = encodeAll(bulkFormat('Patient'), run);
    const manifest = JSON.parse(bulkManifest(meta, [{ type: 'Patient', url: 'Patient.ndjson', count: 300 }])) as Record<string, any>;
    expect(manifest).toMatchObject({ transactionTime: meta.generated_at, requiresAccessToken: false, output: [{ type: 'Patient', url: 'Patient.ndjson', count: 300 }], error: [] });
  });
});

describe('FHIR text', () => {
  it('is pure ASCII: non-ASCII names are \\u-escaped and parse back unchanged', () => {
    const run = testRun({ total_patients: 400, seed: 2, front_configs: [{ id: 'tr', name: 'Türkiye front', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'TUR', percentage: 50 }, { nationality_code: 'POL', percentage: 50 }] }] });
    const text = encodeAll(fhirCollectionFormat, run).text;
    expect(/[\u0080-\uffff]/.test(text)).toBe(false);
    const patients = patientsOf(run);
    expect(patients.some((p) => /[\u0080-\uffff]/.test(p.demographics.family_name + p.demographics.given_name))).toBe(true);
    text.trimEnd().split('\n').forEach((line, i) => {
      const pat = (JSON.parse(line) as Bundle).entry[0]!.resource;
      expect(pat.name[0].family).toBe(patients[i]!.demographics.family_name);
      expect(pat.name[0].given[0]).toBe(patients[i]!.demographics.given_name);
    });
  });
});
