import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Facility, InjuryType, Patient, Triage } from '../../engine/index.js';
import { collect, type BatchFormat } from '../format.js';
import type { Cell, Column } from '../columns.js';
import { CSV_EOL, csvField, csvHeader } from '../csv-field.js';
import { ZipPackage } from '../packaging/zip.js';
import { cellXml, ROW_MARK } from '../xlsx-rows.js';
import { SHEET_END, sheetStart, workbookParts, type WorkbookProperties } from '../xlsx-sheets.js';
import { infoOf, isInfoLine, RowLines } from './row-lines.js';

/**
 * The Master Scenario Events List (docs/exercise-pack.md). Generation threads turn each patient
 * into one line of `msel:rows` (JSON, the facts an inject needs); the MSEL writer on the main
 * thread groups consecutive lines of one casualty event into one inject, numbers the injects and
 * writes them as CSV or as an XLSX sheet. Patients come in injury order and a casualty event's
 * patients are consecutive, so injects come out in time order with only the current event held
 * in memory. Arrivals at the roles happen hours or days later than the injury that follows them
 * in the stream; instead of a reorder buffer (whose size grows with the casualty rate × the
 * evacuation time) they are listed on the casualty's inject (`expected_arrivals`).
 */
export const MSEL_ROWS_ID = 'msel:rows';

/** What one casualty contributes to its inject (one `msel:rows` line). */
export interface MselCasualty {
  /** casualty_event_id */
  e: string;
  /** Injury time, seconds since the epoch. */
  t: number;
  mc: boolean;
  id: number;
  front: string;
  unit: string;
  kind: InjuryType;
  mech: string | null;
  /** Worst condition and where. */
  cond: string;
  /** Category of the first triage (at the point of injury). */
  tri: Triage;
  /** Found (arrival at the point of injury), seconds since the epoch. */
  found: number;
  /** Evacuated from the point of injury. */
  evac: boolean;
  /** Dead before leaving the point of injury (found dead, or died there). */
  deadAtPoi: boolean;
  /** Procedures at the point of injury, in order. */
  proc: string[];
  /** Arrivals at Role 1 and beyond: facility and seconds since the epoch. */
  arr: [Facility, number][];
}

const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export function mselCasualty(p: Patient): MselCasualty {
  const poi = p.treatment_history.find((t) => t.facility === 'POI');
  const first = p.movement_timeline[0];
  const worst = p.injuries[0];
  const cond = worst ? `${worst.condition.display}, ${worst.body_site.display} (AIS ${worst.ais})` : p.primary_condition.display;
  const death = p.movement_timeline.find((e) => e.event_type === 'kia' || e.event_type === 'dow' || e.event_type === 'died_dnbi');
  return {
    e: p.casualty_event_id,
    t: epoch(p.injury_timestamp),
    mc: p.is_mass_casualty,
    id: p.id,
    front: p.front,
    unit: p.demographics.unit,
    kind: p.injury_type,
    mech: p.mechanism,
    cond,
    tri: p.triage_assessments[0]?.category ?? p.triage_category,
    found: first ? epoch(first.timestamp) : epoch(p.injury_timestamp),
    evac: p.movement_timeline.some((e) => e.event_type === 'transit_start' && e.from_facility === 'POI'),
    deadAtPoi: death !== undefined && death.facility === 'POI',
    proc: poi ? [...new Set(poi.treatments.filter((x) => x.kind === 'procedure').map((x) => x.display))] : [],
    arr: p.movement_timeline.filter((e) => e.event_type === 'arrival' && e.facility !== 'POI').map((e) => [e.facility, epoch(e.timestamp)]),
  };
}

const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
  for (const p of patients) emit(JSON.stringify(mselCasualty(p)) + '\n');
};

