import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { AisRegion, Facility, FinalStatus, HaemorrhageType, Patient, Triage } from '../../engine/index.js';
import { collect, type BatchFormat } from '../format.js';
import { avpuFromGcs, mechanismText, PRECEDENCE, tcccCard, vitalSets, type Avpu, type TcccCard, type VitalSet } from './reports.js';

/**
 * Casualty cards (docs/exercise-pack.md): two A4 pages per casualty, a role-player / moulage card
 * and a controller / evaluator card. Generation threads turn each patient into one line of
 * `cards:rows` (JSON, everything the two pages print); the PDF writer on the main thread draws
 * the pages as the lines arrive and hands pdfkit's output on with backpressure, so memory stays
 * flat however many cards there are. The bytes are fixed by the run: the document's dates are the
 * run's `generated_at` (the scenario's base date) and pdfkit's file ID is the MD5 of the
 * document info (dates, title, subject), so the same seed gives the same file.
 */
export const CARDS_ROWS_ID = 'cards:rows';

/** The QR code's text: the patient's uuid. */
export const qrPayload = (uuid: string): string => `medgen:patient:${uuid}`;

export type BodySpot =
  | 'head' | 'neck' | 'face' | 'chest' | 'abdomen' | 'skin'
  | 'left_arm' | 'right_arm' | 'left_leg' | 'right_leg';

export interface CardInjury {
  what: string;
  where: string;
  ais: number;
  spot: BodySpot;
  bleeding: string;
}

export interface CardVitals {
  /** `On discovery` for the first set at the point of injury, else empty. */
  label: string;
  time: string;
  /** Minutes after the injury. */
  after: number;
  facility: Facility;
  hr: number | null;
  sbp: number | null;
  rr: number | null;
  spo2: number | null;
  temp: number | null;
  gcs: number | null;
  avpu: Avpu | null;
}

export interface CardTriage {
  facility: Facility;
  time: string;
  after: number;
  algorithm: string;
  category: Triage;
  findings: string;
}

export interface CardTreatment {
  time: string;
  after: number;
  facility: Facility;
  kind: string;
  display: string;
}

/** One `cards:rows` line: what both cards of a casualty print. */
export interface CardData {
  id: number;
  uuid: string;
  name: string;
  nation: string;
  rank: string;
  unit: string;
  blood: string;
  allergies: string[];
  age: number;
  gender: string;
  service_number: string;
  injury_time: string;
  found: string;
  front: string;
  mechanism: string;
  event: string;
  mass_casualty: boolean;
  condition: string;
  injuries: CardInjury[];
  act: { conscious: string; pain: string; mobility: string; say: string[] };
  vitals: CardVitals[];
  triage: CardTriage[];
  treatments: CardTreatment[];
  precedence: string;
  legs: string[];
  outcome: { status: FinalStatus; text: string; last_facility: Facility; cause_of_death: string | null };
  tccc: TcccCard;
}

// ---------------------------------------------------------------------------------------------
// The card data (generation threads)

/** What the moulage shows by how the injury bleeds. */
export const BLEEDING: Record<HaemorrhageType, string> = {
  none: 'No bleeding',
  minor: 'Minor oozing (small dressing stops it)',
  compressible: 'Heavy bleeding, spurting: stops only with a tourniquet or direct pressure',
  junctional: 'Heavy bleeding at the groin / armpit / neck: needs wound packing and pressure',
  non_compressible: 'Internal bleeding: no visible blood; pale, sweaty, cold skin',
};

function spotOf(region: AisRegion, site: string): BodySpot {
  const s = site.toLowerCase();
  switch (region) {
    case 'head_neck': return s.includes('neck') ? 'neck' : 'head';
    case 'face': return 'face';
    case 'chest': return 'chest';
    case 'abdomen': return 'abdomen';
    case 'external': return 'skin';
    case 'extremities': {
      const side = s.includes('left') ? 'left' : 'right';
      const lower = /lower limb|leg|thigh|knee|foot|ankle|hip|femur|tibia/.test(s);
      return `${side}_${lower ? 'leg' : 'arm'}`;
    }
  }
}

