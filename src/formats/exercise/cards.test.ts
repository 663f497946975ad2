import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../engine/index.js';
import { encodeAll, patientsOf, testRun } from '../fixtures.js';
import { cardData, cardsRowsFormat, qrPayload } from './cards.js';
import { createCardsPdfWriter } from './cards-pdf.js';

/** jsqr is CommonJS with a default export in its types: the function is the module itself under Node. */
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

const dir = mkdtempSync(join(tmpdir(), 'medgen-cards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the rows text through the writer in small chunks (split lines, split UTF-8) and returns the bytes. */
async function write(text: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer: Writable = createCardsPdfWriter(out);
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += 997) writer.write(bytes.subarray(i, i + 997));
  writer.end();
  await Promise.all([finished(writer), finished(out)]);
  return Buffer.concat(chunks);
}

/** A scenario whose fronts have Greek, Bulgarian, Turkish, Icelandic and Baltic soldiers. */
const scenario = {
  total_patients: 20,
  seed: 11,
  front_configs: [
    { id: 'south', name: 'South', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'GRC', percentage: 50 }, { nationality_code: 'BGR', percentage: 50 }] },
    { id: 'north', name: 'North', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'TUR', percentage: 34 }, { nationality_code: 'ISL', percentage: 33 }, { nationality_code: 'LTU', percentage: 33 }] },
  ],
};

/**
 * Reading the PDF back needs poppler-utils (pdfinfo, pdftotext, pdftoppm): .ci/run and the Linux
 * CI jobs install it; elsewhere (macOS, Windows) those tests skip, as the browser tests do without
 * Chromium. On Linux a missing poppler fails them.
 */
function hasPoppler(): boolean {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const poppler = hasPoppler() || process.platform === 'linux';

const pdftotext = (file: string, page?: number): string =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

/** Renders one page to a greyscale PGM and returns its pixels as RGBA for jsQR. */
function renderPage(file: string, page: number, dpi: number): { data: Uint8ClampedArray; width: number; height: number } {
  const pgm = execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), file], { maxBuffer: 1 << 26 });
  const head = pgm.subarray(0, 64).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
  if (!head) throw new Error('not a PGM');
  const width = Number(head[1]);
  const height = Number(head[2]);
  const px = pgm.subarray(head[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = px[i] as number;
    data[4 * i] = v;
    data[4 * i + 1] = v;
    data[4 * i + 2] = v;
    data[4 * i + 3] = 255;
  }
  return { data, width, height };
}

describe('casualty cards (cards.pdf)', () => {
  const run = testRun(scenario);
  const patients = patientsOf(run);
  let pdf: Buffer;
  const file = join(dir, 'cards.pdf');

  beforeAll(async () => {
    pdf = await write(encodeAll(cardsRowsFormat, run, 7).text);
    writeFileSync(file, pdf);
  });

  it.skipIf(!poppler)('has two A4 pages per casualty with every name and the first vitals', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+40\n/);
    expect(info).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    const nations = new Set(patients.map((p) => p.nationality));
    expect(nations.has('GRC') && nations.has('BGR')).toBe(true);
    const text = pdftotext(file);
    // Greek and Cyrillic letters print as themselves (the embedded font has them).
    expect(text).toMatch(/[\u0391-\u03c9]/);
    expect(text).toMatch(/[\u0410-\u044f]/);
    patients.forEach((p: Patient, i) => {
      const role = pdftotext(file, 2 * i + 1);
      const controller = pdftotext(file, 2 * i + 2);
      expect(role).toContain('ROLE-PLAYER / MOULAGE CARD');
      expect(role).toContain(`CASUALTY ${p.id}`);
      expect(role).toContain(`${p.demographics.family_name}, ${p.demographics.given_name}`);
      expect(role).toContain(p.demographics.blood_type);
      expect(controller).toContain('CONTROLLER / EVALUATOR CARD');
      expect(controller).toContain(`${p.demographics.family_name}, ${p.demographics.given_name}`);
      const first = cardData(p).vitals[0];
      if (first) {
        const row = role.split('\n').find((l) => l.trim().startsWith('On discovery'));
        expect(row, `vitals of ${p.id}`).toBeDefined();
        const cells = (row as string).trim().split(/\s+/);
        for (const v of [first.hr, first.sbp, first.rr, first.spo2, first.gcs]) if (v !== null) expect(cells).toContain(String(v));
      }
      for (const t of p.triage_assessments.slice(0, 5)) expect(controller).toContain(t.time.slice(11, 16));
      expect(controller.toLowerCase()).toContain(`outcome: ${cardData(p).outcome.text.toLowerCase()}`);
    });
  });

  it.skipIf(!poppler)('prints a QR code that decodes to the patient uuid', () => {
    for (const i of [0, 7]) {
      const img = renderPage(file, 2 * i + 1, 150);
      const code = jsQR(img.data, img.width, img.height);
      expect(code?.data).toBe(qrPayload((patients[i] as Patient).uuid));
    }
  });

  it('gives the same bytes for the same seed, whatever the batch size', async () => {
    const again = await write(encodeAll(cardsRowsFormat, run, 64).text);
    expect(again.equals(pdf)).toBe(true);
    const other = await write(encodeAll(cardsRowsFormat, testRun({ ...scenario, seed: 12 })).text);
    expect(other.equals(pdf)).toBe(false);
    const id = /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1];
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    if (!poppler) return;
    const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
    expect(info).toMatch(new RegExp(`CreationDate:\\s+${run.scenario.base_date}T00:00:00(Z|\\+00)`));
    expect(info).toMatch(new RegExp(`ModDate:\\s+${run.scenario.base_date}T00:00:00(Z|\\+00)`));
  });

  it.skipIf(!poppler)('writes one page for a run without casualties', async () => {
    const empty = await write(cardsRowsFormat.header({ ...encodeAll(cardsRowsFormat, run).meta }));
    writeFileSync(join(dir, 'empty.pdf'), empty);
    expect(execFileSync('pdfinfo', [join(dir, 'empty.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
  });

  it('renders the screenshots in docs/screenshots when asked (MEDGEN_CARD_SCREENSHOTS=1)', () => {
    if (process.env.MEDGEN_CARD_SCREENSHOTS !== '1' || !poppler) return;
    // A casualty with injuries, treatments and an evacuation shows every part of both cards.
    const full = (p: Patient): boolean => p.injuries.length >= 2 && p.movement_timeline.some((e) => e.event_type === 'transit_start');
    const greek = patients.findIndex((p) => p.injuries.length >= 1 && p.movement_timeline.some((e) => e.event_type === 'transit_start') && ['GRC', 'BGR'].includes(p.nationality));
    const i = greek >= 0 ? greek : patients.findIndex(full);
    const n = 2 * Math.max(0, i) + 1;
    for (const [page, name] of [[n, 'card-roleplayer'], [n + 1, 'card-controller']] as const) {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', file, join('docs', 'screenshots', name)]);
      expect(readFileSync(join('docs', 'screenshots', `${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });
});
