import { describe, expect, it } from 'vitest';
import { BODY_PART_STRUCTURE, NATO_NATIONS, PRESETS } from '../../engine/index.js';
import { encodeAll, patientsOf, testRun } from '../fixtures.js';
import { fhirCollectionFormat } from './bundle.js';
import { ResourceIds } from './ids.js';
import {
  AIS, ALLERGY_CATEGORY, BODY_SITES, DISCHARGE, ENCOUNTER_CLASS, IDENTIFIER_TYPES, LOCAL_CODES, LOCATIONS, nationalIdSystem, SYSTEM,
  TRIAGE_CATEGORY, TRIAGE_PRIORITY,
} from './terminology.js';

/** Verhoeff check digit test: every SNOMED CT identifier ends in one. */
const D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]];
const P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]];
interface Bundle { entry: { resource: { resourceType: string; code: { coding: { code: string; display: string }[] }; bodySite?: { coding?: { code: string; display: string }[] }[] } }[] }
const verhoeff = (s: string): boolean => [...s].reverse().reduce((c, ch, i) => D[c]![P[i % 8]![Number(ch)]!]!, 0) === 0;

describe('FHIR terminology tables', () => {
  it('gives every non-disease Condition of generated patients a body site from the engine\'s pinned structures', () => {
    let sites = 0;
    for (const { id: preset, input } of PRESETS) {
      const run = testRun({ ...input, total_patients: 300 });
      const bundles = encodeAll(fhirCollectionFormat, run).text.trim().split('\n').map((l) => JSON.parse(l) as Bundle);
      const patients = patientsOf(run);
      bundles.forEach((b, i) => {
        const p = patients[i]!;
        const pinned = new Map([...Object.values(BODY_PART_STRUCTURE), ...p.injuries.map((j) => j.body_site)].map((c) => [c.code, c.display]));
        for (const { resource: r } of b.entry) {
          if (r.resourceType !== 'Condition' || p.injury_type === 'DISEASE' || r.code.coding[0]!.code !== p.primary_conditions[0]?.code) continue;
          const site = r.bodySite?.[0]?.coding?.[0];
          expect(site, `${preset} #${i} ${r.code.coding[0]!.display}`).toBeDefined();
          expect(pinned.get(site!.code), site!.code).toBe(site!.display);
          sites++;
        }
      });
    }
    expect(sites).toBeGreaterThan(PRESETS.length * 200);
    for (const { code } of Object.values(BODY_SITES)) expect(verhoeff(code), code).toBe(true);
    for (const code of Object.keys(ALLERGY_CATEGORY)) expect(verhoeff(code), code).toBe(true);
  });

  it('pins the AIS severity qualifiers (the SNOMED CT severity pairs of the engine) and levels', () => {
    expect(Object.entries(AIS).map(([ais, { severity: c }]) => [Number(ais), c.code, c.display])).toEqual([
      [1, '255604002', 'Mild'], [2, '6736007', 'Moderate'], [3, '371924009', 'Moderate to severe'],
      [4, '24484000', 'Severe'], [5, '24484000', 'Severe'], [6, '24484000', 'Severe'],
    ]);
    for (const { severity } of Object.values(AIS)) expect(verhoeff(severity.code), severity.code).toBe(true);
    expect(Object.values(AIS).map((a) => a.level.display)).toEqual(['Minor', 'Moderate', 'Serious', 'Severe', 'Critical', 'Maximal']);
  });

  it('names WHO ICD-10 by its HL7 URI and keeps the local codes under the reserved example domain', () => {
    expect(SYSTEM.icd10).toBe('http://hl7.org/fhir/sid/icd-10');
    for (const s of [SYSTEM.medgen, SYSTEM.triageCategory, SYSTEM.ais]) expect(s).toMatch(/^https:\/\/medgen\.example\/fhir\/CodeSystem\//);
    const codes = Object.values(LOCAL_CODES).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.values(TRIAGE_CATEGORY).map((c) => c.text)).toEqual(Object.values(TRIAGE_PRIORITY).map((c) => c.text));
  });

  it('pins the HL7 codes', () => {
    expect(IDENTIFIER_TYPES).toEqual({ national: { code: 'NI', display: 'National unique individual identifier' }, military: { code: 'MI', display: 'Military ID number' } });
    expect(Object.values(DISCHARGE).map((d) => [d.code, d.display])).toEqual([['other-hcf', 'Other healthcare facility'], ['exp', 'Expired'], ['oth', 'Other']]);
    expect(Object.values(ENCOUNTER_CLASS).map((c) => [c.code, c.display])).toEqual([['FLD', 'field'], ['EMER', 'emergency'], ['ACUTE', 'inpatient acute'], ['ACUTE', 'inpatient acute'], ['IMP', 'inpatient encounter']]);
    expect(Object.values(TRIAGE_PRIORITY).map((c) => [c.code, c.display])).toEqual([['EM', 'emergency'], ['UR', 'urgent'], ['R', 'routine'], ['EM', 'emergency']]);
  });

  it('has a naming system for every nation, the published ones where known', () => {
    expect(nationalIdSystem('POL')).toBe('urn:oid:2.16.840.1.113883.3.4424.1.1.616');
    expect(nationalIdSystem('USA')).toBe('http://hl7.org/fhir/sid/us-ssn');
    expect(nationalIdSystem('DEU')).toBe('https://medgen.example/fhir/sid/national-id/deu');
    expect(new Set(NATO_NATIONS.map(nationalIdSystem)).size).toBe(NATO_NATIONS.length);
  });

  it('derives distinct valid UUIDs per ordinal, the patient uuid at 0', () => {
    const uuid = 'b70e3ad7-0258-4ad1-9a6e-888d4f7a63ee';
    const ids = new ResourceIds(uuid);
    expect(ids.id(0)).toBe(uuid);
    const all = Array.from({ length: 5000 }, (_, i) => ids.id(i));
    expect(new Set(all).size).toBe(5000);
    for (const id of all) expect(id).toMatch(/^b70e3ad7-0258-4ad1-9a6e-888d[0-9a-f]{8}$/);
    expect(new Set(Object.values(LOCATIONS).map((l) => l.id)).size).toBe(5);
  });
});
