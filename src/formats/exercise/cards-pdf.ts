import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PassThrough } from 'node:stream';
import { infoOf, isInfoLine, RowLines } from './row-lines.js';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { Patient } from '../../engine/index.js';
import { cardData, type CardData, type CardLayout, type CardsDocInfo } from './cards.js';
import { CARD_H, CARD_W, controllerPage, line, loadFonts, rolePlayerPage, type Doc } from './cards-draw.js';

/**
 * The PDF writer of `cards.pdf` (docs/exercise-pack.md): reads `cards:rows` and draws each
 * casualty's two cards in the chosen layout as the lines arrive. After each casualty pdfkit's
 * output is read off and goes on to the destination; the next is drawn only after the
 * destination has drained. The bytes are fixed by the run: the document's dates are the run's `generated_at` and
 * pdfkit's file ID is the MD5 of the document info, so the same seed gives the same file.
 */

const A4: [number, number] = [595.28, 841.89];
const A5: [number, number] = [419.53, 595.28];
const A6: [number, number] = [297.64, 419.53];

interface Sheet {
  /** Page size in points, portrait width × height (landscape for 2-up). */
  size: [number, number];
  /** Columns × rows of cards on a page; every card of the A series keeps the A4 card's shape. */
  cols: number;
  rows: number;
}

const SHEETS: Record<CardLayout, Sheet> = {
  a4: { size: A4, cols: 1, rows: 1 },
  a5: { size: A5, cols: 1, rows: 1 },
  a6: { size: A6, cols: 1, rows: 1 },
  // Two A5 cards side by side on a landscape A4; four A6 cards on a portrait A4.
  'a4-2up': { size: [A4[1], A4[0]], cols: 2, rows: 1 },
  'a4-4up': { size: A4, cols: 2, rows: 2 },
};

/** Cards per page of a layout. */
export const cardsPerPage = (layout: CardLayout): number => SHEETS[layout].cols * SHEETS[layout].rows;

/** Length of a cut mark, and the white border around each card on a sheet of several (where the marks show). */
const MARK = 10;
const GUTTER = 12;

/** Cut marks: ticks at the page edges where the cuts run, and a cross where they meet. */
function cutMarks(doc: Doc, s: Sheet): void {
  const [w, h] = s.size;
  doc.save().lineWidth(0.5).strokeColor('#000000');
  for (let c = 1; c < s.cols; c++) {
    const x = (w * c) / s.cols;
    doc.moveTo(x, 0).lineTo(x, MARK).moveTo(x, h - MARK).lineTo(x, h);
  }
  for (let r = 1; r < s.rows; r++) {
    const y = (h * r) / s.rows;
    doc.moveTo(0, y).lineTo(MARK, y).moveTo(w - MARK, y).lineTo(w, y);
  }
  for (let c = 1; c < s.cols; c++) for (let r = 1; r < s.rows; r++) {
    const x = (w * c) / s.cols;
    const y = (h * r) / s.rows;
    doc.moveTo(x - MARK, y).lineTo(x + MARK, y).moveTo(x, y - MARK).lineTo(x, y + MARK);
  }
  doc.stroke().restore();
}

/** pdfkit's internals that `trim` reaches (pdfkit 0.20: PDFDocument, EmbeddedFont, PDFReference). */
interface PdfRef {
  id: number;
  gen: number;
}
interface PdfkitInternals {
  _fontFamilies: Record<string, { layoutCache?: Record<string, unknown> }>;
  _root: { data: { Pages: { data: { Kids: unknown[] } } } };
}

/** The fonts' word-layout caches are dropped after this many cards. */
const CACHE_CARDS = 200;

export interface CardsPdfOptions {
  layout?: CardLayout;
  /**
   * Draw in a thread of its own with a bounded heap (a run's cards.pdf). On the calling thread
   * V8 lets the old generation grow to about three times what is live before it collects, and
   * pdfkit's short-lived page objects outlive the young generation, so the heap swung between
   * 70 and 200 MB and the peak RSS of a 10,000-casualty run reached 340 MB. With the generations
   * capped (CARDS_THREAD_HEAP_MB) the collector runs before the cap, and the peak no longer
   * depends on the number of cards. The drawing also leaves the thread that generates.
   */
  thread?: boolean;
}

