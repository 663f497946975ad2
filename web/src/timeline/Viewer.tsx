/**
 * Playback of a loaded model: controls, keyboard, stats, filters and the lanes. While playing,
 * each animation frame computes the snapshot and paints the clock, the stats and the lanes in
 * place; React re-renders only for control changes (and a few times a second for the rest).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { injuryTypeLabel, outcomeLabel, scenarioDateTime } from '../app/format.js';
import { fmtInt } from '../app/ui.js';
import {
  clockLabel, computeSnapshot, createSnapshot, DEFAULT_LINGER_HOURS, DIED_DNBI, nextMassCasualty, TRIAGES, type Model, type Snapshot,
} from './engine.js';
import type { ViewerPatient } from './input.js';
import { filterMask, filterOptions, isFiltering, NO_FILTERS, type Filters } from './filters.js';
import { createLanesPainter, LanesSkeleton, type LanesPainter } from './Lanes.js';

export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 30, 60];
/** How often React state follows the clock while playing (the painter runs every frame). */
const REACT_SYNC_MS = 250;

const FILTER_LABELS: Record<keyof Omit<Filters, 'search'>, string> = {
  nation: 'Nation', triage: 'Triage', injuryType: 'Injury type', status: 'Final status', front: 'Front',
};
/** How a filter's values read in its menu (the codes stay the values). */
const FILTER_VALUE: Partial<Record<keyof Filters, (v: string) => string>> = { injuryType: injuryTypeLabel, status: outcomeLabel };

/** Typed time in hours, applied on Enter or when leaving the field. */
function TimeInput({ hour, onSeek }: { hour: number; onSeek: (h: number) => void }) {
  const [text, setText] = useState<string | null>(null);
  const apply = () => {
    const v = Number(text);
    if (text !== null && text.trim() !== '' && Number.isFinite(v)) onSeek(v);
    setText(null);
  };
  return (
    <label>Go to hour <input type="text" inputMode="decimal" className="narrow" data-testid="time-input" value={text ?? String(hour)}
      onChange={(e) => setText(e.target.value)} onBlur={apply} onKeyDown={(e) => { if (e.key === 'Enter') apply(); }} /></label>
  );
}

const int = (n: number): string => (n < 1000 ? String(n) : fmtInt(n));
const statElements = new WeakMap<HTMLElement, HTMLElement[]>();

/** Writes the frame's numbers into the stats and clock elements (found by data-stat, once). */
function paintStats(root: HTMLElement, snap: Snapshot, t: number, originMs: number): void {
  let els = statElements.get(root);
  if (!els) {
    els = [...root.querySelectorAll<HTMLElement>('[data-stat]')];
    statElements.set(root, els);
  }
  for (const el of els) {
    const k = el.dataset.stat as string;
    let v: string;
    switch (k) {
      case 'clock': v = clockLabel(t); break;
      case 'date': v = scenarioDateTime(originMs, t); break;
      case 'hours': v = `(${Math.round(t * 100) / 100} h)`; break;
      case 'injured': v = int(snap.injured); break;
      case 'total': v = int(snap.total); break;
      case 'active': v = int(snap.active); break;
      default: {
        const o = OUTCOME_KEYS.indexOf(k.replace('-final', ''));
        if (o >= 0) v = int((k.endsWith('-final') ? snap.outcomesFinal : snap.outcomesSoFar)[o] as number);
        else {
          const tri = TRIAGES.indexOf(k as (typeof TRIAGES)[number]);
          v = tri >= 0 ? `${k} ${snap.activeByTriage[tri]}` : '';
        }
      }
    }
    if (el.textContent !== v) el.textContent = v;
  }
}

/** data-stat names of the outcomes, by OUTCOMES index. */
const OUTCOME_KEYS = ['kia', 'dow', 'rtd', 'remains', 'dnbi'];