const CONSCIOUS: Record<Avpu, string> = {
  A: 'Alert: eyes open, talks normally, knows who and where you are',
  V: 'Confused: answers only when spoken to, slow and muddled, repeats questions',
  P: 'Responds only to pain: groans, no words, eyes closed until pinched',
  U: 'Unresponsive: eyes closed, no sound, no movement (keep breathing slowly)',
};

const COMPLAINT: Record<BodySpot, string> = {
  head: '"My head… I feel sick, everything is spinning."',
  neck: '"My neck — I can\'t turn my head."',
  face: '"My face! I can\'t see properly."',
  chest: '"I can\'t breathe… it hurts when I breathe in."',
  abdomen: '"My stomach… it hurts so much, don\'t touch it."',
  skin: '"It burns, my skin is on fire!"',
  left_arm: '"My left arm! I can\'t move it."',
  right_arm: '"My right arm! I can\'t move it."',
  left_leg: '"My left leg! I can\'t stand on it."',
  right_leg: '"My right leg! I can\'t stand on it."',
};

const minutesAfter = (time: string, start: string): number => Math.round((Date.parse(time) - Date.parse(start)) / 60000);

function vitalRow(s: VitalSet, start: string, label: string): CardVitals {
  return {
    label, time: s.time, after: minutesAfter(s.time, start), facility: s.facility,
    hr: s.heart_rate ?? null, sbp: s.systolic_bp ?? null, rr: s.respiratory_rate ?? null, spo2: s.spo2 ?? null,
    temp: s.temperature ?? null, gcs: s.gcs ?? null, avpu: s.avpu,
  };
}

function act(p: Patient, injuries: readonly CardInjury[], first: VitalSet | undefined): CardData['act'] {
  const gcs = first?.gcs ?? p.triage_assessments[0]?.gcs ?? 15;
  const avpu = avpuFromGcs(gcs);
  const maxAis = injuries.reduce((m, i) => Math.max(m, i.ais), 0);
  const pain = avpu === 'U' ? 'No reaction to pain'
    : p.injuries.length === 0 ? `Discomfort from the illness (${p.primary_condition.display}); 3–5 of 10`
      : maxAis >= 4 ? 'Severe pain, 8–10 of 10: scream or moan, guard the wound'
        : maxAis === 3 ? 'Severe pain, 7 of 10: moan, hold the wound'
          : maxAis === 2 ? 'Moderate pain, 4–6 of 10' : 'Mild pain, 2–3 of 10';
  const poi = p.triage_assessments[0];
  const mobility = poi?.ambulatory ? 'Can walk: walking wounded, follow instructions' : 'Cannot walk: lie where you fell and wait for a litter';
  const say: string[] = [];
  if (avpu === 'A' || avpu === 'V') {
    for (const spot of new Set(injuries.map((i) => i.spot))) say.push(COMPLAINT[spot]);
    if (p.injuries.length === 0) say.push(`"I feel really ill" (${p.primary_condition.display}).`);
    if (avpu === 'V') say.push('Mix up the day and the place; ask "what happened?" again and again.');
    say.push(`When asked: "${p.demographics.rank}, ${p.demographics.family_name}, ${p.demographics.service_number}."`);
    say.push(p.allergies.length > 0 ? `Allergies, when asked: "${p.allergies.map((a) => a.display).join(', ')}."` : 'Allergies, when asked: "None."');
  } else {
    say.push(avpu === 'P' ? 'Say nothing; groan when the medic tests for pain.' : 'Say nothing.');
  }
  if (poi?.catastrophic_haemorrhage) say.push('Shout for help about the bleeding until it is stopped.');
  return { conscious: `${CONSCIOUS[avpu]} (GCS ${gcs}, AVPU ${avpu})`, pain, mobility, say };
}

