/**
 * The columns POI … R4 with transit lanes between them. React renders the skeleton once; the
 * painter then fills it in place. Only the cards inside a lane's scroll viewport exist: a
 * small pool of list items per lane (accessible text) while paused; while playing, the same
 * cards are drawn on one canvas per lane, so a frame costs no reconciliation, layout or style
 * work however many cards change.
 */
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import { outcomeShort } from '../app/format.js';
import { DIED_DNBI, isTransitLane, LANE_COUNT, LANE_LABELS, Phase, PHASE_TEXT, type Model, type Snapshot } from './engine.js';
import { OUTCOMES } from './input.js';

/** A card: the whole name on one or two lines, then triage, id, nation and state. */
const CARD_HEIGHT = 62;
const LANE_HEIGHT = 465;
const OVERSCAN = 1;
const CARD_GAP = 4;
const POOL = Math.ceil(LANE_HEIGHT / CARD_HEIGHT) + 2 * OVERSCAN + 1;
const OUTCOME_CLASS = ['kia', 'dow', 'rtd', 'remains', 'dnbi'];

function cardStatus(phase: number, outcome: number, inTransitDeath: boolean): string {
  if (phase === Phase.Outcome) return `${outcomeShort(OUTCOMES[outcome] ?? '')}${inTransitDeath ? ' in transit' : ''}`;
  if (phase === Phase.Remains) return 'Remains at Role 4';
  return PHASE_TEXT[phase as Phase];
}

/** Tallies shown in a column's header: KIA, DOW, RTD and (when there are any) disease/non-battle deaths. */
const TALLIES: { outcome: number; cls: string; label: string; title: string }[] = [
  { outcome: 0, cls: 'kia', label: 'KIA', title: 'Killed in action here (after the linger)' },
  { outcome: 1, cls: 'dow', label: 'DOW', title: 'Died of wounds here' },
  { outcome: 2, cls: 'rtd', label: 'RTD', title: 'Returned to duty here' },
  { outcome: DIED_DNBI, cls: 'dnbi', label: 'DNBI', title: 'Died of disease or a non-battle injury here' },
];

/** Opens the patient under a click or Enter: cards carry data-patient; on the canvas the row is computed. */
export type PatientPick = (index: number) => void;

/** The static structure; the painter fills it. */
export const LanesSkeleton = memo(function LanesSkeleton({ onScroll, onPick }: { onScroll: () => void; onPick: (lane: number, row: number, patient?: number) => void }) {
  const click = (lane: number) => (e: MouseEvent<HTMLDivElement>) => {
    const card = (e.target as HTMLElement).closest<HTMLElement>('li.pcard');
    const scroll = e.currentTarget;
    const y = e.clientY - scroll.getBoundingClientRect().top + scroll.scrollTop;
    onPick(lane, Math.floor(y / CARD_HEIGHT), card?.dataset.patient !== undefined ? Number(card.dataset.patient) : undefined);
  };
  const key = (lane: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    const card = (e.target as HTMLElement).closest<HTMLElement>('li.pcard');
    if ((e.key === 'Enter' || e.key === ' ') && card?.dataset.patient !== undefined) {
      e.preventDefault();
      onPick(lane, -1, Number(card.dataset.patient));
    }
  };
  return (
    <div className="lanes-wrap">
      <div className="lanes">
        {Array.from({ length: LANE_COUNT }, (_, lane) => {
          const transit = isTransitLane(lane);
          const label = LANE_LABELS[lane] as string;
          return (
            <section key={lane} className={`lane${transit ? ' transit' : ''}`} aria-label={label} data-lane={label}>
              <header>
                <h3>{transit ? <><span aria-hidden="true">⇢ </span><span className="sr-only">Transit </span>{label}</> : label}</h3>
                <div className="lane-count" data-testid={`lane-count-${lane}`}>0</div>
                {!transit && (
                  <div className="tally" data-testid={`lane-tally-${lane}`}>
                    {TALLIES.map((t) => <span key={t.cls} className={t.cls} title={t.title} hidden={t.outcome === DIED_DNBI}>{t.label} 0</span>)}
                  </div>
                )}
              </header>
              <canvas className="lane-canvas" aria-hidden="true" />
              <div className="lane-scroll" style={{ height: LANE_HEIGHT }} onScroll={onScroll} tabIndex={0} aria-label={`${label} patient list`}
                onClick={click(lane)} onKeyDown={key(lane)}>
                <ul>
                  {Array.from({ length: POOL }, (_, k) => (
                    <li key={k} className="pcard" hidden tabIndex={0} role="button">
                      <span className="pname" /><span className="pmeta"><span className="tri" /><span className="ptext" /></span>
                    </li>
                  ))}
                </ul>
              </div>
            </section>
          );
        })}
      </div>
    </div>
  );
});

