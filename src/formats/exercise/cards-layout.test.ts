import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../engine/index.js';
import { encodeAll, patientsOf, testRun } from '../fixtures.js';
import { CARD_LAYOUTS, cardData, cardsRowsFormat, type CardLayout } from './cards.js';
import { cardsPerPage, createCardsPdfWriter } from './cards-pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'medgen-card-layouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bytes(text: string, layout: CardLayout, thread = false): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = createCardsPdfWriter(out, { layout, thread });
  // In pieces, as the pipeline hands them over (the thread gets one message per write).
  for (let i = 0; i < text.length; i += 5000) writer.write(text.slice(i, i + 5000));
  writer.end();
  await Promise.all([finished(writer), finished(out)]);
  return Buffer.concat(chunks);
}

async function pdf(text: string, layout: CardLayout): Promise<string> {
  const file = join(dir, `${layout}.pdf`);
  writeFileSync(file, await bytes(text, layout));
  return file;
}

/** Page size in points (portrait width × height, or landscape for 2-up) and the page-size name pdfinfo prints. */
const PAGE: Record<CardLayout, [number, number, string]> = {
  a4: [595, 842, 'A4'], a5: [420, 595, 'A5'], a6: [298, 420, 'A6'], 'a4-2up': [842, 595, 'A4'], 'a4-4up': [595, 842, 'A4'],
};
const GRID: Record<CardLayout, [number, number]> = { a4: [1, 1], a5: [1, 1], a6: [1, 1], 'a4-2up': [2, 1], 'a4-4up': [2, 2] };

/** The text of one card: pdftotext cropped to the card's place on its page (72 dpi: pixels are points). */
function cardText(file: string, layout: CardLayout, card: number): string {
  const [w, h] = PAGE[layout];
  const [cols, rows] = GRID[layout];
  const per = cols * rows;
  const page = Math.floor(card / per) + 1;
  const slot = card % per;
  const cw = Math.floor(w / cols);
  const ch = Math.floor(h / rows);
  return execFileSync('pdftotext', [
    '-f', String(page), '-l', String(page), '-layout', '-enc', 'UTF-8',
    '-x', String((slot % cols) * cw), '-y', String(Math.floor(slot / cols) * ch), '-W', String(cw), '-H', String(ch), file, '-',
  ], { encoding: 'utf8' });
}

describe('card layouts', () => {
  // Greek, Bulgarian and Icelandic names: the small layouts must still print every script.
  const run = testRun({
    total_patients: 7, seed: 21,
    front_configs: [{ id: 'f', name: 'F', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'GRC', percentage: 40 }, { nationality_code: 'BGR', percentage: 30 }, { nationality_code: 'ISL', percentage: 30 }] }],
  });
  const patients = patientsOf(run);
  const rows = encodeAll(cardsRowsFormat, run).text;

  for (const layout of CARD_LAYOUTS) {
    it(`${layout}: page count and size, and every card's name, number and vitals row readable`, async () => {
      const file = await pdf(rows, layout);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const [w, h, name] = PAGE[layout];
      expect(info).toMatch(new RegExp(`Pages:\\s+${Math.ceil((2 * patients.length) / cardsPerPage(layout))}\\n`));
      const size = /Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/.exec(info);
      expect([Math.round(Number(size?.[1])), Math.round(Number(size?.[2]))]).toEqual([w, h]);
      if (name === 'A4') expect(size?.[3]).toBe('A4');
      patients.forEach((p: Patient, i) => {
        const role = cardText(file, layout, 2 * i);
        const controller = cardText(file, layout, 2 * i + 1);
        const full = `${p.demographics.family_name}, ${p.demographics.given_name}`;
        expect(role).toContain('ROLE-PLAYER / MOULAGE CARD');
        expect(role).toContain(`CASUALTY ${p.id}`);
        expect(role).toContain(full);
        expect(controller).toContain('CONTROLLER / EVALUATOR CARD');
        expect(controller).toContain(full);
        const first = cardData(p).vitals[0];
        if (!first) return;
        expect(role).toMatch(/When\s+Time \(UTC\)\s+Where\s+HR\s+SBP\s+RR/);
        const row = role.split('\n').find((l) => l.trim().startsWith('On discovery'));
        expect(row, `vitals of ${p.id} in ${layout}`).toBeDefined();
        const cells = (row as string).trim().split(/\s+/);
        for (const v of [first.hr, first.sbp, first.rr, first.spo2, first.gcs]) if (v !== null) expect(cells).toContain(String(v));
      });
    });
  }

  it('draws the same bytes in the cards thread (a run\'s cards.pdf; loads dist/) as on the calling thread', async () => {
    for (const layout of ['a4', 'a4-4up'] as const) expect((await bytes(rows, layout, true)).equals(await bytes(rows, layout)), layout).toBe(true);
  });

  it('draws cut marks in the white border between the cards of a sheet', async () => {
    /** Dark pixels (72 dpi) in a box of page 1. */
    const dark = (file: string, x: number, y: number, w: number, h: number): number => {
      const pgm = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', '-x', String(x), '-y', String(y), '-W', String(w), '-H', String(h), file]);
      const head = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 32).toString('latin1'));
      return [...pgm.subarray(head?.[0].length ?? 0)].filter((v) => v < 128).length;
    };
    for (const layout of ['a4-2up', 'a4-4up'] as const) {
      const file = await pdf(rows, layout);
      const mid = Math.round(PAGE[layout][0] / 2);
      // The tick at the top of the vertical cut, and white border beside it.
      expect(dark(file, mid - 2, 0, 5, 8), layout).toBeGreaterThan(0);
      expect(dark(file, mid - 11, 0, 6, 8), layout).toBe(0);
    }
    const [w, h] = PAGE['a4-4up'];
    // The cross where the two cuts of the 4-up sheet meet.
    expect(dark(await pdf(rows, 'a4-4up'), Math.round(w / 2) - 8, Math.round(h / 2) - 1, 16, 3)).toBeGreaterThan(8);
  });
});