/** The generation side of both MSEL files: `M{…}` (workbook properties) then one casualty per line. */
export const mselRowsFormat: BatchFormat = {
  id: MSEL_ROWS_ID,
  extension: 'msel',
  mediaType: 'application/x-ndjson',
  header: (meta) => 'M' + JSON.stringify({
    created: meta.generated_at, creator: `${meta.generator} ${meta.generator_version}`, title: `${meta.scenario_name} — MSEL`,
    // The exercise clock's zone (the scenario's `timezone`), read by the writer on the main thread.
    timezone: typeof meta.scenario.timezone === 'string' ? meta.scenario.timezone : undefined,
  }) + '\n',
  encodeBatch: (patients, first) => collect(encodeTo, patients, first),
  encodeTo,
  footer: () => '',
};

// ---------------------------------------------------------------------------------------------
// Injects

/** One inject: a casualty event (its casualties, consecutive in the stream). */
export interface Inject {
  number: number;
  /** Seconds since the epoch of the first injury of the run (T+00:00). */
  start: number;
  casualties: readonly MselCasualty[];
  /** The exercise clock: times in this IANA zone with their offset; absent: UTC. */
  zone?: ExerciseClock;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `T+hh:mm` after the run's first injury (hours past 99 keep growing: T+123:45). */
export function scenarioTime(seconds: number, start: number): string {
  const m = Math.floor(Math.max(0, seconds - start) / 60);
  return `T+${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

const isoUtc = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Date-times in an IANA time zone: `2024-03-01T14:05:00+02:00` (ISO 8601 with the offset in force
 * at that instant, so daylight saving shows). Intl gives the wall clock and the offset.
 */
export class ExerciseClock {
  private readonly fmt: Intl.DateTimeFormat;

  constructor(readonly zone: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset',
    });
  }

  iso(seconds: number): string {
    const p: Record<string, string> = {};
    for (const part of this.fmt.formatToParts(new Date(seconds * 1000))) p[part.type] = part.value;
    // longOffset is `GMT+02:00`, or `GMT` at offset zero.
    const offset = (p.timeZoneName ?? 'GMT').slice(3) || '+00:00';
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
  }
}

/** The exercise date-time: in the exercise's zone when it has one, else UTC. */
const dateTime = (seconds: number, zone: ExerciseClock | undefined): string => (zone ? zone.iso(seconds) : isoUtc(seconds));
/** `hh:mm` with `Z` or the offset. */
const clock = (seconds: number, zone: ExerciseClock | undefined): string => {
  const iso = dateTime(seconds, zone);
  return iso.slice(11, 16) + iso.slice(19);
};

const MECHANISM_TEXT: Record<string, string> = {
  explosive: 'explosion', gunshot: 'gunfire', drone: 'drone strike', burn: 'burns', crush: 'crush injury',
  vehicle: 'vehicle accident', fall: 'fall', training: 'training accident', heat: 'heat injury', cold: 'cold injury',
};

function counts(list: readonly string[]): string {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => `${k}×${n}`).join(', ');
}

const PRECEDENCE: Record<Triage, string> = { T1: 'URGENT', T2: 'PRIORITY', T3: 'ROUTINE', T4: 'ROUTINE' };

function what(c: MselCasualty): string {
  if (c.kind === 'DISEASE') return 'reports sick';
  return MECHANISM_TEXT[c.mech ?? ''] ?? (c.kind === 'NON_BATTLE' ? 'non-battle injury' : 'battle injury');
}

function message(i: Inject): string {
  const cs = i.casualties;
  const c0 = cs[0] as MselCasualty;
  const mass = c0.mc && cs.length > 1;
  const head = mass
    ? `${c0.front}: mass-casualty event ${c0.e} (${counts(cs.map(what))}), ${cs.length} casualties`
    : `${c0.front}: ${what(c0)}, ${cs.length === 1 ? '1 casualty' : `${cs.length} casualties`}`;
  const people = cs.map((c) => `card ${c.id}: ${c.cond}, POI triage ${c.tri}${c.found > c.t ? `, found ${clock(c.found, i.zone)}` : ''}`).join('; ');
  return `${head}. ${people}.`;
}

function expectedAction(i: Inject): string {
  const cs = i.casualties;
  const c0 = cs[0] as MselCasualty;
  const parts: string[] = [];
  if (c0.mc && cs.length > 1) parts.push('declare a mass-casualty incident');
  if (c0.kind === 'DISEASE' && cs.length === 1) parts.push('assess at sick call (Role 1)');
  parts.push(`triage (sieve) ${cs.length === 1 ? `as ${c0.tri}` : counts(cs.map((c) => c.tri))}`);
  const proc = [...new Set(cs.flatMap((c) => c.proc))];
  if (proc.length > 0) parts.push(`care at the point of injury: ${proc.join(', ')}`);
  const evac = cs.filter((c) => c.evac);
  if (evac.length > 0) parts.push(`send ${evac.length === 1 ? 'a 9-line MEDEVAC request' : `${evac.length} 9-line MEDEVAC requests`} (${counts(evac.map((c) => PRECEDENCE[c.tri]))})`);
  const dead = cs.filter((c) => c.deadAtPoi).length;
  if (dead > 0) parts.push(`report ${dead} dead at the point of injury`);
  return parts.join('; ');
}

function objective(i: Inject): string {
  const c0 = i.casualties[0] as MselCasualty;
  if (c0.mc && i.casualties.length > 1) return 'Mass-casualty management: triage, TCCC, MEDEVAC';
  if (c0.kind === 'DISEASE') return 'DNBI management: sick call, treatment, return to duty';
  return 'Point-of-injury care and MEDEVAC: TCCC, triage, 9-line request';
}

function from(i: Inject): string {
  const units = [...new Set(i.casualties.map((c) => c.unit))];
  const c0 = i.casualties[0] as MselCasualty;
  return units.length === 1 ? (units[0] as string) : `${c0.front} front (${units.length} units)`;
}

function arrivals(i: Inject): string {
  return i.casualties
    .filter((c) => c.arr.length > 0)
    .map((c) => `card ${c.id}: ${c.arr.map(([f, t]) => `${f} ${scenarioTime(t, i.start)} (${dateTime(t, i.zone)})`).join(', ')}`)
    .join('; ');
}

/** The MSEL columns (HSEEP-style), then the arrivals this design lists on the inject. */
export const MSEL_COLUMNS: readonly Column<Inject>[] = [
  { name: 'msel_number', get: (i) => i.number },
  { name: 'scenario_time', get: (i) => scenarioTime((i.casualties[0] as MselCasualty).t, i.start) },
  { name: 'exercise_datetime', get: (i) => dateTime((i.casualties[0] as MselCasualty).t, i.zone) },
  { name: 'inject_mode', get: (i) => ((i.casualties[0] as MselCasualty).mc && i.casualties.length > 1 ? 'Radio' : 'Role-player') },
  { name: 'from', get: from },
  { name: 'to', get: (i) => ((i.casualties[0] as MselCasualty).kind === 'DISEASE' && i.casualties.length === 1 ? 'Role 1 (sick call)' : 'POI first responders') },
  { name: 'message', get: message },
  { name: 'expected_player_action', get: expectedAction },
  { name: 'objective', get: objective },
  { name: 'responsible_controller', get: (i) => `${(i.casualties[0] as MselCasualty).front} front controller` },
  { name: 'card_numbers', get: (i) => i.casualties.map((c) => c.id).join(';') },
  { name: 'casualty_event_id', get: (i) => (i.casualties[0] as MselCasualty).e },
  { name: 'expected_arrivals', get: arrivals },
];

/** A casualty event is held until the next one starts; one larger than this is split (never seen: events are ≤ 100). */
const MAX_GROUP = 1000;

/**
 * Groups `msel:rows` lines into injects: consecutive casualties with the same event id and the
 * same injury second are one casualty event (a mass-casualty cluster, a group of 1–3).
 */
export abstract class MselWriter extends Writable {
  private readonly rows = new RowLines();
  private group: MselCasualty[] = [];
  private start: number | undefined;
  private count = 0;
  protected props: WorkbookProperties = { created: '1980-01-01T00:00:00Z', creator: 'medgen' };
  private zone: ExerciseClock | undefined;

  constructor() {
    super({ highWaterMark: 1 << 20 });
  }

  /** Writes row `number` (1 is the header). */
  protected abstract row(cells: readonly Cell[], number: number): Promise<void>;
  protected abstract close(): Promise<void>;

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.consume(this.rows.push(chunk)).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    (async () => {
      await this.consume(this.rows.end());
      if (this.count === 0) await this.row(MSEL_COLUMNS.map((c) => c.name), 1);
      await this.flush();
      await this.close();
    })().then(() => cb(), cb);
  }

  private async consume(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      if (isInfoLine(line)) {
        const p = infoOf<Partial<WorkbookProperties> & { timezone?: string }>(line);
        this.props = { created: p.created ?? this.props.created, creator: p.creator ?? 'medgen', title: p.title };
        this.zone = p.timezone ? new ExerciseClock(p.timezone) : undefined;
        continue;
      }
      const c = JSON.parse(line) as MselCasualty;
      const last = this.group[0];
      if (last && (last.e !== c.e || last.t !== c.t || this.group.length >= MAX_GROUP)) await this.flush();
      this.group.push(c);
    }
  }

  private async flush(): Promise<void> {
    const first = this.group[0];
    if (!first) return;
    if (this.count === 0) await this.row(MSEL_COLUMNS.map((c) => c.name), 1);
    this.start ??= first.t;
    const inject: Inject = { number: ++this.count, start: this.start, casualties: this.group, zone: this.zone };
    this.group = [];
    await this.row(MSEL_COLUMNS.map((c) => c.get(inject)), this.count + 1);
  }
}

/** `msel.csv`: RFC 4180, UTF-8, CRLF, header row first. */
class MselCsvWriter extends MselWriter {
  constructor(private readonly dest: Writable) {
    super();
  }

  protected async row(cells: readonly Cell[]): Promise<void> {
    const text = cells.map(csvField).join(',') + CSV_EOL;
    if (!this.dest.write(text)) await once(this.dest, 'drain');
  }

  protected async close(): Promise<void> {
    this.dest.end();
    await finished(this.dest);
  }
}

/** `msel.xlsx`: one MSEL sheet (header frozen), streamed into the workbook. */
class MselXlsxWriter extends MselWriter {
  private sheet: PassThrough | undefined;
  private zip: ZipPackage | undefined;
  private done: Promise<void> | undefined;

  constructor(private readonly dest: Writable) {
    super();
  }

  private open(): PassThrough {
    if (!this.sheet) {
      this.zip = new ZipPackage(new Date(this.props.created));
      this.zip.output.pipe(this.dest);
      this.done = finished(this.dest);
      this.sheet = new PassThrough({ highWaterMark: 1 << 20 });
      this.zip.addStream('xl/worksheets/sheet1.xml', this.sheet, 1);
      this.sheet.write(sheetStart());
    }
    return this.sheet;
  }

  protected async row(cells: readonly Cell[], number: number): Promise<void> {
    let xml = `<row r="${number}">`;
    for (let i = 0; i < cells.length; i++) xml += cellXml(cells[i] as Cell, i);
    const sheet = this.open();
    if (!sheet.write((xml + '</row>').replaceAll(ROW_MARK, String(number)))) await once(sheet, 'drain');
  }

  protected async close(): Promise<void> {
    const sheet = this.open();
    const zip = this.zip as ZipPackage;
    sheet.end(SHEET_END);
    for (const part of workbookParts(['MSEL'], this.props)) zip.addBuffer(part.name, Buffer.from(part.xml, 'utf8'), true);
    zip.end();
    await this.done;
  }
}

export function createMselCsvWriter(dest: Writable): Writable {
  return new MselCsvWriter(dest);
}

export function createMselXlsxWriter(dest: Writable): Writable {
  return new MselXlsxWriter(dest);
}

/** The header row of msel.csv (for readers and tests). */
export const MSEL_CSV_HEADER = csvHeader(MSEL_COLUMNS);