interface Slot {
  li: HTMLLIElement;
  tri: HTMLSpanElement;
  name: HTMLSpanElement;
  meta: HTMLSpanElement;
  /** What the slot shows now: "index:phase:outcome@row", to skip unchanged slots. */
  key: string;
}

interface LaneDom {
  section: HTMLElement;
  count: HTMLElement;
  tally: HTMLElement[];
  scroll: HTMLElement;
  list: HTMLElement;
  canvas: HTMLCanvasElement;
  /** Canvas size in CSS pixels and the device pixel ratio, fixed when playing starts. */
  width: number;
  dpr: number;
  slots: Slot[];
  last: { count: number; tally: string; canvas: string };
}

export interface LanesPainter {
  /** Paints counts, tallies and the visible cards (as list items, or on the canvas while playing). */
  paint(model: Model, snap: Snapshot): void;
  /** The patient shown in a lane's row at the last paint, if any. */
  patientAt(lane: number, row: number): number | undefined;
  /** Switches between list items (paused) and canvas drawing (playing). */
  setPlaying(playing: boolean): void;
}

const setText = (el: HTMLElement, text: string): void => {
  if (el.textContent !== text) el.textContent = text;
};

/** Card colours by state: [background, left bar]; kept in step with styles.css. */
const CARD_COLORS: Record<string, [string, string]> = {
  '': ['#ffffff', '#94a3b8'], awaiting: ['#ffffff', '#f59e0b'], kia: ['#fdecec', '#b91c1c'], dow: ['#fff1e6', '#c2410c'],
  rtd: ['#e9f7ef', '#15803d'], remains: ['#eaf0fd', '#1d4ed8'], dnbi: ['#f3e8ff', '#6b21a8'],
};
const TRIAGE_COLORS: Record<string, [string, string]> = {
  T1: ['#fde2e2', '#7f1d1d'], T2: ['#fff1d6', '#7c2d12'], T3: ['#dff5e6', '#14532d'], T4: ['#e5e7eb', '#111827'],
};

interface CardView {
  cls: string;
  triage: string;
  name: string;
  meta: string;
}

function cardView(model: Model, snap: Snapshot, i: number): CardView | undefined {
  const p = model.patients[i];
  if (!p) return undefined;
  const phase = snap.phase[i] as number;
  const outcome = snap.outcome[i] as number;
  const deathInTransit = phase === Phase.Outcome && model.evInTransit[(model.evStart[i + 1] as number) - 1] === 1;
  return {
    cls: (phase === Phase.Outcome || phase === Phase.Remains ? OUTCOME_CLASS[outcome] : phase === Phase.Awaiting ? 'awaiting' : '') ?? '',
    triage: p.triage || '?',
    name: p.given || p.family ? `${p.given} ${p.family}` : `#${p.id}`,
    meta: `#${p.id} · ${p.nationality} · ${cardStatus(phase, outcome, deathInTransit)}`,
  };
}

