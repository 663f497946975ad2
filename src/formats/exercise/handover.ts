import type { FrontConfig, Patient } from '../../engine/index.js';
import { collect, type BatchFormat } from '../format.js';
import { casualtyReports, locationText, type FrontRadio, type ReportSettings } from './reports.js';

/**
 * Format id of the handover file. Generation threads resolve formats by id, so the id carries
 * the scenario settings the lines need: `handover`, `handover:cbrn` (line 9), or
 * `handover:{json}` when fronts have a pickup location or call sign (lines 1 and 2).
 */
export const HANDOVER_ID = 'handover';
const CBRN_ID = `${HANDOVER_ID}:cbrn`;

function make(id: string, settings: ReportSettings): BatchFormat {
  const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
    for (const p of patients) emit(JSON.stringify(casualtyReports(p, settings)) + '\n');
  };
  return {
    id,
    extension: 'ndjson',
    mediaType: 'application/x-ndjson',
    header: () => '',
    encodeBatch: (patients, first) => collect(encodeTo, patients, first),
    encodeTo,
    footer: () => '',
  };
}

const PLAIN = make(HANDOVER_ID, { cbrn: false });
const CBRN = make(CBRN_ID, { cbrn: true });
/** Formats with front settings, by id (a run makes one; threads resolve it once per run). */
const made = new Map<string, BatchFormat>();

function idOf(settings: ReportSettings): string {
  if (!settings.fronts || settings.fronts.length === 0) return settings.cbrn ? CBRN_ID : HANDOVER_ID;
  return `${HANDOVER_ID}:${JSON.stringify({ cbrn: settings.cbrn, fronts: settings.fronts })}`;
}

/** `handover.ndjson`: one line per casualty with its TCCC card, 9-line request and ATMIST handovers. */
export function handoverFormat(settings: ReportSettings): BatchFormat {
  const id = idOf(settings);
  if (id === HANDOVER_ID) return PLAIN;
  if (id === CBRN_ID) return CBRN;
  let f = made.get(id);
  if (!f) made.set(id, (f = make(id, settings)));
  return f;
}

/** The handover format a generation thread was asked for by id, or undefined for another id. */
export function handoverFormatById(id: string): BatchFormat | undefined {
  if (id === HANDOVER_ID) return PLAIN;
  if (id === CBRN_ID) return CBRN;
  if (!id.startsWith(`${HANDOVER_ID}:{`)) return undefined;
  // Only ids this module made reach here (planOutputs → encoder threads).
  return handoverFormat(JSON.parse(id.slice(HANDOVER_ID.length + 1)) as ReportSettings);
}

/** The 9-line settings of a scenario's fronts (by front name, as patients carry it): only fronts that set one. */
export function frontRadios(fronts: readonly FrontConfig[]): FrontRadio[] {
  return fronts
    .filter((f) => f.location !== undefined || f.call_sign !== undefined)
    .map((f) => ({ front: f.name, ...(f.location ? { location: locationText(f.location) } : {}), ...(f.call_sign ? { call_sign: f.call_sign } : {}) }));
}

/** The two fixed handover formats (registered by id with the other internal formats). */
export const HANDOVER_FORMATS: readonly BatchFormat[] = [PLAIN, CBRN];
