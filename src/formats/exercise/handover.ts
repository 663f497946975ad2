import type { Patient } from '../../engine/index.js';
import { collect, type BatchFormat } from '../format.js';
import { casualtyReports, type ReportSettings } from './reports.js';

/** Format id of the handover file; `handover:cbrn` when the scenario has CBRN warfare (line 9). */
export const HANDOVER_ID = 'handover';
const CBRN_SUFFIX = ':cbrn';

function make(settings: ReportSettings): BatchFormat {
  const encodeTo = (patients: readonly Patient[], _first: boolean, emit: (text: string) => void): void => {
    for (const p of patients) emit(JSON.stringify(casualtyReports(p, settings)) + '\n');
  };
  return {
    // Generation threads resolve formats by id: the id carries the scenario setting the lines need.
    id: HANDOVER_ID + (settings.cbrn ? CBRN_SUFFIX : ''),
    extension: 'ndjson',
    mediaType: 'application/x-ndjson',
    header: () => '',
    encodeBatch: (patients, first) => collect(encodeTo, patients, first),
    encodeTo,
    footer: () => '',
  };
}

const PLAIN = make({ cbrn: false });
const CBRN = make({ cbrn: true });

/** `handover.ndjson`: one line per casualty with its TCCC card, 9-line request and ATMIST handovers. */
export function handoverFormat(settings: ReportSettings): BatchFormat {
  return settings.cbrn ? CBRN : PLAIN;
}

export const HANDOVER_FORMATS: readonly BatchFormat[] = [PLAIN, CBRN];
