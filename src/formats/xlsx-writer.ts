import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { once } from 'node:events';
import type ExcelJS from 'exceljs';
import type { Cell } from './columns.js';
import { SheetSeries, sheetDrained } from './xlsx-sheets.js';

export interface XlsxWriterOptions {
  /** Folder for the temporary timeline rows (default: the OS temp folder). */
  tmpDir?: string;
  /** Data rows per sheet before a numbered continuation sheet (default: Excel's limit). */
  maxRowsPerSheet?: number;
}

/**
 * Turns the `xlsx:rows` line protocol (xlsx-rows.ts) into a workbook written to `dest` with
 * exceljs's streaming WorkbookWriter: a Patients sheet and a Timeline sheet, each split into
 * numbered sheets past Excel's row limit. A ZIP entry cannot be interleaved with another, so
 * Patients rows stream straight into their sheet while Timeline rows go to a temporary file
 * that is streamed into the Timeline sheet at the end. Memory stays flat; disk holds the
 * timeline rows once.
 */
export class XlsxWriter extends Writable {
  private wb!: ExcelJS.stream.xlsx.WorkbookWriter;
  /** exceljs is loaded on first use only: it is large, and most runs write no XLSX. */
  private readonly ready: Promise<void>;
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private patients: SheetSeries | undefined;
  private timelineHeader: Cell[] | undefined;
  private tmp: { dir: string; path: string; stream: WriteStream } | undefined;
  private tmpReady: Promise<void> | undefined;

  constructor(dest: Writable, private readonly opts: XlsxWriterOptions = {}) {
    super({ highWaterMark: 1 << 20 });
    this.ready = import('exceljs').then((m) => {
      this.wb = new m.default.stream.xlsx.WorkbookWriter({ stream: dest, useStyles: false, useSharedStrings: false });
    });
    this.ready.catch(() => undefined); // surfaced by the first write or by end()
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.consume(this.decoder.write(chunk)).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.finishWorkbook().then(() => cb(), cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const dir = this.tmp?.dir;
    this.tmp?.stream.destroy();
    if (dir) rm(dir, { recursive: true, force: true }).then(() => cb(err), () => cb(err));
    else cb(err);
  }

  private async consume(text: string): Promise<void> {
    await this.ready;
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    let wait = false;
    for (const line of lines) {
      if (line.length === 0) continue;
      const tag = line.charCodeAt(0);
      if (tag === 0x50 /* P */) {
        const cells = JSON.parse(line.slice(1)) as Cell[];
        if (!this.patients) this.patients = new SheetSeries(this.wb, 'Patients', cells, this.opts.maxRowsPerSheet);
        else wait = this.patients.add(cells) || wait;
      } else if (tag === 0x54 /* T */) {
        if (!this.timelineHeader) this.timelineHeader = JSON.parse(line.slice(1)) as Cell[];
        else await this.spill(line);
      } else if (tag === 0x4d /* M */) {
        this.properties(JSON.parse(line.slice(1)) as Record<string, string>);
      } else {
        throw new Error(`xlsx rows: unexpected line tag ${JSON.stringify(line[0])}`);
      }
    }
    if (wait && this.patients?.current) await sheetDrained(this.patients.current);
  }

  private properties(p: Record<string, string>): void {
    const date = new Date(p.created ?? 0);
    this.wb.created = date;
    this.wb.modified = date;
    this.wb.creator = p.creator ?? 'medgen';
    this.wb.lastModifiedBy = p.creator ?? 'medgen';
    if (p.title) this.wb.title = p.title;
  }

  /** Appends a Timeline row line to the temporary file, with backpressure. */
  private async spill(line: string): Promise<void> {
    if (!this.tmpReady) this.tmpReady = this.openTmp();
    await this.tmpReady;
    const stream = (this.tmp as { stream: WriteStream }).stream;
    if (!stream.write(line.slice(1) + '\n')) await once(stream, 'drain');
  }

  private async openTmp(): Promise<void> {
    const dir = await mkdtemp(join(this.opts.tmpDir ?? tmpdir(), '.medgen-xlsx-'));
    const path = join(dir, 'timeline.rows');
    this.tmp = { dir, path, stream: createWriteStream(path, { highWaterMark: 1 << 20 }) };
  }

  private async finishWorkbook(): Promise<void> {
    await this.ready;
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0) await this.consume(rest + '\n');
    const patients = this.patients ?? new SheetSeries(this.wb, 'Patients', [], this.opts.maxRowsPerSheet);
    patients.finish();
    const timeline = new SheetSeries(this.wb, 'Timeline', this.timelineHeader ?? [], this.opts.maxRowsPerSheet);
    if (this.tmp) {
      const { stream, path, dir } = this.tmp;
      stream.end();
      await once(stream, 'close');
      const lines = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
      for await (const line of lines) {
        if (timeline.add(JSON.parse(line) as Cell[]) && timeline.current) await sheetDrained(timeline.current);
      }
      await rm(dir, { recursive: true, force: true });
      this.tmp = undefined;
    }
    timeline.finish();
    await this.wb.commit();
  }
}

/** The XLSX file encoder: give it the file's destination, write the `xlsx:rows` text into it. */
export function createXlsxWriter(dest: Writable, opts?: XlsxWriterOptions): Writable {
  return new XlsxWriter(dest, opts);
}
