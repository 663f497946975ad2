import type { Patient } from '../../engine/index.js';
import { referenceTo, ResourceIds, type RefStyle } from './ids.js';
import { reference } from './json-text.js';

/** One resource ready to write: its type, id and JSON text. */
export interface FhirEntry {
  readonly type: string;
  readonly id: string;
  readonly json: string;
}

/** Per-patient state while its resources are built: id allocation and reference style. */
export class BuildContext {
  private next = 2; // 0 is the Patient, 1 the Bundle
  private readonly ids: ResourceIds;
  /** `{"reference":"…"}` to the Patient, built once. */
  readonly subject: string;

  constructor(readonly patient: Patient, readonly style: RefStyle) {
    this.ids = new ResourceIds(patient.uuid);
    this.subject = reference(this.ref('Patient', patient.uuid));
  }

  /** The next deterministic resource id of this patient. */
  id(): string {
    return this.ids.id(this.next++);
  }

  ref(type: string, id: string): string {
    return referenceTo(this.style, type, id);
  }
}
