import { NATION_NAMES, type Facility, type NationCode, type Patient } from '../../engine/index.js';
import type { BuildContext, FhirEntry } from './context.js';
import { concept, flatAscii, q, qText } from './json-text.js';
import { IDENTIFIER_TYPES, LOCATIONS, NATIONALITY_EXTENSION, nationalIdSystem, serviceNumberSystem, SYSTEM } from './terminology.js';
import { deathTime } from './visits.js';

/** The parts of a Patient that depend only on the nation, built once per nation. */
interface NationParts {
  extension: string;
  nationalId: string;
  serviceNumber: string;
}

const nationParts = new Map<NationCode, NationParts>();

function partsOf(nation: NationCode): NationParts {
  let parts = nationParts.get(nation);
  if (!parts) {
    parts = {
      extension: flatAscii(`"extension":[{"url":"${NATIONALITY_EXTENSION}","extension":[{"url":"code","valueCodeableConcept":${concept(SYSTEM.iso3166, nation, NATION_NAMES[nation])}}]}],`),
      nationalId: flatAscii(`{"use":"official","type":${concept(SYSTEM.identifierType, IDENTIFIER_TYPES.national.code, IDENTIFIER_TYPES.national.display)},"system":${q(nationalIdSystem(nation))},"value":`),
      serviceNumber: flatAscii(`{"use":"secondary","type":${concept(SYSTEM.identifierType, IDENTIFIER_TYPES.military.code, IDENTIFIER_TYPES.military.display)},"system":${q(serviceNumberSystem(nation))},"value":`),
    };
    nationParts.set(nation, parts);
  }
  return parts;
}

/**
 * Patient: official name, gender, birth date, the national ID (type NI, the nation's naming
 * system) and the service number (type MI), the patient-nationality extension (ISO 3166
 * alpha-3) and, for the dead (KIA, DOW, Died_DNBI), deceasedDateTime.
 */
export function patientResource(ctx: BuildContext): FhirEntry {
  const p: Patient = ctx.patient;
  const d = p.demographics;
  const parts = partsOf(p.nationality);
  const died = deathTime(p);
  const json =
    `{"resourceType":"Patient","id":"${p.uuid}",${parts.extension}` +
    `"identifier":[${parts.nationalId}${q(d.id_number)}},${parts.serviceNumber}${q(d.service_number)}}],` +
    `"name":[{"use":"official","family":${qText(d.family_name)},"given":[${qText(d.given_name)}]}],` +
    `"gender":"${p.gender}","birthDate":"${d.birthdate}"` +
    (died === undefined ? '' : `,"deceasedDateTime":"${died}"`) +
    '}';
  return { type: 'Patient', id: p.uuid, json };
}

const locationJson = (f: Facility): string =>
  `{"resourceType":"Location","id":"${LOCATIONS[f].id}","status":"active","name":${q(LOCATIONS[f].name)},"mode":"kind"}`;

const LOCATION_ENTRIES = Object.fromEntries(
  (Object.keys(LOCATIONS) as Facility[]).map((f) => [f, { type: 'Location', id: LOCATIONS[f].id, json: flatAscii(locationJson(f)) }]),
) as Record<Facility, FhirEntry>;

/** The shared Location of a role (same id and content for every patient). */
export function locationResource(f: Facility): FhirEntry {
  return LOCATION_ENTRIES[f];
}

export const ALL_LOCATIONS: readonly FhirEntry[] = Object.values(LOCATION_ENTRIES);
