import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import { clock, plus, qrPayload, type BodySpot, type CardData, type CardInjury } from './cards.js';

/**
 * The two cards of a casualty drawn with pdfkit on a card of A4 size (595 × 842 pt): the PDF
 * writer (cards-pdf.ts) places and scales this card for the A5 and A6 layouts and the sheets of
 * 2 or 4 cards. Every text is cut to its box (never flowing onto a new page) and every table
 * keeps to the rows that fit, so a card always stays one card.
 */

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** DejaVu Sans (npm `dejavu-fonts-ttf`): Latin with every diacritic, Greek and Cyrillic. */
export function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/** The card's design size: A4 portrait, in points. */
export const CARD_W = 595.28;
export const CARD_H = 841.89;
const PAGE_W = CARD_W;
const PAGE_H = CARD_H;
const M = 32;
const W = PAGE_W - 2 * M;
const RED = '#c0392b';
const GREY = '#666666';
const LIGHT = '#eeeeee';

const num = (v: number | null): string => (v === null ? '–' : String(v));

export type Doc = PDFKit.PDFDocument;

/** One line of text cut to `width` (with an ellipsis), never flowing onto a new page. */
export function line(doc: Doc, text: string, x: number, y: number, width: number, size = 9, bold = false, color = '#000000'): void {
  doc.font(bold ? 'B' : 'R').fontSize(size).fillColor(color).text(text, x, y, { width, height: size * 1.25, ellipsis: true, lineGap: 0 });
}

/** Wrapped text in a box of `lines` lines at most; returns the height used. */
function para(doc: Doc, text: string, x: number, y: number, width: number, lines: number, size = 9): number {
  doc.font('R').fontSize(size).fillColor('#000000');
  const h = Math.min(doc.heightOfString(text, { width }), lines * size * 1.2);
  doc.text(text, x, y, { width, height: lines * size * 1.2, ellipsis: true });
  return h;
}

function heading(doc: Doc, text: string, y: number): number {
  doc.rect(M, y, W, 14).fill(LIGHT);
  line(doc, text.toUpperCase(), M + 4, y + 3, W - 8, 8.5, true);
  return y + 18;
}

function banner(doc: Doc, c: CardData, title: string, color: string): void {
  doc.rect(0, 0, PAGE_W, 54).fill(color);
  line(doc, title, M, 12, 330, 13, true, '#ffffff');
  line(doc, 'EXERCISE — EXERCISE — EXERCISE', M, 32, 330, 9, false, '#ffffff');
  doc.font('B').fontSize(20).fillColor('#ffffff').text(`CASUALTY ${c.id}`, PAGE_W - M - 220, 14, { width: 220, align: 'right', height: 25, ellipsis: true });
}

/** A table: header, then rows; each cell cut to its column. Returns y after the last row. */
function table(doc: Doc, y: number, cols: readonly { title: string; width: number }[], rows: readonly string[][], size = 8): number {
  let x = M;
  doc.rect(M, y, W, size + 6).fill(LIGHT);
  for (const c of cols) {
    line(doc, c.title, x + 2, y + 3, c.width - 4, size, true);
    x += c.width;
  }
  y += size + 6;
  for (const r of rows) {
    x = M;
    cols.forEach((c, i) => {
      line(doc, r[i] ?? '', x + 2, y + 2, c.width - 4, size);
      x += c.width;
    });
    y += size + 5;
    doc.moveTo(M, y).lineTo(M + W, y).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
  }
  return y + 4;
}

/** At most `max` rows; the last says how many more there are. */
function capped<T>(rows: readonly T[], max: number, more: (n: number) => T): T[] {
  return rows.length <= max ? [...rows] : [...rows.slice(0, max - 1), more(rows.length - max + 1)];
}

