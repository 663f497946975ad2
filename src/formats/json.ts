import type { BatchFormat } from './format.js';

/**
 * `{"metadata": {...}, "patients": [...]}` written incrementally: one patient per line inside
 * the array so the document streams and stays readable.
 */
export const jsonFormat: BatchFormat = {
  id: 'json',
  extension: 'json',
  mediaType: 'application/json',
  header: (meta) => `{"metadata":${JSON.stringify(meta)},"patients":[\n`,
  encodeBatch(patients, first) {
    let out = '';
    let sep = first ? '' : ',\n';
    for (const p of patients) {
      out += sep + JSON.stringify(p);
      sep = ',\n';
    }
    return out;
  },
  footer: () => '\n]}\n',
};
