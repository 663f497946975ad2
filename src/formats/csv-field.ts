import type { Cell, Column } from './columns.js';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One RFC 4180 field: quoted only when it holds a comma, a double quote, CR or LF; inner
 * quotes doubled. Numbers use JavaScript's shortest round-trip form; booleans are true/false.
 */
export function csvField(value: Cell): string {
  if (typeof value !== 'string') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records end in CRLF, as RFC 4180 says. */
export const CSV_EOL = '\r\n';

export function csvHeader<T>(columns: readonly Column<T>[]): string {
  return columns.map((c) => csvField(c.name)).join(',') + CSV_EOL;
}

export function csvRow<T>(columns: readonly Column<T>[], row: T): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ',';
    line += csvField((columns[i] as Column<T>).get(row));
  }
  return line + CSV_EOL;
}
