import type { BatchFormat } from './format.js';

/** One patient per line, each line ending in \n. */
export const ndjsonFormat: BatchFormat = {
  id: 'ndjson',
  extension: 'ndjson',
  mediaType: 'application/x-ndjson',
  header: () => '',
  encodeBatch(patients) {
    let out = '';
    for (const p of patients) out += JSON.stringify(p) + '\n';
    return out;
  },
  footer: () => '',
};