/** Messages to and from the cards thread (cards-pdf-thread.ts). */
export type ToCardsThread = { rows: Uint8Array } | { end: true };
export type FromCardsThread = { data: Uint8Array } | { ack: true } | { finished: true } | { error: string };

/**
 * Heap caps of the cards thread (old and young generation, MB). The writer's live heap (fonts,
 * layout caches, the current page) is about 25 MB; smaller caps saved a few MB of RSS at twice
 * the time (the collector runs all the time), larger ones only let garbage grow.
 */
export const CARDS_THREAD_HEAP_MB = { old: 48, young: 8 };

class CardsPdfWriter extends Writable {
  private readonly rows = new RowLines();
  private readonly sheet: Sheet;
  private info: CardsDocInfo = { created: '1980-01-01T00:00:00Z', title: 'medgen casualty cards', subject: '', creator: 'medgen' };
  private doc: Doc | undefined;
  private cards = 0;
  /** Cards drawn on the current page (0: start a new one). */
  private slot = 0;
  private trimmed = 0;

  constructor(private readonly dest: Writable, opts: CardsPdfOptions) {
    super({ highWaterMark: 1 << 16 });
    this.sheet = SHEETS[opts.layout ?? 'a4'];
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.consume(this.rows.push(chunk)).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    (async () => {
      await this.consume(this.rows.end());
      const doc = this.open();
      if (!doc.page) {
        doc.addPage({ size: this.sheet.size, margin: 0 });
        line(doc, 'No casualties in this run.', 24, 24, this.sheet.size[0] - 48, 14, true);
      }
      doc.end();
      await this.pump(doc);
      this.dest.end();
      await finished(this.dest);
    })().then(() => cb(), cb);
  }

  private open(): Doc {
    if (this.doc) return this.doc;
    const date = new Date(this.info.created);
    const doc = new PDFDocument({
      size: this.sheet.size,
      margin: 0,
      autoFirstPage: false,
      compress: true,
      info: { Title: this.info.title, Subject: this.info.subject, Author: this.info.creator, Creator: this.info.creator, Producer: 'medgen (PDFKit)', CreationDate: date, ModDate: date },
    });
    // pdfkit's /ID is the MD5 of the info above (no clock, no randomness): fixed by the run.
    const { regular, bold } = loadFonts();
    doc.registerFont('R', regular);
    doc.registerFont('B', bold);
    this.doc = doc;
    return doc;
  }

  /**
   * Hands what pdfkit has written on to the destination, waiting while it is full. The document is
   * read in paused mode: in flowing mode its output waits in the stream's buffer for a turn of the
   * event loop that never comes while cards are drawn one after another (17 MB for 2,000 cards,
   * in thousands of small buffers), so the whole file would sit in memory.
   */
  private async pump(doc: Doc): Promise<void> {
    for (let c = doc.read() as Buffer | null; c !== null; c = doc.read() as Buffer | null) this.dest.write(c);
    if (this.dest.writableNeedDrain) await once(this.dest, 'drain');
  }

  /** Draws one card in the next place of the layout (a new page when the last one is full). */
  private place(doc: Doc, draw: (doc: Doc) => void): void {
    const s = this.sheet;
    if (this.slot === 0) {
      doc.addPage({ size: s.size, margin: 0 });
      if (s.cols * s.rows > 1) cutMarks(doc, s);
    }
    const w = s.size[0] / s.cols;
    const h = s.size[1] / s.rows;
    const col = this.slot % s.cols;
    const row = Math.floor(this.slot / s.cols);
    // The card is drawn at A4 size and scaled into its place (A-series sizes keep its shape); on a
    // sheet of several, inside a white border where the cut marks are.
    const g = s.cols * s.rows > 1 ? GUTTER : 0;
    const k = Math.min((w - 2 * g) / CARD_W, (h - 2 * g) / CARD_H);
    const x = col * w + (w - k * CARD_W) / 2;
    const y = row * h + (h - k * CARD_H) / 2;
    doc.save().rect(x, y, k * CARD_W, k * CARD_H).clip().translate(x, y).scale(k);
    draw(doc);
    doc.restore();
    this.slot = (this.slot + 1) % (s.cols * s.rows);
  }