const OUTCOME: Record<FinalStatus, string> = {
  KIA: 'Killed in action (died before reaching Role 1)',
  DOW: 'Died of wounds (after reaching Role 1)',
  RTD: 'Returned to duty',
  Remains_Role4: 'Remains in Role 4 care',
  Died_DNBI: 'Died (disease or non-battle injury)',
};

function findings(a: Patient['triage_assessments'][number]): string {
  const parts = [
    a.catastrophic_haemorrhage ? 'catastrophic bleed' : null,
    a.ambulatory ? 'walks' : 'cannot walk',
    a.breathing ? null : 'not breathing',
    `RR ${a.respiratory_rate}`, `HR ${a.heart_rate}`, `SBP ${a.systolic_bp}`, `GCS ${a.gcs}`,
    a.rts === null ? null : `RTS ${a.rts}`,
    a.expectant ? 'expectant' : null,
  ];
  return parts.filter((x) => x !== null).join(', ');
}

export function cardData(p: Patient): CardData {
  const start = p.injury_timestamp;
  const injuries: CardInjury[] = p.injuries.map((i) => ({
    what: i.condition.display, where: i.body_site.display, ais: i.ais, spot: spotOf(i.region, i.body_site.display), bleeding: BLEEDING[i.haemorrhage],
  }));
  const sets = vitalSets(p);
  const firstPoi = sets.find((s) => s.facility === 'POI') ?? sets[0];
  const vitals = sets.map((s) => vitalRow(s, start, s === firstPoi ? 'On discovery' : ''));
  const treatments: CardTreatment[] = p.treatment_history
    .flatMap((v) => v.treatments.map((t) => ({ time: t.time, after: minutesAfter(t.time, start), facility: v.facility, kind: t.kind, display: t.display })))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const poiTriage = p.triage_assessments[0]?.category ?? p.triage_category;
  const prec = PRECEDENCE[poiTriage];
  const legs: string[] = [];
  for (const e of p.movement_timeline) {
    if (e.event_type === 'transit_start' && e.from_facility && e.to_facility) legs.push(`${e.from_facility} → ${e.to_facility} departs ${clock(e.timestamp)} (${plus(minutesAfter(e.timestamp, start))})`);
    else if (e.event_type === 'arrival' && e.facility !== 'POI') legs.push(`arrives ${e.facility} ${clock(e.timestamp)} (${plus(minutesAfter(e.timestamp, start))})`);
  }
  const found = p.movement_timeline[0]?.timestamp ?? start;
  const d = p.demographics;
  return {
    id: p.id,
    uuid: p.uuid,
    name: `${d.family_name}, ${d.given_name}`,
    nation: p.nationality,
    rank: d.rank,
    unit: d.unit,
    blood: d.blood_type,
    allergies: p.allergies.map((a) => a.display),
    age: d.age,
    gender: p.gender,
    service_number: d.service_number,
    injury_time: start,
    found,
    front: p.front,
    mechanism: mechanismText(p),
    event: p.casualty_event_id,
    mass_casualty: p.is_mass_casualty,
    condition: p.primary_condition.display,
    injuries,
    act: act(p, injuries, firstPoi),
    vitals,
    triage: p.triage_assessments.map((a) => ({ facility: a.facility, time: a.time, after: minutesAfter(a.time, start), algorithm: a.algorithm, category: a.category, findings: findings(a) })),
    treatments,
    precedence: `${prec.code ?? ''} ${prec.text.toUpperCase()} (POI triage ${poiTriage})`,
    legs,
    outcome: { status: p.final_status, text: OUTCOME[p.final_status], last_facility: p.last_facility, cause_of_death: p.cause_of_death },
    tccc: tcccCard(p),
  };
}

const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
  for (const p of patients) emit(JSON.stringify(cardData(p)) + '\n');
};

