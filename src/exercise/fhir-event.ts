import type { CasualtyEvent, Patient } from '../engine/index.js';
import { patientEntries, resourceUuid, type FhirEntry } from '../formats/index.js';

/** Ordinals of per-event bundle ids: far above any resource ordinal of a patient. */
const BUNDLE_ORDINAL_BASE = 1_000_000;

interface Parsed { entry: FhirEntry; resource: Record<string, unknown> }

const at = (r: Record<string, unknown>): string | undefined =>
  (r.performedDateTime ?? r.effectiveDateTime) as string | undefined;

function period(r: Record<string, unknown>): { start: string; end?: string } | undefined {
  return r.period as { start: string; end?: string } | undefined;
}

/**
 * The FHIR R4 transaction Bundle of one casualty event: the Encounter of that moment (the visit
 * at the event's role, with its Location, Patient and diagnoses), and the Observations,
 * Procedures and MedicationAdministrations timed at the event. An injury brings the Conditions.
 * Resources are the patient's own from the FHIR formatter (same ids as in a bundle download),
 * and every reference inside the bundle resolves, so a FHIR server can take it as a transaction.
 */
export function eventBundle(p: Patient, e: CasualtyEvent): string {
  const all: Parsed[] = patientEntries(p, 'bundle').map((entry) => ({ entry, resource: JSON.parse(entry.json) as Record<string, unknown> }));
  const byId = new Map(all.map((x) => [x.entry.id, x]));
  const chosen = new Set<string>([p.uuid]);
  const encounters = all.filter((x) => x.entry.type === 'Encounter');
  const visit = encounters.find((x) => {
    const pr = period(x.resource);
    if (!pr) return false;
    const loc = JSON.stringify(x.resource.location ?? '');
    return pr.start <= e.time && (pr.end === undefined || e.time <= pr.end) && roleMatches(loc, e.role, byId);
  }) ?? encounters.find((x) => roleMatches(JSON.stringify(x.resource.location ?? ''), e.role, byId));
  if (visit && e.type !== 'injury') chosen.add(visit.entry.id);
  for (const x of all) {
    if (['Observation', 'Procedure', 'MedicationAdministration'].includes(x.entry.type) && at(x.resource) === e.time) chosen.add(x.entry.id);
    if (e.type === 'injury' && x.entry.type === 'Condition') chosen.add(x.entry.id);
  }
  // Close over references so the transaction has no dangling urn:uuid.
  const queue = [...chosen];
  while (queue.length > 0) {
    const x = byId.get(queue.pop() as string);
    if (!x) continue;
    for (const m of x.entry.json.matchAll(/"urn:uuid:([0-9a-f-]{36})"/g)) {
      const id = m[1] as string;
      if (!chosen.has(id) && byId.has(id)) {
        chosen.add(id);
        queue.push(id);
      }
    }
  }
  const entries = all.filter((x) => chosen.has(x.entry.id)).map((x) => x.entry);
  const n = Number(e.id.slice(e.id.lastIndexOf('-') + 1));
  let out = `{"resourceType":"Bundle","id":"${resourceUuid(p.uuid, BUNDLE_ORDINAL_BASE + n)}","type":"transaction","timestamp":"${e.time}","entry":[`;
  entries.forEach((x, i) => {
    out += `${i > 0 ? ',' : ''}{"fullUrl":"urn:uuid:${x.id}","resource":${x.json},"request":{"method":"PUT","url":"${x.type}/${x.id}"}}`;
  });
  return out + ']}';
}

/** Whether an Encounter's location JSON points at the Location of `role`. */
function roleMatches(locationJson: string, role: string, byId: Map<string, Parsed>): boolean {
  for (const m of locationJson.matchAll(/urn:uuid:([0-9a-f-]{36})/g)) {
    const loc = byId.get(m[1] as string);
    const name = String(loc?.resource.name ?? '');
    if (role === 'POI' ? name === 'Point of injury' : name.startsWith(`Role ${role.slice(1)} `)) return true;
  }
  return false;
}
