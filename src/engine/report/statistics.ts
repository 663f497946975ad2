/**
 * The standard combat-casualty statistics (domain spec §4.3; definitions of Holcomb et al.,
 * J Trauma 2006) and the wound pattern, counted patient by patient in bounded memory: counters,
 * fixed histograms for the time distributions, and keyed tables capped at a fixed size. Shared
 * by the realism report (ReportAccumulator) and the dashboard (DashboardAccumulator); `result()`
 * is lossless, so `CasualtyStatsAccumulator.from(result)` rebuilds an accumulator to merge.
 *
 * Over battle casualties (injury_type BATTLE_TRAUMA):
 *   WIA = battle casualties who reached Role 1 alive = BT − KIA (WIA includes DOW);
 *   RTD = battle casualties with final status RTD whose RTD event is within 72 h of injury;
 *   CFR = (KIA + DOW) / (KIA + WIA);  %KIA = KIA / (KIA + WIA − RTD);  %DOW = DOW / (WIA − RTD).
 * Records read defensively: a field that is missing (a v1 record, a partial object) is counted
 * as unknown, never as an error.
 */
import { CLINICAL_PROCEDURES } from '../patient/clinical-codes.js';
import { epochMs, HoursHistogram, type HoursDistribution } from './hours-histogram.js';
import { AIS_REGIONS, MECHANISMS } from '../types.js';
import type { FinalStatus, InjuryType } from '../types.js';

/** Hours after which a battle casualty's return to duty no longer counts as RTD (Holcomb 2006). */
export const RTD_HOURS = 72;
/** Most distinct causes of death kept; the rest are counted under "(other)". */
export const MAX_CAUSES = 100;
export const UNKNOWN_KEY = '(unknown)';
export const OTHER_KEY = '(other)';

/** ISS / NISS bands: minor, moderate, serious, severe–critical, maximal (unsurvivable). */
export const ISS_BANDS = [
  { key: '1–8', min: 1, max: 8 },
  { key: '9–15', min: 9, max: 15 },
  { key: '16–24', min: 16, max: 24 },
  { key: '25–74', min: 25, max: 74 },
  { key: '75', min: 75, max: 75 },
] as const;

/** The procedures counted as surgery for time-to-surgery (clinical-codes CLINICAL_PROCEDURES keys). */
export const SURGICAL_PROCEDURE_KEYS = [
  'exploratory_laparotomy', 'thoracotomy', 'debridement', 'limb_amputation', 'vascular_repair', 'fracture_fixation', 'craniotomy', 'surgery',
] as const satisfies readonly (keyof typeof CLINICAL_PROCEDURES)[];
export const SURGICAL_CODES: ReadonlySet<string> = new Set(SURGICAL_PROCEDURE_KEYS.map((k) => CLINICAL_PROCEDURES[k].code));

export interface KeyCount {
  key: string;
  count: number;
  /** count / the table's denominator (named where the table is). */
  share: number;
}

export interface CauseOfDeath {
  key: string;
  count: number;
  KIA: number;
  DOW: number;
  Died_DNBI: number;
}

