export { fhirCollectionFormat, fhirTransactionFormat, bundleJson, emitBundle, type BundleType } from './bundle.js';
export { BULK_FORMATS, BULK_TYPES, BULK_FORMAT_PREFIX, bulkFormat, bulkManifest, type BulkType } from './bulk.js';
export { patientEntries, bulkBatchEntries } from './resources.js';
export { resourceUuid } from './ids.js';
export type { FhirEntry } from './context.js';
