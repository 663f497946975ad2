import { FACILITIES, TRIAGE_CATEGORIES, type Facility, type Triage } from '../../engine/index.js';
import type { BuildContext, FhirEntry } from './context.js';
import type { RefStyle } from './ids.js';
import { concept, coding, flatAscii, reference } from './json-text.js';
import { DISCHARGE, ENCOUNTER_CLASS, LOCATIONS, SYSTEM, TRIAGE_PRIORITY } from './terminology.js';
import type { Visit } from './visits.js';

const table = <K extends string>(keys: readonly K[], f: (k: K) => string): Record<K, string> =>
  Object.fromEntries(keys.map((k) => [k, flatAscii(f(k))])) as Record<K, string>;

const CLASS = table(FACILITIES, (f) => coding(SYSTEM.actCode, ENCOUNTER_CLASS[f].code, ENCOUNTER_CLASS[f].display));
const PRIORITY = table(TRIAGE_CATEGORIES, (t: Triage) =>
  concept(SYSTEM.actPriority, TRIAGE_PRIORITY[t].code, TRIAGE_PRIORITY[t].display, TRIAGE_PRIORITY[t].text));
const disposition = (o: keyof typeof DISCHARGE, text: string): string =>
  `,"hospitalization":{"dischargeDisposition":${concept(SYSTEM.dischargeDisposition, DISCHARGE[o].code, DISCHARGE[o].display, text)}}`;
const DISPOSITION = table(['transfer', 'death', 'rtd'] as const, (o) => disposition(o, DISCHARGE[o].text));
/** The death disposition with the cause in its text ("Died: haemorrhage"), per cause. */
const deathDispositions = new Map<string, string>();

function deathDisposition(cause: string | null): string {
  if (cause === null) return DISPOSITION.death;
  let json = deathDispositions.get(cause);
  if (json === undefined) {
    json = flatAscii(disposition('death', `${DISCHARGE.death.text}: ${cause}`));
    if (deathDispositions.size < 1000) deathDispositions.set(cause, json);
  }
  return json;
}
const LOCATION_REF: Record<RefStyle, Record<Facility, string>> = {
  bundle: table(FACILITIES, (f) => reference(`urn:uuid:${LOCATIONS[f].id}`, LOCATIONS[f].name)),
  bulk: table(FACILITIES, (f) => reference(`Location/${LOCATIONS[f].id}`, LOCATIONS[f].name)),
};

/**
 * One Encounter per facility visit: class by role, priority by the triage made there, period
 * (open while the patient remains at Role 4), the role's Location, every condition as a
 * diagnosis, and the discharge disposition (evacuated onward, died with the cause of death,
 * returned to duty).
 */
export function encounterResource(ctx: BuildContext, v: Visit, id: string, diagnosis: string): FhirEntry {
  const finished = v.end !== undefined;
  const period = `{"start":"${v.start}"${finished ? `,"end":"${v.end}"` : ''}}`;
  const json =
    `{"resourceType":"Encounter","id":"${id}","status":"${finished ? 'finished' : 'in-progress'}",` +
    `"class":${CLASS[v.facility]},"priority":${PRIORITY[v.triage?.category ?? ctx.patient.triage_category]},` +
    `"subject":${ctx.subject},"period":${period}` +
    (diagnosis === '' ? '' : `,"diagnosis":[${diagnosis}]`) +
    (v.outcome === 'remains' ? '' : v.outcome === 'death' ? deathDisposition(ctx.patient.cause_of_death) : DISPOSITION[v.outcome]) +
    `,"location":[{"location":${LOCATION_REF[ctx.style][v.facility]},"status":"${finished ? 'completed' : 'active'}","period":${period}}]}`;
  return { type: 'Encounter', id, json };
}

/** Encounter.diagnosis items for the patient's conditions, the first ranked 1. */
export function diagnosisList(ctx: BuildContext, conditionIds: readonly string[]): string {
  return conditionIds.map((id, i) => `{"condition":${reference(ctx.ref('Condition', id))},"rank":${i + 1}}`).join(',');
}