export interface CasualtyStatistics {
  /** Battle casualties (BATTLE_TRAUMA) and the Holcomb 2006 statistics. */
  battle: {
    casualties: number;
    kia: number;
    dow: number;
    rtd: number;
    remains_role4: number;
    /** Reached Role 1 alive: casualties − KIA (includes DOW). */
    wia: number;
    /** RTD within 72 h of injury. */
    rtd_72h: number;
    /** RTD whose time the record does not give (not counted in rtd_72h). */
    rtd_time_unknown: number;
    /** (KIA + DOW) / (KIA + WIA). */
    cfr: number;
    /** KIA / (KIA + WIA − RTD72). */
    pct_kia: number;
    /** DOW / (WIA − RTD72). */
    pct_dow: number;
    /** KIA / casualties and DOW / casualties (the sensitivity bench's "KIA % of BT"). */
    kia_share: number;
    dow_share: number;
  };
  /** Disease and non-battle injury: deaths are Died_DNBI (or KIA/DOW in older records). */
  dnbi: { casualties: number; deaths: number; death_rate: number };
  /** Battle casualties by warfare type (`warfare_scenario`), most first; share of battle casualties. */
  warfare: KeyCount[];
  /** Share of battle casualties of a known warfare type (not "mixed") that came from conventional warfare. */
  conventional_share: number;
  /** Share of them that came from land warfare (all but naval and CBRN). */
  land_share: number;
  /** Mechanism of battle casualties: the five battle mechanisms, then any other present (or "(unknown)"); share of battle casualties. */
  mechanisms: KeyCount[];
  /** Injuries of battle casualties by AIS region, AIS_REGIONS order; share of all their injuries. */
  body_regions: KeyCount[];
  battle_injuries: number;
  /** ISS and NISS of battle casualties in ISS_BANDS, then "(unknown)" when a record lacks it; share of battle casualties. */
  iss: KeyCount[];
  niss: KeyCount[];
  /** Every death by cause_of_death ("(unknown)" when not given), most first. */
  causes_of_death: CauseOfDeath[];
  /** Battle casualties: hours from injury to arrival at Role 1. */
  time_to_role1: HoursDistribution;
  /** Battle casualties: hours from injury to the first surgical procedure (SURGICAL_PROCEDURE_KEYS). */
  time_to_surgery: HoursDistribution;
  /** Patients with at least one / two triage assessments, and those whose category changed between them. */
  triage: { assessed: number; reassessed: number; changed: number; changed_share: number };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const rate = (n: number, d: number): number => (d > 0 ? n / d : 0);
const LAND = new Set(['conventional', 'artillery', 'urban', 'guerrilla', 'drone', 'peacekeeping']);

function issBand(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return UNKNOWN_KEY;
  for (const b of ISS_BANDS) if (v >= b.min && v <= b.max) return b.key;
  return UNKNOWN_KEY;
}

function bump(m: Map<string, number>, k: string, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

/** Rows for fixed keys (in order, zeros included), then any other keys by count. */
function keyed(m: Map<string, number>, order: readonly string[], denominator: number): KeyCount[] {
  const rest = [...m.keys()].filter((k) => !order.includes(k)).sort((a, b) => (m.get(b) as number) - (m.get(a) as number) || (a < b ? -1 : 1));
  return [...order, ...rest].map((key) => ({ key, count: m.get(key) ?? 0, share: rate(m.get(key) ?? 0, denominator) }));
}

/** Battle mechanisms, always listed; another mechanism (or "(unknown)") follows when a record has it. */
const BATTLE_MECHANISM_ORDER: readonly string[] = ['explosive', 'gunshot', 'drone', 'burn', 'crush'];
const KNOWN_MECHANISMS: ReadonlySet<string> = new Set(MECHANISMS);
const ISS_ORDER: readonly string[] = ISS_BANDS.map((b) => b.key);

/** Hours since injury of the patient's first arrival at R1, or undefined. */
function hoursToRole1(timeline: unknown): number | undefined {
  if (!Array.isArray(timeline)) return undefined;
  for (const e of timeline) {
    if (isObj(e) && e['event_type'] === 'arrival' && e['facility'] === 'R1') {
      const h = e['hours_since_injury'];
      return typeof h === 'number' ? h : undefined;
    }
  }
  return undefined;
}

/** Hours since injury of the RTD event, or undefined when the record does not say. */
function hoursToRtd(timeline: unknown): number | undefined {
  if (!Array.isArray(timeline)) return undefined;
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e: unknown = timeline[i];
    if (isObj(e) && e['event_type'] === 'rtd') {
      const h = e['hours_since_injury'];
      return typeof h === 'number' ? h : undefined;
    }
  }
  return undefined;
}

/** Hours from injury to the earliest surgical procedure, or undefined. */
function hoursToSurgery(history: unknown, injuryMs: number | undefined): number | undefined {
  if (injuryMs === undefined || !Array.isArray(history)) return undefined;
  let first: number | undefined;
  for (const stay of history) {
    if (!isObj(stay) || !Array.isArray(stay['treatments'])) continue;
    for (const t of stay['treatments'] as unknown[]) {
      if (!isObj(t) || t['kind'] !== 'procedure' || !SURGICAL_CODES.has(t['code'] as string)) continue;
      const ms = epochMs(t['time']);
      if (ms !== undefined && (first === undefined || ms < first)) first = ms;
    }
  }
  return first === undefined ? undefined : (first - injuryMs) / 3_600_000;
}

export class CasualtyStatsAccumulator {
  private bt = 0;
  private readonly btStatus: Record<FinalStatus, number> = { KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0, Died_DNBI: 0 };
  private rtd72 = 0;
  private rtdUnknown = 0;
  private dnbi = 0;
  private dnbiDeaths = 0;
  private readonly warfare = new Map<string, number>();
  private readonly mechanisms = new Map<string, number>();
  private readonly regions = new Map<string, number>();
  private injuries = 0;
  private readonly iss = new Map<string, number>();
  private readonly niss = new Map<string, number>();
  private readonly causes = new Map<string, CauseOfDeath>();
  private readonly toRole1 = new HoursHistogram();
  private readonly toSurgery = new HoursHistogram();
  private assessed = 0;
  private reassessed = 0;
  private changed = 0;

