/**
 * The dashboard of a patient file (JSON `{metadata, patients}` or NDJSON, as the CLI and a job's
 * download write them), computed without holding the file: it is read as a stream of lines, each
 * patient counted by the engine's own DashboardAccumulator and packed for the facility load, then
 * let go. Runs in a Web Worker (file-worker.ts) so 100,000 patients never freeze the page;
 * pure enough to unit-test in Node.
 */
import { DashboardAccumulator, FINAL_STATUSES, type DashboardData, type Patient } from '../../../src/engine/browser.js';
import { buildModel, facilityLoad } from '../timeline/engine.js';
import { FACILITY_IDS, readPatient, type Rejected, type ViewerPatient } from '../timeline/input.js';

export interface FileDashboard {
  data: DashboardData;
  /** Patients present at each role, hourly (hours since originMs). */
  load: { t: number; load: number[] }[];
  originMs: number;
  metadata?: Record<string, unknown>;
  /** Entries that could not be counted: the first ones, and how many in all. */
  rejected: Rejected[];
  rejectedCount: number;
  ignoredEvents: Record<string, number>;
}

export interface Progress {
  bytes: number;
  total: number;
  patients: number;
}

const KEEP_REJECTED = 200;
const COUNTED: readonly string[] = FINAL_STATUSES;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = '(unknown)'): string => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : fallback);

/**
 * The record as DashboardAccumulator reads it: an engine record passes as it is (every field the
 * accumulator counts); other shapes get the essentials from what the viewer read of them.
 */
function dashboardPatient(raw: Record<string, unknown>, v: ViewerPatient): Patient {
  const summary = isObj(raw.timeline_summary) ? raw.timeline_summary : {};
  const visited = Array.isArray(summary.facilities_visited) ? summary.facilities_visited
    : [...new Set(v.events.filter((e) => e.kind === 'arrival').map((e) => FACILITY_IDS[e.facility]))];
  const lastEvent = v.events[v.events.length - 1];
  return {
    ...raw,
    final_status: v.status,
    timeline_summary: { ...summary, facilities_visited: visited },
    last_facility: typeof raw.last_facility === 'string' ? raw.last_facility : FACILITY_IDS[lastEvent?.facility ?? 0],
    day_of_injury: str(raw.day_of_injury, ''),
    injury_timestamp: str(raw.injury_timestamp ?? raw.injury_time, ''),
    front: str(raw.front),
    nationality: str(raw.nationality ?? (isObj(raw.demographics) ? raw.demographics.nationality : undefined)),
    injury_type: str(raw.injury_type),
    triage_category: str(raw.triage_category ?? raw.triage),
  } as unknown as Patient;
}

export class FileAggregator {
  private readonly acc = new DashboardAccumulator();
  private readonly patients: ViewerPatient[] = [];
  private readonly rejected: Rejected[] = [];
  private rejectedCount = 0;
  private readonly ignoredEvents: Record<string, number> = {};
  private metadata: Record<string, unknown> | undefined;
  private lines = 0;
  private items = 0;

  get count(): number {
    return this.patients.length;
  }

  private reject(r: Rejected): void {
    this.rejectedCount++;
    if (this.rejected.length < KEEP_REJECTED) this.rejected.push(r);
  }

  /** Counts one patient (any accepted shape); `label` places it for a person (line N, item N). */
  addItem(item: unknown, position: number, label?: string): void {
    this.items++;
    const reject = (r: Rejected) => this.reject(label ? { ...r, index: position, label: `${label} (${r.label})` } : r);
    const v = readPatient(item, position, reject, this.ignoredEvents);
    if (!v) return;
    if (!COUNTED.includes(v.status)) {
      reject({ index: position, label: `patient ${v.id}`, reason: `has a final status (${v.status || 'none'}) that cannot be counted` });
      return;
    }
    this.acc.add(dashboardPatient(v.raw, v));
    // Only the packed timeline is kept (for the facility load), never the record itself.
    v.raw = {};
    this.patients.push(v);
  }

  /**
   * One line of NDJSON, or of the CLI's JSON layout (`{"metadata":…,"patients":[` on the first
   * line, one patient per line with a trailing comma, `]}` last). Returns false when the first
   * line is neither: the caller then parses the whole text (addValue).
   */
  addLine(text: string): boolean {
    const lineNo = ++this.lines;
    let line = text.trim();
    if (line === '' || line === '[' || line === ']' || line === ']}') return true;
    if (line.startsWith('{"metadata"') && line.endsWith('[')) {
      try {
        const head = JSON.parse(`${line}]}`) as { metadata?: unknown };
        if (isObj(head.metadata)) this.metadata = head.metadata;
        return true;
      } catch {
        return false;
      }
    }
    if (line.endsWith(',')) line = line.slice(0, -1);
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      if (this.items === 0 && this.rejectedCount === 0) return false;
      this.reject({ index: lineNo - 1, label: `line ${lineNo}`, reason: 'is not valid JSON' });
      return true;
    }
    if (this.items === 0 && (Array.isArray(item) || (isObj(item) && Array.isArray(item.patients)))) return false; // a whole document on one line
    this.addItem(item, lineNo - 1, `line ${lineNo}`);
    return true;
  }

  /** A parsed document: an array of patients, `{metadata, patients}`, an API results page or one patient. */
  addValue(value: unknown): void {
    if (isObj(value) && Array.isArray(value.patients)) {
      if (isObj(value.metadata)) this.metadata = value.metadata;
      value.patients.forEach((p, i) => this.addItem(p, i));
    } else if (Array.isArray(value)) value.forEach((p, i) => this.addItem(p, i));
    else this.addItem(value, 0);
  }

  finish(): FileDashboard {
    const base = this.metadata?.base_date;
    const model = buildModel(this.patients, typeof base === 'string' ? base : undefined);
    return {
      data: this.acc.result(),
      load: facilityLoad(model, 1),
      originMs: model.originMs,
      metadata: this.metadata,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      ignoredEvents: this.ignoredEvents,
    };
  }
}

/**
 * Reads a file (Blob) line by line without holding it whole, reporting progress every
 * `everyMs`; falls back to one JSON.parse when the layout is not line-based.
 */
export async function aggregateFile(file: Blob, onProgress: (p: Progress) => void, everyMs = 200): Promise<FileDashboard> {
  let agg = new FileAggregator();
  const decoder = new TextDecoder();
  const reader = file.stream().getReader();
  let rest = '';
  let bytes = 0;
  let lastReport = 0;
  let lineBased = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (value) {
      bytes += value.byteLength;
      rest += decoder.decode(value, { stream: true });
    }
    if (done) rest += decoder.decode();
    let start = 0;
    for (let nl = rest.indexOf('\n', start); nl >= 0 && lineBased; nl = rest.indexOf('\n', start)) {
      lineBased = agg.addLine(rest.slice(start, nl));
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (!lineBased) break;
    if (done) {
      if (rest.trim() !== '') lineBased = agg.addLine(rest);
      break;
    }
    const now = Date.now();
    if (now - lastReport >= everyMs) {
      lastReport = now;
      onProgress({ bytes, total: file.size, patients: agg.count });
    }
  }
  if (!lineBased) {
    await reader.cancel().catch(() => undefined);
    agg = new FileAggregator();
    const text = await file.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new Error(`the file is neither JSON nor NDJSON (${(err as Error).message})`, { cause: err });
    }
    agg.addValue(value);
  }
  onProgress({ bytes: file.size, total: file.size, patients: agg.count });
  return agg.finish();
}