function drawLane(dom: LaneDom, model: Model, snap: Snapshot, lane: number, top: number): void {
  const ctx = dom.canvas.getContext('2d');
  if (!ctx) return;
  const w = dom.width;
  ctx.setTransform(dom.dpr, 0, 0, dom.dpr, 0, 0);
  ctx.clearRect(0, 0, w, LANE_HEIGHT);
  const count = snap.laneCount[lane] as number;
  const members = snap.laneMembers[lane] as Int32Array;
  const first = Math.floor(top / CARD_HEIGHT);
  const last = Math.min(count, Math.ceil((top + LANE_HEIGHT) / CARD_HEIGHT));
  const cards: { y: number; v: CardView }[] = [];
  for (let row = first; row < last; row++) {
    const v = cardView(model, snap, members[row] as number);
    if (v) cards.push({ y: row * CARD_HEIGHT - top, v });
  }
  const h = CARD_HEIGHT - CARD_GAP;
  // Shapes first, then each text style in one pass: font changes are the costly part.
  for (const { y, v } of cards) {
    const [bg, bar] = CARD_COLORS[v.cls] ?? (CARD_COLORS[''] as [string, string]);
    ctx.fillStyle = '#d5dbe3';
    ctx.fillRect(3, y, w - 6, h);
    ctx.fillStyle = bg;
    ctx.fillRect(4, y + 1, w - 8, h - 2);
    ctx.fillStyle = bar;
    ctx.fillRect(3, y, 4, h);
    ctx.fillStyle = (TRIAGE_COLORS[v.triage] ?? ['#e5e7eb'])[0] as string;
    ctx.fillRect(11, y + 38, 22, 14);
  }
  ctx.textBaseline = 'top';
  ctx.font = NAME_FONT;
  ctx.fillStyle = '#1b2430';
  const room = w - 20;
  for (const { y, v } of cards) {
    const [a, b] = nameLines(ctx, v.name, room);
    // maxWidth narrows a line that still does not fit instead of cutting it.
    ctx.fillText(a, 11, y + 4, room);
    if (b) ctx.fillText(b, 11, y + 18, room);
  }
  ctx.font = '700 10.5px system-ui, sans-serif';
  for (const { y, v } of cards) {
    ctx.fillStyle = (TRIAGE_COLORS[v.triage] ?? ['', '#111827'])[1] as string;
    ctx.fillText(v.triage, 14, y + 40);
  }
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#5b6777';
  for (const { y, v } of cards) ctx.fillText(v.meta, 38, y + 40, w - 44);
}

const NAME_FONT = '600 11.5px system-ui, sans-serif';
const lineCache = new Map<string, [string, string]>();

/** The name on at most two lines of `width` pixels, broken between words (measured once per name and width). */
function nameLines(ctx: CanvasRenderingContext2D, name: string, width: number): [string, string] {
  const key = `${width}|${name}`;
  let lines = lineCache.get(key);
  if (lines) return lines;
  const words = name.split(' ');
  let first = words[0] ?? '';
  let k = 1;
  while (k < words.length && ctx.measureText(`${first} ${words[k]}`).width <= width) first += ` ${words[k++]}`;
  lines = [first, words.slice(k).join(' ')];
  if (lineCache.size > 20_000) lineCache.clear();
  lineCache.set(key, lines);
  return lines;
}