  /** Rebuilds an accumulator from a result, to merge it with another. */
  static from(s: CasualtyStatistics): CasualtyStatsAccumulator {
    const a = new CasualtyStatsAccumulator();
    const b = s.battle;
    a.bt = b.casualties;
    Object.assign(a.btStatus, { KIA: b.kia, DOW: b.dow, RTD: b.rtd, Remains_Role4: b.remains_role4, Died_DNBI: b.casualties - b.kia - b.dow - b.rtd - b.remains_role4 });
    a.rtd72 = b.rtd_72h;
    a.rtdUnknown = b.rtd_time_unknown;
    a.dnbi = s.dnbi.casualties;
    a.dnbiDeaths = s.dnbi.deaths;
    for (const [m, rows] of [[a.warfare, s.warfare], [a.mechanisms, s.mechanisms], [a.regions, s.body_regions], [a.iss, s.iss], [a.niss, s.niss]] as const) {
      for (const r of rows) if (r.count > 0) m.set(r.key, r.count);
    }
    a.injuries = s.battle_injuries;
    for (const c of s.causes_of_death) a.causes.set(c.key, { ...c });
    a.toRole1.merge(HoursHistogram.from(s.time_to_role1));
    a.toSurgery.merge(HoursHistogram.from(s.time_to_surgery));
    a.assessed = s.triage.assessed;
    a.reassessed = s.triage.reassessed;
    a.changed = s.triage.changed;
    return a;
  }

  /**
   * Counts one patient. `injuryType` and `status` are the record's, already read; `p` is the
   * record itself (ours or a v1 one), read for the rest.
   */
  add(p: Obj, injuryType: InjuryType, status: FinalStatus): void {
    if (status === 'KIA' || status === 'DOW' || status === 'Died_DNBI') this.cause(p['cause_of_death'], status);
    this.triage(p['triage_assessments']);
    if (injuryType !== 'BATTLE_TRAUMA') {
      this.dnbi++;
      if (status === 'Died_DNBI' || status === 'KIA' || status === 'DOW') this.dnbiDeaths++;
      return;
    }
    this.bt++;
    this.btStatus[status]++;
    const timeline = p['movement_timeline'];
    if (status === 'RTD') {
      const h = hoursToRtd(timeline);
      if (h === undefined) this.rtdUnknown++;
      else if (h <= RTD_HOURS) this.rtd72++;
    }
    const w = p['warfare_scenario'];
    bump(this.warfare, typeof w === 'string' && w !== '' ? w : UNKNOWN_KEY);
    const m = p['mechanism'];
    bump(this.mechanisms, typeof m === 'string' && KNOWN_MECHANISMS.has(m) ? m : UNKNOWN_KEY);
    const injuries = p['injuries'];
    if (Array.isArray(injuries)) {
      for (const i of injuries) {
        const region = isObj(i) ? i['region'] : undefined;
        if (typeof region === 'string' && (AIS_REGIONS as readonly string[]).includes(region)) {
          bump(this.regions, region);
          this.injuries++;
        }
      }
    }
    bump(this.iss, issBand(p['iss']));
    bump(this.niss, issBand(p['niss']));
    const r1 = hoursToRole1(timeline);
    if (r1 !== undefined) this.toRole1.add(r1);
    const surgery = hoursToSurgery(p['treatment_history'], epochMs(p['injury_timestamp']));
    if (surgery !== undefined) this.toSurgery.add(surgery);
  }

