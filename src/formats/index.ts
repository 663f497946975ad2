import type { BatchFormat } from './format.js';
import { jsonFormat } from './json.js';
import { ndjsonFormat } from './ndjson.js';

export type { BatchFormat } from './format.js';
export { jsonFormat } from './json.js';
export { ndjsonFormat } from './ndjson.js';

export const BATCH_FORMATS: Record<string, BatchFormat> = {
  json: jsonFormat,
  ndjson: ndjsonFormat,
};

export const FORMAT_IDS = Object.keys(BATCH_FORMATS);

export function getFormat(id: string): BatchFormat | undefined {
  return BATCH_FORMATS[id];
}
