/** The Generate form's output choices (test/web-choices.test.ts checks them against the server's lists). */

export const FORMATS = [
  { id: 'json', label: 'JSON' }, { id: 'ndjson', label: 'NDJSON' }, { id: 'csv', label: 'CSV' }, { id: 'xml', label: 'XML' },
  { id: 'xlsx', label: 'Excel (XLSX)' }, { id: 'fhir', label: 'FHIR R4 bundles' }, { id: 'fhir-bulk', label: 'FHIR bulk export' },
  { id: 'msel-csv', label: 'MSEL injects (CSV)' }, { id: 'msel-xlsx', label: 'MSEL injects (XLSX)' },
  { id: 'handover', label: 'Handover reports (9-line, ATMIST, TCCC card)' },
  { id: 'cards-pdf', label: 'Casualty cards (PDF: role-player and controller)' },
] as const;

/** How cards.pdf is laid out (the server's `card_layout`; docs/exercise-pack.md). */
export const CARD_LAYOUTS = [
  { id: 'a4', label: 'A4, one card a page' },
  { id: 'a4-2up', label: 'A4 sheets of two A5 cards, with cut marks' },
  { id: 'a4-4up', label: 'A4 sheets of four A6 cards, with cut marks' },
  { id: 'a5', label: 'A5, one card a page' },
  { id: 'a6', label: 'A6, one card a page' },
] as const;

export type CardLayoutId = (typeof CARD_LAYOUTS)[number]['id'];
