/* eslint-disable @typescript-eslint/no-explicit-any -- parsed documents are navigated freely in these assertions */
import { describe, expect, it } from 'vitest';
import { getPreset, patientAt, type Patient } from '../../engine/index.js';
import { recomputeTriage } from '../../engine/patient/index.js';
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

const resourcesOf = (b: Bundle, type: string): Record<string, any>[] => b.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const deathOf = (p: Patient) => p.movement_timeline.find((e) => e.event_type === 'kia' || e.event_type === 'dow' || e.event_type === 'died_dnbi');
const TRIAGE_TEXT = { T1: 'T1 Immediate', T2: 'T2 Delayed', T3: 'T3 Minimal', T4: 'T4 Expectant' };

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
      expect(pat?.deceasedDateTime).toBe(deathOf(p)?.timestamp);

      const encounters = of('Encounter');
      expect(encounters).toHaveLength(p.movement_timeline.filter((e) => e.event_type === 'arrival').length);
      encounters.forEach((e, k) => {
        expect(e.location[0].location.display.length).toBeGreaterThan(0);
        // Priority by the triage made at that facility.
        const a = p.triage_assessments.find((x) => x.facility === p.timeline_summary.facilities_visited[k]);
        expect(e.priority.text).toBe(TRIAGE_TEXT[a!.category]);
      });
      const last = encounters[encounters.length - 1];
      if (p.final_status === 'Remains_Role4') expect(last?.status).toBe('in-progress');
      else if (p.final_status === 'RTD') expect(last?.hospitalization.dischargeDisposition.text).toBe('Returned to duty');
      else if (p.movement_timeline.at(-1)?.timing === 'at_facility') {
        expect(last?.hospitalization.dischargeDisposition.coding[0].code).toBe('exp');
        expect(last?.hospitalization.dischargeDisposition.text).toBe(`Died: ${p.cause_of_death}`);
      }
      expect(of('AllergyIntolerance').map((a) => a.code.coding[0].code)).toEqual(p.allergies.map((a) => a.code));
    });
  });

  it('one Condition per injury with SNOMED CT and ICD-10 codings, body site and AIS; the other conditions coded both ways', () => {
    let injured = 0;
    bundles.forEach((b, i) => {
      const p = patients[i] as Patient;
      const conditions = resourcesOf(b, 'Condition');
      const first = p.injuries.length > 0 ? p.injuries.length : p.primary_conditions.length;
      expect(conditions).toHaveLength(first + p.additional_conditions.length);
      for (const c of conditions) {
        expect(c.code.coding.map((x: { system: string }) => x.system)).toEqual(['http://snomed.info/sct', 'http://hl7.org/fhir/sid/icd-10']);
        expect(c.onsetDateTime).toBe(p.injury_timestamp);
      }
      p.injuries.forEach((inj, k) => {
        injured++;
        const c = conditions[k] as Record<string, any>;
        expect(c.code.coding[0]).toEqual({ system: 'http://snomed.info/sct', code: inj.condition.code, display: inj.condition.display });
        expect(c.code.coding[1]).toEqual({ system: 'http://hl7.org/fhir/sid/icd-10', code: inj.icd10.code, display: inj.icd10.display });
        expect(c.bodySite[0].coding[0]).toEqual({ system: 'http://snomed.info/sct', code: inj.body_site.code, display: inj.body_site.display });
        expect(c.stage[0].summary.coding[0].code).toBe(String(inj.ais));
        expect(c.note[0].text).toBe(`Mechanism: ${p.mechanism}`);
        // The severity is the one the engine gave this injury's condition.
        expect(p.primary_conditions.some((pc) => pc.code === inj.condition.code && pc.icd10 === inj.icd10.code && pc.severity_code === c.severity.coding[0].code)).toBe(true);
      });
      if (p.injuries.length === 0) {
        expect(conditions[0]?.code.coding[0].code).toBe(p.primary_condition.code);
        expect(conditions[0]?.code.coding[1].code).toBe(p.primary_condition.icd10);
        expect(conditions[0]?.severity.coding[0].code).toBe(p.primary_condition.severity_code);
        expect(conditions[0]?.bodySite !== undefined).toBe(p.injury_type !== 'DISEASE');
      }
      p.additional_conditions.forEach((a, k) => {
        const c = conditions[first + k] as Record<string, any>;
        expect([c.code.coding[0].code, c.code.coding[1].code]).toEqual([a.code, a.icd10]);
        expect(c.bodySite).toBeUndefined();
      });
    });
    expect(injured).toBeGreaterThan(100);
  });

  it('vital signs, procedures and medications at their own times', () => {
    bundles.forEach((b, i) => {
      const p = patients[i] as Patient;
      const vitals = resourcesOf(b, 'Observation').filter((o) => o.code.coding[0].system === 'http://loinc.org');
      const observed = p.treatment_history.flatMap((t) => t.observations);
      expect(vitals).toHaveLength(observed.length);
      vitals.forEach((o, k) => {
        const want = observed[k]!;
        expect(o.code.coding[0].code).toBe(want.code);
        expect(o.effectiveDateTime).toBe(want.time);
        expect(o.valueQuantity).toEqual({ value: want.value, unit: want.unit, system: 'http://unitsofmeasure.org', code: want.unit });
      });
      const given = p.treatment_history.flatMap((t) => t.treatments);
      const procedures = given.filter((t) => t.kind === 'procedure');
      expect(resourcesOf(b, 'Procedure').map((r) => [r.code.coding[0].code, r.performedDateTime])).toEqual(procedures.map((t) => [t.code, t.time]));
      const medications = given.filter((t) => t.kind === 'medication');
      const administered = resourcesOf(b, 'MedicationAdministration');
      expect(administered.map((r) => [r.medicationCodeableConcept.coding[0].code, r.effectiveDateTime])).toEqual(medications.map((t) => [t.code, t.time]));
      for (const r of administered) expect(r.medicationCodeableConcept.coding[0].system).toBe('http://snomed.info/sct');
      expect([...new Set(administered.map((r) => r.medicationCodeableConcept.coding[0].code))].sort()).toEqual(p.medications.map((m) => m.code).sort());
    });
  });

  it('a triage Observation per assessment whose components give back its category, and the ISS', () => {
    bundles.forEach((b, i) => {
      const p = patients[i] as Patient;
      const local = resourcesOf(b, 'Observation').filter((o) => o.code.coding[0].system !== 'http://loinc.org');
      const triage = local.filter((o) => o.code.coding[0].code === 'triage-category');
      expect(triage).toHaveLength(p.triage_assessments.length);
      triage.forEach((o, k) => {
        const a = p.triage_assessments[k]!;
        expect(o.effectiveDateTime).toBe(a.time);
        expect(o.valueCodeableConcept.coding[0].code).toBe(a.category);
        expect(o.method.coding[0].code).toBe(`triage-${a.algorithm}`);
        const part = (code: string) => o.component.find((c: any) => c.code.coding[0].code === code);
        const inputs = {
          algorithm: o.method.coding[0].code.slice('triage-'.length) as 'sieve' | 'sort',
          catastrophic_haemorrhage: part('catastrophic-haemorrhage').valueBoolean, ambulatory: part('ambulatory').valueBoolean,
          breathing: part('breathing').valueBoolean, responds_to_voice: part('responds-to-voice').valueBoolean,
          respiratory_rate: part('9279-1').valueQuantity.value, heart_rate: part('8867-4').valueQuantity.value,
          systolic_bp: part('8480-6').valueQuantity.value, gcs: part('9269-2').valueQuantity.value, expectant: part('expectant').valueBoolean,
        };
        expect(recomputeTriage(inputs), `patient ${p.id} assessment ${k}`).toBe(o.valueCodeableConcept.coding[0].code);
        expect(part('revised-trauma-score')?.valueInteger ?? null).toBe(a.rts);
      });
      const iss = local.filter((o) => o.code.coding[0].code === 'injury-severity-score');
      expect(iss).toHaveLength(p.injuries.length > 0 ? 1 : 0);
      if (iss[0]) {
        expect(iss[0].valueInteger).toBe(p.iss);
        expect(iss[0].component[0].valueInteger).toBe(p.niss);
      }
    });
  });

  it('Died_DNBI: deceased at the death, the encounter where it happened closed as expired', () => {
    const run = testRun({ ...getPreset('peacekeeping')?.input, total_patients: 4000, seed: 5 });
    const dead = patientsOf(run).filter((p) => p.final_status === 'Died_DNBI');
    expect(dead.length).toBeGreaterThan(0);
    for (const p of dead) {
      const b = JSON.parse(bundleJson(p, patientEntries(p, 'bundle'), 'collection')) as Bundle;
      const death = deathOf(p);
      expect(death?.event_type).toBe('died_dnbi');
      expect(resourcesOf(b, 'Patient')[0]?.deceasedDateTime).toBe(death?.timestamp);
      const last = resourcesOf(b, 'Encounter').at(-1);
      if (death?.timing === 'at_facility') {
        expect(last?.status).toBe('finished');
        expect(last?.period.end).toBe(death.timestamp);
        expect(last?.hospitalization.dischargeDisposition.coding[0].code).toBe('exp');
      }
    }
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