  /**
   * Keeps pdfkit's memory flat. Its fonts cache the layout of every distinct word forever (names,
   * times, numbers: ~9 kB a card), so the caches start afresh every CACHE_CARDS cards; and the
   * page tree keeps each page's dictionary (with its content and resources objects) until the
   * end, though only its object number is written then, so a written page's entry is replaced
   * by a bare reference with that number.
   */
  private trim(doc: Doc): void {
    const internal = doc as unknown as PdfkitInternals;
    if (++this.cards % CACHE_CARDS === 0) {
      for (const font of Object.values(internal._fontFamilies)) if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
    }
    const kids = internal._root.data.Pages.data.Kids;
    // Every page but the current one has been written (pdfkit ends a page when the next starts).
    for (; this.trimmed < kids.length - 1; this.trimmed++) {
      const ref = kids[this.trimmed] as PdfRef;
      const bare = Object.create(Object.getPrototypeOf(ref) as object) as PdfRef;
      bare.id = ref.id;
      bare.gen = ref.gen;
      kids[this.trimmed] = bare;
    }
  }

  private async consume(lines: readonly string[]): Promise<void> {
    for (const l of lines) {
      if (isInfoLine(l)) {
        this.info = { ...this.info, ...infoOf<Partial<CardsDocInfo>>(l) };
        continue;
      }
      const c = JSON.parse(l) as CardData;
      const doc = this.open();
      this.place(doc, (d) => rolePlayerPage(d, c));
      this.place(doc, (d) => controllerPage(d, c));
      this.trim(doc);
      await this.pump(doc);
    }
  }
}

/** The compiled thread script; under the test runner the sources are .ts, so use the build. */
function threadUrl(): URL {
  const here = new URL('./cards-pdf-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../../dist/formats/exercise/cards-pdf-thread.js', import.meta.url);
}

/** The main side of the cards thread: rows go in, PDF bytes come back and go on to `dest`. */
class CardsPdfThreadWriter extends Writable {
  private readonly worker: Worker;
  private pending: ((err?: Error | null) => void) | undefined;
  private closing: ((err?: Error | null) => void) | undefined;
  private failed: Error | undefined;
  private done = false;

  constructor(private readonly dest: Writable, layout: CardLayout | undefined) {
    super({ highWaterMark: 1 << 16 });
    this.worker = new Worker(threadUrl(), { workerData: { layout }, resourceLimits: { maxOldGenerationSizeMb: CARDS_THREAD_HEAP_MB.old, maxYoungGenerationSizeMb: CARDS_THREAD_HEAP_MB.young } });
    this.worker.on('message', (m: FromCardsThread) => this.receive(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.done) this.fail(new Error(`the cards thread stopped (exit code ${code}) before the PDF was complete`));
    });
  }

  private receive(m: FromCardsThread): void {
    if ('data' in m) this.dest.write(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    else if ('ack' in m) {
      const cb = this.pending;
      this.pending = undefined;
      if (this.dest.writableNeedDrain) this.dest.once('drain', () => cb?.());
      else cb?.();
    } else if ('finished' in m) {
      const cb = this.closing;
      this.closing = undefined;
      this.done = true;
      this.dest.end();
      finished(this.dest).then(() => this.worker.terminate()).then(() => cb?.(), (err: Error) => cb?.(err));
    } else this.fail(new Error(m.error));
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    const cb = this.pending ?? this.closing;
    this.pending = this.closing = undefined;
    void this.worker.terminate();
    if (cb) cb(err);
    else this.destroy(err);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.failed) return cb(this.failed);
    this.pending = cb;
    this.worker.postMessage({ rows: chunk } satisfies ToCardsThread);
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.failed) return cb(this.failed);
    this.closing = cb;
    this.worker.postMessage({ end: true } satisfies ToCardsThread);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    void this.worker.terminate();
    cb(err);
  }
}

/** `cards.pdf` from `cards:rows` text, in the given layout (A4, one card per page, by default). */
export function createCardsPdfWriter(dest: Writable, opts: CardsPdfOptions = {}): Writable {
  return opts.thread ? new CardsPdfThreadWriter(dest, opts.layout) : new CardsPdfWriter(dest, opts);
}

/** The cards of one casualty as a PDF (the same pages as its pages in the run's cards.pdf). */
export async function casualtyCardsPdf(patient: Patient, info: CardsDocInfo, layout: CardLayout = 'a4'): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = createCardsPdfWriter(out, { layout });
  writer.end(`M${JSON.stringify(info)}\n${JSON.stringify(cardData(patient))}\n`);
  await Promise.all([finished(writer), finished(out)]);
  return Buffer.concat(chunks);
}
