import type { BatchFormat } from './format.js';
import { csvFormat } from './csv.js';
import { BULK_FORMATS, fhirCollectionFormat, fhirTransactionFormat } from './fhir/index.js';
import { jsonFormat } from './json.js';
import { ndjsonFormat } from './ndjson.js';
import { timelineCsvFormat } from './timeline-csv.js';
import { xlsxRowsFormat } from './xlsx-rows.js';
import { xmlFormat } from './xml.js';
import { mselRowsFormat } from './exercise/msel.js';
import { HANDOVER_FORMATS, handoverFormatById } from './exercise/handover.js';
import { cardsRowsFormat } from './exercise/cards.js';

export type { BatchFormat, ByteTarget } from './format.js';
export { BufferPool, ByteChunks } from './byte-chunks.js';
export { jsonFormat } from './json.js';
export { ndjsonFormat } from './ndjson.js';
export { csvFormat } from './csv.js';
export { timelineCsvFormat } from './timeline-csv.js';
export { xmlFormat } from './xml.js';
export { xlsxRowsFormat } from './xlsx-rows.js';
export { createXlsxWriter, type XlsxWriterOptions } from './xlsx-writer.js';
export { PATIENT_COLUMNS, TIMELINE_COLUMNS, type Column, type Cell } from './columns.js';
export { csvField } from './csv-field.js';
export { MSEL_COLUMNS, mselCasualty, scenarioTime, createMselCsvWriter, createMselXlsxWriter, type Inject, type MselCasualty } from './exercise/msel.js';
export { handoverFormat } from './exercise/handover.js';
export { CARD_LAYOUTS, CARD_LAYOUT_RULE, isCardLayout, type CardLayout, type CardsDocInfo } from './exercise/cards.js';
export { casualtyCardsPdf } from './exercise/cards-pdf.js';
export * from './exercise/reports.js';
export * from './fhir/index.js';
export { planOutputs, isOutputFormatId, OUTPUT_FORMAT_IDS, type OutputFile, type OutputPlan, type OutputFormatId, type FileStats, type PlanOptions } from './outputs.js';
export { RECYCLES_AFTER_CALLBACK, recyclesAfterCallback, openChain, type ChainOptions, type OutputChain } from './packaging/chain.js';
export { ZipPackage } from './packaging/zip.js';
export {
  createEncryptStream, createDecryptStream, deriveKey, DecryptionError, MAGIC, PBKDF2_ITERATIONS, HEADER_BYTES, TAG_BYTES,
} from './packaging/encryption.js';

/** Text formats that are one file each: usable directly with the pipeline. */
export const BATCH_FORMATS: Record<string, BatchFormat> = {
  json: jsonFormat,
  ndjson: ndjsonFormat,
  csv: csvFormat,
  timeline: timelineCsvFormat,
  xml: xmlFormat,
  fhir: fhirCollectionFormat,
};

export const FORMAT_IDS = Object.keys(BATCH_FORMATS);

/** Formats that only make sense inside an output plan (encoder threads resolve them by id too). */
const INTERNAL_FORMATS: Record<string, BatchFormat> = Object.fromEntries(
  [fhirTransactionFormat, xlsxRowsFormat, mselRowsFormat, cardsRowsFormat, ...HANDOVER_FORMATS, ...Object.values(BULK_FORMATS)].map((f) => [f.id, f]),
);

export function getFormat(id: string): BatchFormat | undefined {
  return BATCH_FORMATS[id] ?? INTERNAL_FORMATS[id] ?? handoverFormatById(id);
}
