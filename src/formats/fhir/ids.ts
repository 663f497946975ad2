/**
 * Deterministic FHIR resource ids. Every resource of a patient gets a UUID derived from the
 * patient's own (seeded, deterministic) UUID and the resource's ordinal within the patient:
 * the last 32 bits are XORed with a multiplicative hash of the ordinal. Ordinal 0 is the
 * patient's UUID itself; distinct ordinals give distinct ids; the version and variant nibbles
 * are untouched, so each id is still a valid RFC 4122 UUID usable as `urn:uuid:`.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 8 lowercase hex digits of an unsigned 32-bit integer (Number#toString(16) is slow on non-Smis). */
function hex8(n: number): string {
  return (HEX[n >>> 24] as string) + (HEX[(n >>> 16) & 255] as string) + (HEX[(n >>> 8) & 255] as string) + (HEX[n & 255] as string);
}

export class ResourceIds {
  private readonly prefix: string;
  private readonly tail: number;

  constructor(readonly patientUuid: string) {
    this.prefix = patientUuid.slice(0, 28);
    this.tail = Number.parseInt(patientUuid.slice(28), 16);
  }

  id(ordinal: number): string {
    if (ordinal === 0) return this.patientUuid;
    return this.prefix + hex8((this.tail ^ Math.imul(ordinal, 0x9e3779b1)) >>> 0);
  }
}

export function resourceUuid(patientUuid: string, ordinal: number): string {
  return new ResourceIds(patientUuid).id(ordinal);
}

/** How references are written: inside a Bundle as `urn:uuid:…`, in bulk files as `Type/id`. */
export type RefStyle = 'bundle' | 'bulk';

export function referenceTo(style: RefStyle, type: string, id: string): string {
  return style === 'bundle' ? `urn:uuid:${id}` : `${type}/${id}`;
}
