import type { RunMetadata } from '../../engine/index.js';
import { collect, type BatchFormat } from '../format.js';
import type { Patient } from '../../engine/index.js';
import type { FhirEntry } from './context.js';
import { ALL_LOCATIONS } from './patient-resource.js';
import { bulkBatchEntries } from './resources.js';

/** The resource types of a bulk export, one NDJSON file each. */
export const BULK_TYPES = ['Patient', 'Location', 'Encounter', 'Condition', 'AllergyIntolerance', 'Procedure', 'MedicationAdministration', 'Observation'] as const;
export type BulkType = (typeof BULK_TYPES)[number];

export const BULK_FORMAT_PREFIX = 'fhir-bulk:';

/**
 * One resource type of a FHIR Bulk Data export: every resource of that type, one per line,
 * references written `Type/id`. The few shared Locations are written once, up front.
 */
export function bulkFormat(type: BulkType): BatchFormat {
  const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
    if (type === 'Location') return;
    for (const entries of bulkBatchEntries(patients)) {
      for (const e of entries as FhirEntry[]) if (e.type === type) emit(e.json + '\n');
    }
  };
  return {
    id: BULK_FORMAT_PREFIX + type,
    extension: 'ndjson',
    mediaType: 'application/fhir+ndjson',
    header: () => (type === 'Location' ? ALL_LOCATIONS.map((l) => l.json + '\n').join('') : ''),
    encodeBatch: (patients, first) => collect(encodeTo, patients, first),
    encodeTo,
    footer: () => '',
  };
}

export const BULK_FORMATS: Readonly<Record<BulkType, BatchFormat>> = Object.fromEntries(
  BULK_TYPES.map((t) => [t, bulkFormat(t)]),
) as Record<BulkType, BatchFormat>;

/**
 * The export manifest (Bulk Data Access IG, "Response - Complete Status"): one output item per
 * file with its resource count. `transactionTime` is the run's generated-at, not the wall clock.
 */
export function bulkManifest(meta: RunMetadata, files: readonly { type: string; url: string; count: number }[]): string {
  const manifest = {
    transactionTime: meta.generated_at,
    request: `medgen:generate?seed=${encodeURIComponent(String(meta.seed))}&scenario_hash=${encodeURIComponent(meta.scenario_hash)}`,
    requiresAccessToken: false,
    output: files.map((f) => ({ type: f.type, url: f.url, count: f.count })),
    error: [],
    extension: { generator: `${meta.generator} ${meta.generator_version}`, patient_count: meta.patient_count },
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}