/** The generation side of `cards.pdf`: `M{…}` (document info) then one card per line. */
export const cardsRowsFormat: BatchFormat = {
  id: CARDS_ROWS_ID,
  extension: 'cards',
  mediaType: 'application/x-ndjson',
  header: (meta) => 'M' + JSON.stringify({
    created: meta.generated_at,
    title: `${meta.scenario_name} — casualty cards`,
    subject: `seed ${meta.seed}, ${meta.scenario_hash}`,
    creator: `${meta.generator} ${meta.generator_version}`,
  } satisfies DocInfo) + '\n',
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '',
};

// ---------------------------------------------------------------------------------------------
// Drawing (main thread)

interface DocInfo {
  created: string;
  title: string;
  subject: string;
  creator: string;
}

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** DejaVu Sans (npm `dejavu-fonts-ttf`): Latin with every diacritic, Greek and Cyrillic. */
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const M = 32;
const W = PAGE_W - 2 * M;
const RED = '#c0392b';
const GREY = '#666666';
const LIGHT = '#eeeeee';

function clock(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

function plus(min: number): string {
  const m = Math.max(0, min);
  return `+${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

const num = (v: number | null): string => (v === null ? '–' : String(v));

type Doc = PDFKit.PDFDocument;

/** One line of text cut to `width` (with an ellipsis), never flowing onto a new page. */
function line(doc: Doc, text: string, x: number, y: number, width: number, size = 9, bold = false, color = '#000000'): void {
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

function rolePlayerPage(doc: Doc, c: CardData): void {
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

function controllerPage(doc: Doc, c: CardData): void {
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
const CACHE_CARDS = 1000;

/**
 * Reads `cards:rows` and writes `cards.pdf` (A4, two pages per casualty). pdfkit's output goes on
 * to `dest` chunk by chunk; a card is drawn only after `dest` has drained the previous ones.
 */
class CardsPdfWriter extends Writable {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private info: DocInfo = { created: '1980-01-01T00:00:00Z', title: 'medgen casualty cards', subject: '', creator: 'medgen' };
  private doc: Doc | undefined;
  private blocked = false;
  private cards = 0;
  private trimmed = 0;
  private ended: Promise<unknown> | undefined;

  constructor(private readonly dest: Writable) {
    super({ highWaterMark: 1 << 20 });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.consume(this.decoder.write(chunk)).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    (async () => {
      await this.consume(this.partial + this.decoder.end() + '\n');
      const doc = this.open();
      if (!doc.page) {
        doc.addPage();
        line(doc, 'No casualties in this run.', M, M, W, 14, true);
      }
      doc.end();
      await this.ended;
      this.dest.end();
      await finished(this.dest);
    })().then(() => cb(), cb);
  }

  private open(): Doc {
    if (this.doc) return this.doc;
    const date = new Date(this.info.created);
    const doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      compress: true,
      info: { Title: this.info.title, Subject: this.info.subject, Author: this.info.creator, Creator: this.info.creator, Producer: 'medgen (PDFKit)', CreationDate: date, ModDate: date },
    });
    // pdfkit's /ID is the MD5 of the info above (no clock, no randomness): fixed by the run.
    const { regular, bold } = loadFonts();
    doc.registerFont('R', regular);
    doc.registerFont('B', bold);
    doc.on('data', (c: Buffer) => {
      if (!this.dest.write(c)) this.blocked = true;
    });
    this.ended = once(doc, 'end');
    this.doc = doc;
    return doc;
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

  private async consume(text: string): Promise<void> {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) {
      if (l.length === 0) continue;
      if (l.charCodeAt(0) === 0x4d /* M */) {
        this.info = { ...this.info, ...(JSON.parse(l.slice(1)) as Partial<DocInfo>) };
        continue;
      }
      const c = JSON.parse(l) as CardData;
      const doc = this.open();
      doc.addPage();
      rolePlayerPage(doc, c);
      doc.addPage();
      controllerPage(doc, c);
      this.trim(doc);
      if (this.blocked) {
        this.blocked = false;
        if (this.dest.writableNeedDrain) await once(this.dest, 'drain');
      }
    }
  }
}

export function createCardsPdfWriter(dest: Writable): Writable {
  return new CardsPdfWriter(dest);
}