function qr(doc: Doc, payload: string, x: number, y: number, size: number): void {
  const code = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) {
    if (code.modules.get(r, col)) doc.rect(x + (col + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  }
  doc.fill('#000000');
}

/** Where each spot is on a figure 80 wide and 200 high (front view: the casualty's right is on the viewer's left). */
const SPOT_XY: Record<BodySpot, [number, number]> = {
  head: [40, 12], face: [40, 18], neck: [40, 30], chest: [40, 47], abdomen: [40, 78], skin: [50, 60],
  right_arm: [14, 70], left_arm: [66, 70], right_leg: [31, 140], left_leg: [49, 140],
};

function figure(doc: Doc, x: number, y: number, s: number, label: string, back: boolean, injuries: readonly CardInjury[]): void {
  const X = (v: number): number => x + v * s;
  const Y = (v: number): number => y + v * s;
  const skin = injuries.some((i) => i.spot === 'skin');
  doc.lineWidth(1).strokeColor(skin ? '#e67e22' : '#333333');
  doc.circle(X(40), Y(15), 12 * s).stroke();
  doc.rect(X(35), Y(27), 10 * s, 6 * s).stroke();
  doc.roundedRect(X(22), Y(33), 36 * s, 30 * s, 4 * s).stroke();
  doc.roundedRect(X(24), Y(63), 32 * s, 32 * s, 4 * s).stroke();
  doc.roundedRect(X(8), Y(35), 12 * s, 62 * s, 5 * s).stroke();
  doc.roundedRect(X(60), Y(35), 12 * s, 62 * s, 5 * s).stroke();
  doc.roundedRect(X(24), Y(95), 14 * s, 100 * s, 5 * s).stroke();
  doc.roundedRect(X(42), Y(95), 14 * s, 100 * s, 5 * s).stroke();
  line(doc, label, x - 10, Y(200) + 3, 100 * s + 20, 8, true, GREY);
  line(doc, back ? 'L            R' : 'R            L', x, Y(-12), 80 * s, 7, false, GREY);
  injuries.forEach((inj, i) => {
    if (back && inj.spot === 'face') return;
    const [x0, sy] = SPOT_XY[inj.spot];
    // Mirrored on the back: there the casualty's right is on the viewer's right. Marks on one spot fan out.
    const sx = (back && inj.spot.includes('_') ? 80 - x0 : x0) + (i % 3) * 4 - 4;
    if (back) doc.circle(X(sx), Y(sy), 6).lineWidth(1.5).strokeColor(RED).stroke();
    else doc.circle(X(sx), Y(sy), 6).fill(RED);
    line(doc, String(i + 1), X(sx) - 6, Y(sy) - 3.5, 12, 6.5, true, back ? RED : '#ffffff');
  });
}

export function rolePlayerPage(doc: Doc, c: CardData): void {
  banner(doc, c, 'ROLE-PLAYER / MOULAGE CARD', '#1f4e79');
  qr(doc, qrPayload(c.uuid), PAGE_W - M - 84, 62, 84);
  let y = 66;
  line(doc, c.name, M, y, W - 100, 16, true);
  y += 24;
  const id: [string, string][] = [
    ['Nation', c.nation], ['Rank', c.rank], ['Unit', c.unit], ['Blood group', c.blood],
    ['Allergies', c.allergies.length > 0 ? c.allergies.join(', ') : 'None known'],
    ['Age / sex', `${c.age} / ${c.gender}`], ['Service no.', c.service_number],
  ];
  for (const [k, v] of id) {
    line(doc, k, M, y, 80, 9, true, GREY);
    line(doc, v, M + 80, y, W - 190, 9);
    y += 12;
  }
  y = Math.max(y, 150) + 4;
  y = heading(doc, 'Situation', y);
  line(doc, `Injured ${clock(c.injury_time)}   found ${clock(c.found)}   front: ${c.front}`, M, y, W, 9);
  line(doc, `${c.mechanism}${c.mass_casualty ? ' — mass-casualty event ' + c.event : ''}`, M, y + 12, W, 9);
  y = heading(doc, 'Body diagram (red = injury number below; filled front, ring back)', y + 28);
  const figTop = y + 12;
  figure(doc, M + 20, figTop, 0.8, 'FRONT', false, c.injuries);
  figure(doc, M + 120, figTop, 0.8, 'BACK', true, c.injuries);
  // Moulage beside the figures
  const mx = M + 215;
  const mw = W - 215;
  let my = y;
  line(doc, 'MOULAGE', mx, my, mw, 9, true);
  my += 13;
  if (c.injuries.length === 0) {
    my += para(doc, `No wounds. Illness: ${c.condition}. Make-up: ${/heat|fever|infect/i.test(c.condition) ? 'flushed, sweaty skin' : 'pale, tired'}.`, mx, my, mw, 3) + 4;
  }
  for (const [i, inj] of c.injuries.slice(0, 6).entries()) {
    line(doc, `${i + 1}. ${inj.what} (AIS ${inj.ais})`, mx, my, mw, 8.5, true);
    line(doc, `Where: ${inj.where}`, mx + 10, my + 11, mw - 10, 8);
    my += 22;
    my += para(doc, `Bleeding: ${inj.bleeding}`, mx + 10, my, mw - 10, 2, 8) + 4;
  }
  if (c.injuries.length > 6) line(doc, `… and ${c.injuries.length - 6} more (see the controller card)`, mx, my, mw, 8, false, GREY);
  y = Math.max(figTop + 180, my) + 6;
  y = heading(doc, 'How to act', y);
  const acts: [string, string][] = [['Conscious', c.act.conscious], ['Pain', c.act.pain], ['Mobility', c.act.mobility]];
  for (const [k, v] of acts) {
    line(doc, k, M, y, 70, 9, true, GREY);
    line(doc, v, M + 70, y, W - 70, 9);
    y += 12;
  }
  line(doc, 'Say', M, y, 70, 9, true, GREY);
  y += para(doc, c.act.say.join('  '), M + 70, y, W - 70, 4) + 6;
  y = heading(doc, 'Vitals to give the medic', y);
  const cols = [
    { title: 'When', width: 80 }, { title: 'Time (UTC)', width: 100 }, { title: 'Where', width: 40 }, { title: 'HR', width: 35 },
    { title: 'SBP', width: 35 }, { title: 'RR', width: 35 }, { title: 'SpO2 %', width: 45 }, { title: 'Temp °C', width: 45 },
    { title: 'GCS', width: 35 }, { title: 'AVPU', width: W - 450 },
  ];
  const room = Math.max(1, Math.floor((PAGE_H - M - y - 14) / 13));
  const rows = capped(
    c.vitals.map((v) => [v.label || plus(v.after), clock(v.time), v.facility, num(v.hr), num(v.sbp), num(v.rr), num(v.spo2), num(v.temp), num(v.gcs), v.avpu ?? '–']),
    room,
    (n) => [`… ${n} more`, '', '', '', '', '', '', '', '', ''],
  );
  table(doc, y, cols, rows.length > 0 ? rows : [['No vitals recorded', '', '', '', '', '', '', '', '', '']]);
}

export function controllerPage(doc: Doc, c: CardData): void {
  banner(doc, c, 'CONTROLLER / EVALUATOR CARD', '#7b241c');
  let y = 64;
  line(doc, `${c.name} — ${c.rank}, ${c.nation}`, M, y, W, 13, true);
  line(doc, `Injured ${clock(c.injury_time)}, ${c.front}: ${c.mechanism}. ${c.injuries.map((i) => `${i.what}, ${i.where} (AIS ${i.ais})`).join('; ') || c.condition}`, M, y + 18, W, 8.5);
  y += 36;
  y = heading(doc, 'Expected triage at each role', y);
  y = table(doc, y, [
    { title: 'Role', width: 35 }, { title: 'Time (UTC)', width: 95 }, { title: 'After', width: 40 }, { title: 'Method', width: 40 },
    { title: 'Cat.', width: 30 }, { title: 'Findings', width: W - 240 },
  ], capped(c.triage.map((t) => [t.facility, clock(t.time), plus(t.after), t.algorithm, t.category, t.findings]), 6, (n) => [`… ${n} more`, '', '', '', '', '']));
  y = heading(doc, `Evacuation precedence: ${c.precedence}`, y);
  y += para(doc, c.legs.length > 0 ? c.legs.join(';  ') : 'No evacuation from the point of injury.', M, y, W, 3, 8) + 6;
  y = heading(doc, `Outcome: ${c.outcome.text}`, y);
  line(doc, `Last facility ${c.outcome.last_facility}${c.outcome.cause_of_death ? `; cause of death: ${c.outcome.cause_of_death}` : ''}`, M, y, W, 8.5);
  y += 16;
  y = heading(doc, 'Expected treatments (time after injury is the time limit)', y);
  y = table(doc, y, [
    { title: 'After', width: 45 }, { title: 'Time (UTC)', width: 95 }, { title: 'Role', width: 35 }, { title: 'Kind', width: 65 }, { title: 'Treatment', width: W - 240 },
  ], capped(c.treatments.map((t) => [plus(t.after), clock(t.time), t.facility, t.kind, t.display]), 16, (n) => [`… ${n} more`, '', '', '', '']), 7.5);
  y = heading(doc, 'TCCC casualty card (DD 1380)', y);
  const t = c.tccc;
  const fields: [string, string][] = [
    ['Name / service no.', `${t.name} / ${t.service_number}`],
    ['Nationality / sex', `${t.nationality} / ${t.gender}`],
    ['Date / time', `${t.date} ${t.time}`],
    ['Unit', t.unit],
    ['Allergies', t.allergies.join(', ')],
    ['Evac category', t.evacuation_category],
    ['Mechanism', t.mechanism.join(', ')],
    ['Injuries', t.injuries.map((i) => `${i.description} (${i.body_site})`).join('; ') || 'None'],
    ['Tourniquets', t.tourniquets.map((q) => `${q.site} ${q.time.slice(11, 16)}Z`).join('; ') || 'None'],
    ['Signs', t.vitals.slice(0, 4).map((v) => `${v.time.slice(11, 16)}Z HR ${num(v.heart_rate ?? null)} BP ${num(v.systolic_bp ?? null)} RR ${num(v.respiratory_rate ?? null)} SpO2 ${num(v.spo2 ?? null)} AVPU ${v.avpu ?? '–'}`).join(' | ') || 'None'],
    ['Treatments', t.treatments.map((x) => `${x.group} (${x.time.slice(11, 16)}Z)`).join('; ') || 'None'],
    ['Medications', t.medications.map((x) => `${x.display} ${x.time.slice(11, 16)}Z`).join('; ') || 'None'],
  ];
  for (const [k, v] of fields) {
    if (y > PAGE_H - M - 12) break;
    line(doc, k, M, y, 105, 8, true, GREY);
    line(doc, v, M + 105, y, W - 105, 8);
    y += 11;
  }
}
