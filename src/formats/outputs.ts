import type { Writable } from 'node:stream';
import type { RunMetadata, Scenario } from '../engine/index.js';
import type { BatchFormat } from './format.js';
import { BULK_FORMATS, BULK_TYPES, bulkManifest, fhirCollectionFormat, fhirTransactionFormat, type BundleType } from './fhir/index.js';
import { csvFormat } from './csv.js';
import { jsonFormat } from './json.js';
import { ndjsonFormat } from './ndjson.js';
import { timelineCsvFormat } from './timeline-csv.js';
import { xlsxRowsFormat } from './xlsx-rows.js';
import { createXlsxWriter } from './xlsx-writer.js';
import { createMselCsvWriter, createMselXlsxWriter, mselRowsFormat } from './exercise/msel.js';
import { frontRadios, handoverFormat } from './exercise/handover.js';
import { cardsRowsFormat, type CardLayout } from './exercise/cards.js';
import { createCardsPdfWriter } from './exercise/cards-pdf.js';
import { xmlFormat } from './xml.js';

/** One file of a run's output. */
export interface OutputFile {
  /** Path inside the output folder or ZIP: `patients.csv`, `fhir-bulk/Patient.ndjson`. */
  readonly name: string;
  /** The text the pipeline encodes for this file (in encoder threads when there are several). */
  readonly format: BatchFormat;
  /** Turns that text into the file's bytes when they differ (XLSX); absent for text files. */
  readonly encoder?: (dest: Writable, opts: { tmpDir?: string }) => Writable;
  /** The bytes are already compressed: a ZIP stores them instead of deflating again. */
  readonly compressed?: boolean;
}

/** Per output file after the run: its line count and its final name (with .gz / .enc). */
export type FileStats = (name: string) => { lines: number; fileName: string };

/** What `medgen generate --format …` writes. */
export interface OutputPlan {
  readonly files: readonly OutputFile[];
  /** Small files made after the run from the others' statistics (the bulk-export manifest). */
  extras(meta: RunMetadata, stats: FileStats): { name: string; content: string }[];
}

export interface PlanOptions {
  bundleType?: BundleType;
  /** The run's scenario: the handover's 9-line reads its CBRN setting and the fronts' location and call sign. */
  scenario?: Pick<Scenario, 'warfare_types'> & Partial<Pick<Scenario, 'front_configs'>>;
  /** Page layout of cards.pdf (default a4: one card per A4 page). */
  cardLayout?: CardLayout;
}

/** Every format id a user can ask for, in the order files are listed. */
export const OUTPUT_FORMAT_IDS = ['json', 'ndjson', 'csv', 'timeline', 'xml', 'xlsx', 'fhir', 'fhir-bulk', 'msel-csv', 'msel-xlsx', 'handover', 'cards-pdf'] as const;
export type OutputFormatId = (typeof OUTPUT_FORMAT_IDS)[number];

export function isOutputFormatId(id: string): id is OutputFormatId {
  return (OUTPUT_FORMAT_IDS as readonly string[]).includes(id);
}

const BULK_DIR = 'fhir-bulk';

function filesOf(id: OutputFormatId, opts: PlanOptions): OutputFile[] {
  switch (id) {
    case 'json': return [{ name: 'patients.json', format: jsonFormat }];
    case 'ndjson': return [{ name: 'patients.ndjson', format: ndjsonFormat }];
    case 'csv': return [{ name: 'patients.csv', format: csvFormat }];
    case 'timeline': return [{ name: 'timeline.csv', format: timelineCsvFormat }];
    case 'xml': return [{ name: 'patients.xml', format: xmlFormat }];
    case 'xlsx': return [{ name: 'patients.xlsx', format: xlsxRowsFormat, encoder: createXlsxWriter, compressed: true }];
    case 'fhir': return [{ name: 'patients.fhir.ndjson', format: opts.bundleType === 'transaction' ? fhirTransactionFormat : fhirCollectionFormat }];
    case 'fhir-bulk': return BULK_TYPES.map((t) => ({ name: `${BULK_DIR}/${t}.ndjson`, format: BULK_FORMATS[t] }));
    case 'msel-csv': return [{ name: 'msel.csv', format: mselRowsFormat, encoder: createMselCsvWriter }];
    case 'handover': return [{ name: 'handover.ndjson', format: handoverFormat({ cbrn: opts.scenario?.warfare_types.cbrn === true, fronts: frontRadios(opts.scenario?.front_configs ?? []) }) }];
    case 'msel-xlsx': return [{ name: 'msel.xlsx', format: mselRowsFormat, encoder: createMselXlsxWriter, compressed: true }];
    case 'cards-pdf': return [{ name: 'cards.pdf', format: cardsRowsFormat, encoder: (dest) => createCardsPdfWriter(dest, { layout: opts.cardLayout, thread: true }), compressed: true }];
  }
}

/** The files for a list of format ids (duplicates ignored), in OUTPUT_FORMAT_IDS order. */
export function planOutputs(ids: readonly OutputFormatId[], opts: PlanOptions = {}): OutputPlan {
  const wanted = OUTPUT_FORMAT_IDS.filter((id) => ids.includes(id));
  const files = wanted.flatMap((id) => filesOf(id, opts));
  return {
    files,
    extras(meta, stats) {
      if (!wanted.includes('fhir-bulk')) return [];
      const items = BULK_TYPES.map((t) => {
        const s = stats(`${BULK_DIR}/${t}.ndjson`);
        return { type: t, url: s.fileName.slice(BULK_DIR.length + 1), count: s.lines };
      });
      return [{ name: `${BULK_DIR}/manifest.json`, content: bulkManifest(meta, items) }];
    },
  };
}