/** Binds to a rendered skeleton; paint() is cheap enough to call on every animation frame. */
export function createLanesPainter(root: HTMLElement): LanesPainter {
  const grid = root.querySelector('.lanes') as HTMLElement;
  const lanes: LaneDom[] = [...root.querySelectorAll<HTMLElement>('.lane')].map((section) => ({
    section,
    count: section.querySelector('.lane-count') as HTMLElement,
    tally: [...section.querySelectorAll<HTMLElement>('.tally span')],
    scroll: section.querySelector('.lane-scroll') as HTMLElement,
    list: section.querySelector('ul') as HTMLElement,
    canvas: section.querySelector('canvas') as HTMLCanvasElement,
    width: 100,
    dpr: 1,
    slots: [...section.querySelectorAll<HTMLLIElement>('li.pcard')].map((li) => ({
      li, name: li.querySelector('.pname') as HTMLSpanElement, tri: li.querySelector('.tri') as HTMLSpanElement,
      meta: li.querySelector('.ptext') as HTMLSpanElement, key: '',
    })),
    last: { count: -1, tally: '', canvas: '' },
  }));
  let playing = false;

  const paintSlots = (dom: LaneDom, model: Model, snap: Snapshot, lane: number, top: number): void => {
    const count = snap.laneCount[lane] as number;
    const first = Math.min(count, Math.max(0, Math.floor(top / CARD_HEIGHT) - OVERSCAN));
    const members = snap.laneMembers[lane] as Int32Array;
    dom.slots.forEach((slot, s) => {
      const row = first + s;
      if (row >= count) {
        if (slot.key !== '') {
          slot.key = '';
          slot.li.hidden = true;
        }
        return;
      }
      const i = members[row] as number;
      const key = `${i}:${snap.phase[i]}:${snap.outcome[i]}@${row}`;
      if (key === slot.key) return;
      const v = cardView(model, snap, i);
      if (!v) return;
      slot.key = key;
      slot.li.className = `pcard ${v.cls}`;
      slot.li.style.transform = `translateY(${row * CARD_HEIGHT}px)`;
      slot.li.hidden = false;
      slot.li.dataset.patient = String(i);
      slot.li.setAttribute('aria-label', `${v.name}, ${v.triage}, ${v.meta}: open the record`);
      slot.tri.className = `tri tri-${v.triage}`;
      setText(slot.tri, v.triage);
      if (slot.name.textContent !== v.name) {
        // A name that needs more than two lines gets a smaller font and a third line, never a cut.
        slot.name.textContent = v.name;
        slot.name.classList.remove('long');
        if (slot.name.scrollHeight > slot.name.clientHeight + 1) slot.name.classList.add('long');
      }
      setText(slot.meta, v.meta);
    });
  };

  /** What a lane's canvas shows: first visible row, and each visible card's patient and state. */
  const canvasKey = (snap: Snapshot, lane: number, top: number): string => {
    const count = snap.laneCount[lane] as number;
    const members = snap.laneMembers[lane] as Int32Array;
    const first = Math.floor(top / CARD_HEIGHT);
    const last = Math.min(count, Math.ceil((top + LANE_HEIGHT) / CARD_HEIGHT));
    let key = `${top}|`;
    for (let row = first; row < last; row++) {
      const i = members[row] as number;
      key += `${i}:${snap.phase[i]}${snap.outcome[i]},`;
    }
    return key;
  };

  let lastSnap: Snapshot | undefined;
  return {
    patientAt(lane, row) {
      if (!lastSnap || row < 0 || row >= (lastSnap.laneCount[lane] ?? 0)) return undefined;
      return lastSnap.laneMembers[lane]?.[row];
    },
    setPlaying(on) {
      if (on === playing) return;
      playing = on;
      if (on) {
        // Size each canvas to its lane once per play (one layout read for all lanes).
        const sizes = lanes.map((dom) => dom.scroll.clientWidth);
        const dpr = window.devicePixelRatio || 1;
        lanes.forEach((dom, k) => {
          dom.width = sizes[k] ?? 100;
          dom.dpr = dpr;
          dom.canvas.width = Math.round((sizes[k] ?? 100) * dpr);
          dom.canvas.height = Math.round(LANE_HEIGHT * dpr);
          dom.canvas.style.width = `${sizes[k] ?? 100}px`;
          dom.last.canvas = '';
        });
      } else {
        for (const dom of lanes) for (const slot of dom.slots) slot.key = '';
      }
      grid.classList.toggle('playing', on);
    },
    paint(model, snap) {
      lastSnap = snap;
      // All reads before any write: reading scrollTop after a write would force a layout per lane.
      const tops = lanes.map((dom) => dom.scroll.scrollTop);
      lanes.forEach((dom, lane) => {
        const count = snap.laneCount[lane] as number;
        if (dom.last.count !== count) {
          dom.last.count = count;
          setText(dom.count, String(count));
          dom.section.setAttribute('aria-label', `${LANE_LABELS[lane]}: ${count} patients`);
          dom.list.style.height = `${count * CARD_HEIGHT}px`;
        }
        if (dom.tally.length === TALLIES.length) {
          const t = snap.tally[lane] as Int32Array;
          const sig = TALLIES.map((x) => t[x.outcome]).join(',');
          if (sig !== dom.last.tally) {
            dom.last.tally = sig;
            TALLIES.forEach((x, k) => {
              const el = dom.tally[k] as HTMLElement;
              const n = t[x.outcome] as number;
              setText(el, `${x.label} ${n}`);
              if (x.outcome === DIED_DNBI) el.hidden = n === 0;
            });
          }
        }
        const top = tops[lane] ?? 0;
        if (!playing) {
          paintSlots(dom, model, snap, lane, top);
          return;
        }
        const key = canvasKey(snap, lane, top);
        if (key === dom.last.canvas) return;
        dom.last.canvas = key;
        drawLane(dom, model, snap, lane, top);
      });
    },
  };
}
