import type { AisRegion, Facility, FinalStatus, HaemorrhageType, Patient, Triage } from '../../engine/index.js';
import { collect, type BatchFormat } from '../format.js';
import { avpuFromGcs, mechanismText, PRECEDENCE, tcccCard, vitalSets, type Avpu, type TcccCard, type VitalSet } from './reports.js';

/**
 * Casualty cards (docs/exercise-pack.md): per casualty a role-player / moulage card and a
 * controller / evaluator card. Generation threads turn each patient into one line of
 * `cards:rows` (JSON, everything the two cards print; this module, without the PDF library);
 * the PDF writer on the main thread (cards-pdf.ts) draws the cards as the lines arrive.
 */
export const CARDS_ROWS_ID = 'cards:rows';

/** Card layouts of cards.pdf: one card per A4, A5 or A6 page, or 2 (A5) or 4 (A6) cards per A4 sheet with cut marks. */
export const CARD_LAYOUTS = ['a4', 'a4-2up', 'a4-4up', 'a5', 'a6'] as const;
export type CardLayout = (typeof CARD_LAYOUTS)[number];
export const CARD_LAYOUT_RULE = `one of ${CARD_LAYOUTS.join(', ')}`;

export function isCardLayout(v: unknown): v is CardLayout {
  return typeof v === 'string' && (CARD_LAYOUTS as readonly string[]).includes(v);
}

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
// The card data (encoder threads)

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

/** `2024-03-01 14:05Z` */
export function clock(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** `+h:mm` after the injury. */
export function plus(min: number): string {
  const m = Math.max(0, min);
  return `+${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

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
  } satisfies CardsDocInfo) + '\n',
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '',
};

/** The `M` line of `cards:rows`: the PDF's document information. */
export interface CardsDocInfo {
  created: string;
  title: string;
  subject: string;
  creator: string;
}