export function Viewer({ model, onOpenPatient }: { model: Model; onOpenPatient?: (p: ViewerPatient) => void }) {
  const [t, setT] = useState(model.start);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [loop, setLoop] = useState(false);
  const [linger, setLinger] = useState(DEFAULT_LINGER_HOURS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [fps, setFps] = useState(0);
  const snap = useMemo(() => createSnapshot(model), [model]);
  const options = useMemo(() => filterOptions(model.patients), [model]);
  const mask = useMemo(() => (isFiltering(filters) ? filterMask(model.patients, filters) : undefined), [model, filters]);
  const tRef = useRef(model.start);
  const settings = useRef({ linger, mask });
  settings.current = { linger, mask };
  const root = useRef<HTMLDivElement>(null);
  const scrubber = useRef<HTMLInputElement>(null);
  const painter = useRef<LanesPainter | null>(null);
  const end = Math.max(model.end, model.start + 1);

  const paint = useCallback(() => {
    const el = root.current;
    if (!el) return;
    computeSnapshot(model, tRef.current, snap, settings.current.linger, settings.current.mask);
    painter.current ??= createLanesPainter(el);
    painter.current.paint(model, snap);
    paintStats(el, snap, tRef.current, model.originMs);
    if (scrubber.current && document.activeElement !== scrubber.current) scrubber.current.value = String(tRef.current);
  }, [model, snap]);

  useEffect(() => {
    paint();
  }, [paint, linger, mask]);

  const seek = useCallback((to: number) => {
    const next = Math.max(model.start, Math.min(end, to));
    tRef.current = next;
    setT(next);
    paint();
  }, [model.start, end, paint]);

  useEffect(() => {
    if (!playing) return;
    const el = root.current;
    if (el) {
      painter.current ??= createLanesPainter(el);
      painter.current.setPlaying(true);
    }
    let raf = 0;
    let last = performance.now();
    let frames = 0;
    let windowStart = last;
    let synced = last;
    const tick = (now: number) => {
      const dt = Math.min(0.25, (now - last) / 1000);
      last = now;
      let next = tRef.current + dt * speed;
      let stop = false;
      if (next >= end) {
        if (loop) next = model.start;
        else {
          next = end;
          stop = true;
        }
      }
      tRef.current = next;
      paint();
      frames++;
      if (now - windowStart >= 1000) {
        setFps(Math.round((frames * 1000) / (now - windowStart)));
        frames = 0;
        windowStart = now;
      }
      if (stop) {
        paint();
        setT(next);
        setPlaying(false);
        return;
      }
      if (now - synced >= REACT_SYNC_MS) {
        synced = now;
        setT(next);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      painter.current?.setPlaying(false);
      paint();
      setT(tRef.current);
    };
  }, [playing, speed, loop, end, model.start, paint]);

  const jumpMc = useCallback(() => {
    const next = nextMassCasualty(model, tRef.current);
    if (next !== undefined) seek(next);
  }, [model, seek]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName) && !(target instanceof HTMLInputElement && target.type === 'range')) return;
      const step = e.shiftKey ? 6 : 1;
      if (e.key === ' ') { e.preventDefault(); setPlaying((p) => !p); }
      else if (e.key === 'ArrowRight') { e.preventDefault(); seek(tRef.current + step); }
      else if (e.key === 'ArrowLeft') { e.preventDefault(); seek(tRef.current - step); }
      else if (e.key === 'Home') { e.preventDefault(); seek(model.start); }
      else if (e.key === 'End') { e.preventDefault(); seek(end); }
      else if (e.key === 'm' || e.key === 'M') jumpMc();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [seek, jumpMc, model.start, end]);

  const playingRef = useRef(playing);
  playingRef.current = playing;
  const onLaneScroll = useCallback(() => { if (!playingRef.current) paint(); }, [paint]);
  const hour = Math.round(t * 100) / 100;
  const hasDnbi = useMemo(() => model.finalOutcome.includes(DIED_DNBI), [model]);
  const openRef = useRef(onOpenPatient);
  openRef.current = onOpenPatient;
  const onPick = useCallback((lane: number, row: number, index?: number) => {
    const i = index ?? painter.current?.patientAt(lane, row);
    const p = i === undefined ? undefined : model.patients[i];
    if (p) openRef.current?.(p);
  }, [model]);
  return (
    <div className="viewer" data-fps={fps} ref={root}>
      <div className="card controls" role="group" aria-label="Playback">
        <button type="button" className="primary" onClick={() => setPlaying((p) => !p)} aria-pressed={playing}>{playing ? '❚❚ Pause' : '▶ Play'}</button>
        <button type="button" onClick={() => { setPlaying(false); seek(model.start); }}>↺ Reset</button>
        <label className="check"><input type="checkbox" checked={loop} onChange={(e) => setLoop(e.target.checked)} />Loop</label>
        <label>Speed <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Playback speed (1× = one scenario hour per second)">
          {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
        </select></label>
        <button type="button" onClick={jumpMc} disabled={nextMassCasualty(model, t) === undefined} title="Shortcut: M">Next mass casualty</button>
        <label title="How long a patient stays on screen at the facility after dying or returning to duty, before moving into its tally">
          Show outcomes for <input type="number" min={0} step={0.5} value={linger} className="narrow" onChange={(e) => setLinger(Math.max(0, Number(e.target.value) || 0))} /> hours
        </label>
        <div className="clock"><strong data-testid="clock" data-stat="clock" /> <span data-testid="clock-date" data-stat="date" /> <span className="small" data-stat="hours" /></div>
        <TimeInput hour={hour} onSeek={seek} />
        <input ref={scrubber} type="range" className="scrubber" min={model.start} max={end} step={0.01} defaultValue={model.start} aria-label="Scenario time"
          aria-valuetext={clockLabel(t)} onChange={(e) => seek(Number(e.target.value))} />
        <p className="small hint">Keys: space play/pause · ←/→ one hour (Shift: six) · Home/End · M next mass casualty. {playing && fps > 0 ? `${fps} frames/s` : ''}</p>
      </div>

      <div className="stats card" aria-label="Counts at this time">
        <div><span className="stat-label">Injured</span> <strong data-testid="stat-injured" data-stat="injured" /> / <span data-stat="total" /></div>
        <div><span className="stat-label">Active</span> <strong data-testid="stat-active" data-stat="active" /></div>
        <div className="kia"><span className="stat-label">KIA</span> <strong data-testid="stat-kia" data-stat="kia" /> / <span data-stat="kia-final" /></div>
        <div className="dow"><span className="stat-label">DOW</span> <strong data-testid="stat-dow" data-stat="dow" /> / <span data-stat="dow-final" /></div>
        <div className="rtd"><span className="stat-label">RTD</span> <strong data-testid="stat-rtd" data-stat="rtd" /> / <span data-stat="rtd-final" /></div>
        <div className="remains"><span className="stat-label">Remains at Role 4</span> <strong data-testid="stat-remains" data-stat="remains" /> / <span data-stat="remains-final" /></div>
        {hasDnbi && <div className="dnbi"><span className="stat-label">Died (disease/non-battle)</span> <strong data-testid="stat-dnbi" data-stat="dnbi" /> / <span data-stat="dnbi-final" /></div>}
        <div className="triage-stats">
          <span className="stat-label">Active by triage</span>{' '}
          {TRIAGES.map((tri) => <span key={tri} className={`tri tri-${tri}`} data-testid={`stat-${tri}`} data-stat={tri} />)}
        </div>
      </div>

      <details className="filters card" open={isFiltering(filters)}>
        <summary>Filters{mask ? ` — showing ${fmtInt(mask.reduce((a, b) => a + b, 0))} of ${fmtInt(model.count)} patients` : ''}</summary>
        <div className="filter-row">
          <label>Search id or name <input type="search" value={filters.search} onChange={(e) => setFilters({ ...filters, search: e.target.value })} /></label>
          {(Object.keys(FILTER_LABELS) as (keyof typeof FILTER_LABELS)[]).map((k) => (
            <label key={k}>{FILTER_LABELS[k]}
              <select value={filters[k]} onChange={(e) => setFilters({ ...filters, [k]: e.target.value })}>
                <option value="">all</option>
                {options[k].map((v) => <option key={v} value={v}>{FILTER_VALUE[k]?.(v) ?? v}</option>)}
              </select>
            </label>
          ))}
          <button type="button" className="secondary" disabled={!isFiltering(filters)} onClick={() => setFilters(NO_FILTERS)}>Clear filters</button>
        </div>
      </details>

      <p className="hint">Click a patient (or focus one and press Enter) to open the full record.</p>
      <LanesSkeleton onScroll={onLaneScroll} onPick={onPick} />
    </div>
  );
}
