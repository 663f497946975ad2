import { once } from 'node:events';
import type { stream } from 'exceljs';
import type { Cell } from './columns.js';

type WorkbookWriter = stream.xlsx.WorkbookWriter;
type Worksheet = ReturnType<WorkbookWriter['addWorksheet']>;

/** Rows per sheet: Excel's limit of 1,048,576 minus the header row. */
export const MAX_DATA_ROWS = 1_048_575;

/**
 * exceljs's WorksheetWriter pushes committed rows into an internal pass-through stream without
 * honouring its backpressure, so a fast producer buffers the whole sheet in memory before the
 * ZIP deflater drains it. This waits until that buffer is below `limit` bytes. It reads
 * exceljs 4.x internals (`worksheet.stream.pipes[0]`); if their shape ever changes it degrades
 * to yielding to the event loop, which is correct but lets memory grow.
 */
export async function sheetDrained(ws: Worksheet, limit = 1 << 20): Promise<void> {
  const internal = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as
    | (NodeJS.EventEmitter & { _writableState?: { length: number } })
    | undefined;
  const state = internal?._writableState;
  if (!internal || !state || typeof state.length !== 'number') {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return;
  }
  while (state.length > limit) await once(internal, 'drain');
}

/**
 * A named series of sheets ("Timeline", "Timeline 2", …) that starts a new sheet, header
 * repeated, whenever one is full.
 */
export class SheetSeries {
  private ws: Worksheet | undefined;
  private rows = 0;
  private sheets = 0;

  constructor(
    private readonly wb: WorkbookWriter,
    private readonly name: string,
    private readonly header: readonly Cell[],
    private readonly maxRows = MAX_DATA_ROWS,
  ) {}

  get current(): Worksheet | undefined {
    return this.ws;
  }

  /** Adds one row; returns true when the caller should wait for the sheet to drain. */
  add(values: readonly Cell[]): boolean {
    if (!this.ws || this.rows >= this.maxRows) this.open();
    (this.ws as Worksheet).addRow(values as Cell[]).commit();
    this.rows++;
    return (this.rows & 255) === 0;
  }

  /** Makes sure at least the header sheet exists, then commits the open sheet. */
  finish(): void {
    if (!this.ws) this.open();
    (this.ws as Worksheet).commit();
  }

  private open(): void {
    this.ws?.commit();
    this.sheets++;
    this.ws = this.wb.addWorksheet(this.sheets === 1 ? this.name : `${this.name} ${this.sheets}`, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.ws.addRow(this.header as Cell[]).commit();
    this.rows = 0;
  }
}