  private cause(v: unknown, status: 'KIA' | 'DOW' | 'Died_DNBI', n = 1): void {
    let key = typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 80) : UNKNOWN_KEY;
    if (!this.causes.has(key) && this.causes.size >= MAX_CAUSES) key = OTHER_KEY;
    let row = this.causes.get(key);
    if (!row) {
      row = { key, count: 0, KIA: 0, DOW: 0, Died_DNBI: 0 };
      this.causes.set(key, row);
    }
    row.count += n;
    row[status] += n;
  }

  private triage(v: unknown): void {
    if (!Array.isArray(v) || v.length === 0) return;
    this.assessed++;
    if (v.length < 2) return;
    this.reassessed++;
    let prev: unknown;
    for (let i = 0; i < v.length; i++) {
      const cat: unknown = isObj(v[i]) ? (v[i] as Obj)['category'] : undefined;
      if (i > 0 && cat !== prev) {
        this.changed++;
        return;
      }
      prev = cat;
    }
  }

  /** Adds another accumulator's counts; `o` is left unchanged. */
  merge(o: CasualtyStatsAccumulator): void {
    this.bt += o.bt;
    for (const k of Object.keys(this.btStatus) as FinalStatus[]) this.btStatus[k] += o.btStatus[k];
    this.rtd72 += o.rtd72;
    this.rtdUnknown += o.rtdUnknown;
    this.dnbi += o.dnbi;
    this.dnbiDeaths += o.dnbiDeaths;
    for (const [mine, theirs] of [[this.warfare, o.warfare], [this.mechanisms, o.mechanisms], [this.regions, o.regions], [this.iss, o.iss], [this.niss, o.niss]] as const) {
      for (const [k, n] of theirs) bump(mine, k, n);
    }
    this.injuries += o.injuries;
    for (const c of o.causes.values()) {
      for (const s of ['KIA', 'DOW', 'Died_DNBI'] as const) if (c[s] > 0) this.cause(c.key === UNKNOWN_KEY ? undefined : c.key, s, c[s]);
    }
    this.toRole1.merge(o.toRole1);
    this.toSurgery.merge(o.toSurgery);
    this.assessed += o.assessed;
    this.reassessed += o.reassessed;
    this.changed += o.changed;
  }

  result(): CasualtyStatistics {
    const { KIA: kia, DOW: dow, RTD: rtd, Remains_Role4: remains } = this.btStatus;
    const wia = this.bt - kia;
    let known = 0;
    let conventional = 0;
    let land = 0;
    for (const [k, n] of this.warfare) {
      if (k === 'mixed' || k === UNKNOWN_KEY) continue;
      known += n;
      if (k === 'conventional') conventional += n;
      if (LAND.has(k)) land += n;
    }
    return {
      battle: {
        casualties: this.bt, kia, dow, rtd, remains_role4: remains, wia, rtd_72h: this.rtd72, rtd_time_unknown: this.rtdUnknown,
        cfr: rate(kia + dow, kia + wia),
        pct_kia: rate(kia, kia + wia - this.rtd72),
        pct_dow: rate(dow, wia - this.rtd72),
        kia_share: rate(kia, this.bt),
        dow_share: rate(dow, this.bt),
      },
      dnbi: { casualties: this.dnbi, deaths: this.dnbiDeaths, death_rate: rate(this.dnbiDeaths, this.dnbi) },
      warfare: keyed(this.warfare, [], this.bt),
      conventional_share: rate(conventional, known),
      land_share: rate(land, known),
      mechanisms: keyed(this.mechanisms, BATTLE_MECHANISM_ORDER, this.bt),
      body_regions: keyed(this.regions, AIS_REGIONS, this.injuries),
      battle_injuries: this.injuries,
      iss: keyed(this.iss, ISS_ORDER, this.bt),
      niss: keyed(this.niss, ISS_ORDER, this.bt),
      causes_of_death: [...this.causes.values()].map((c) => ({ ...c }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      time_to_role1: this.toRole1.result(),
      time_to_surgery: this.toSurgery.result(),
      triage: { assessed: this.assessed, reassessed: this.reassessed, changed: this.changed, changed_share: rate(this.changed, this.reassessed) },
    };
  }
}
