import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { PassThrough, Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipPackage } from './packaging/zip.js';
import { ROW_MARK } from './xlsx-rows.js';
import { MAX_DATA_ROWS, SHEET_END, sheetStart, workbookParts, type WorkbookProperties } from './xlsx-sheets.js';

export interface XlsxWriterOptions {
  /** Folder for the temporary timeline rows (default: the OS temp folder). */
  tmpDir?: string;
  /** Data rows per sheet before a numbered continuation sheet (default: Excel's limit). */
  maxRowsPerSheet?: number;
}

/** Row `n` of a sheet (1 is the header): the row's references get their number. */
const numbered = (xml: string, n: number): string => xml.replaceAll(ROW_MARK, String(n));

/**
 * Deflate level of the sheets: level 1 deflates SpreadsheetML several times faster than the
 * default 6 for files about a quarter larger, and deflating is most of an XLSX's cost.
 */
const SHEET_COMPRESSION = 1;

/** The ZIP timestamp when the rows carry no properties: the earliest a ZIP can record. */
const NO_DATE = '1980-01-01T00:00:00Z';

/**
 * Packs the `xlsx:rows` line protocol (xlsx-rows.ts) into a workbook: a Patients sheet and a
 * Timeline sheet, each split into numbered sheets past Excel's row limit. Sheets are written as
 * SpreadsheetML by hand into a ZIP (yazl) with a fixed timestamp, so the same rows give the same
 * bytes and memory stays flat. A ZIP entry cannot be interleaved with another, so Patients rows
 * stream straight into their sheet while Timeline rows wait in temporary files (one per sheet)
 * that become the Timeline sheets at the end.
 */
export class XlsxWriter extends Writable {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private zip: ZipPackage | undefined;
  private zipDone: Promise<void> | undefined;
  private props: WorkbookProperties = { created: NO_DATE, creator: 'medgen' };
  private readonly sheetNames: string[] = [];
  private readonly maxRows: number;
  private patientHeader: string | undefined;
  private patientSheet: { stream: PassThrough; rows: number } | undefined;
  private patientSheets = 0;
  private timelineHeader: string | undefined;
  private tmpDir: string | undefined;
  private readonly spills: { path: string; stream: WriteStream; rows: number }[] = [];

  constructor(private readonly dest: Writable, private readonly opts: XlsxWriterOptions = {}) {
    super({ highWaterMark: 1 << 20 });
    this.maxRows = opts.maxRowsPerSheet ?? MAX_DATA_ROWS;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.consume(this.decoder.write(chunk)).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.finishWorkbook().then(() => cb(), cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    for (const s of this.spills) s.stream.destroy();
    this.patientSheet?.stream.destroy();
    const dir = this.tmpDir;
    if (dir) rm(dir, { recursive: true, force: true }).then(() => cb(err), () => cb(err));
    else cb(err);
  }

  private archive(): ZipPackage {
    if (!this.zip) {
      this.zip = new ZipPackage(new Date(this.props.created));
      this.zip.output.pipe(this.dest);
      this.zipDone = finished(this.dest);
    }
    return this.zip;
  }

  private async consume(text: string): Promise<void> {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.length === 0) continue;
      const tag = line.charCodeAt(0);
      if (tag === 0x50 /* P */) {
        if (this.patientHeader === undefined) this.patientHeader = line.slice(1);
        else await this.addPatientRow(line.slice(1));
      } else if (tag === 0x54 /* T */) {
        if (this.timelineHeader === undefined) this.timelineHeader = line.slice(1);
        else await this.spill(line.slice(1));
      } else if (tag === 0x4d /* M */) {
        const p = JSON.parse(line.slice(1)) as Partial<WorkbookProperties>;
        this.props = { created: p.created ?? NO_DATE, creator: p.creator ?? 'medgen', title: p.title };
      } else {
        throw new Error(`xlsx rows: unexpected line tag ${JSON.stringify(line[0])}`);
      }
    }
  }

  private openPatientSheet(): PassThrough {
    this.patientSheet?.stream.end(SHEET_END);
    this.patientSheets++;
    const stream = new PassThrough({ highWaterMark: 1 << 20 });
    this.sheetNames.push(this.patientSheets === 1 ? 'Patients' : `Patients ${this.patientSheets}`);
    this.archive().addStream(`xl/worksheets/sheet${this.sheetNames.length}.xml`, stream, SHEET_COMPRESSION);
    stream.write(sheetStart() + numbered(this.patientHeader ?? '', 1));
    this.patientSheet = { stream, rows: 0 };
    return stream;
  }

  private async addPatientRow(xml: string): Promise<void> {
    const sheet = this.patientSheet && this.patientSheet.rows < this.maxRows ? this.patientSheet : undefined;
    const stream = sheet?.stream ?? this.openPatientSheet();
    const rows = ++(this.patientSheet as { rows: number }).rows;
    if (!stream.write(numbered(xml, rows + 1))) await once(stream, 'drain');
  }

  /** Appends a Timeline row to the temporary file of its sheet, with backpressure. */
  private async spill(xml: string): Promise<void> {
    let file = this.spills.at(-1);
    if (!file || file.rows >= this.maxRows) {
      this.tmpDir ??= await mkdtemp(join(this.opts.tmpDir ?? tmpdir(), '.medgen-xlsx-'));
      file?.stream.end();
      const path = join(this.tmpDir, `timeline-${this.spills.length}.rows`);
      file = { path, stream: createWriteStream(path, { highWaterMark: 1 << 20 }), rows: 0 };
      this.spills.push(file);
    }
    file.rows++;
    if (!file.stream.write(numbered(xml, file.rows + 1))) await once(file.stream, 'drain');
  }

  private timelineSheet(path: string | undefined): Readable {
    const header = this.timelineHeader ?? '';
    return Readable.from((async function* () {
      yield Buffer.from(sheetStart() + numbered(header, 1));
      if (path) for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
      yield Buffer.from(SHEET_END);
    })());
  }

  private async finishWorkbook(): Promise<void> {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0) await this.consume(rest + '\n');
    if (!this.patientSheet) this.openPatientSheet();
    this.patientSheet?.stream.end(SHEET_END);
    const zip = this.archive();
    for (const s of this.spills) {
      s.stream.end();
      await finished(s.stream);
    }
    const files = this.spills.length > 0 ? this.spills.map((s) => s.path) : [undefined];
    files.forEach((path, i) => {
      this.sheetNames.push(i === 0 ? 'Timeline' : `Timeline ${i + 1}`);
      zip.addStream(`xl/worksheets/sheet${this.sheetNames.length}.xml`, this.timelineSheet(path), SHEET_COMPRESSION);
    });
    for (const part of workbookParts(this.sheetNames, this.props)) zip.addBuffer(part.name, Buffer.from(part.xml, 'utf8'), true);
    zip.end();
    await this.zipDone;
    if (this.tmpDir) await rm(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
  }
}

/** The XLSX file encoder: give it the file's destination, write the `xlsx:rows` text into it. */
export function createXlsxWriter(dest: Writable, opts?: XlsxWriterOptions): Writable {
  return new XlsxWriter(dest, opts);
}
