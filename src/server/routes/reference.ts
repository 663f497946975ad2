import { Type } from '@sinclair/typebox';
import { referenceNationalities } from '../../engine/index.js';
import type { App } from '../app-type.js';

const FACILITY_TYPES = [
  { id: 'POI', name: 'Point of Injury' },
  { id: 'R1', name: 'Role 1' },
  { id: 'R2', name: 'Role 2' },
  { id: 'R3', name: 'Role 3' },
  { id: 'R4', name: 'Role 4' },
];
const CONDITION_TYPES = ['DISEASE', 'NON_BATTLE', 'BATTLE_TRAUMA'];
const BASE = '/api/v1/configurations/reference';
const tags = ['reference'];

/** Public reference lists the scenario builder and v1 clients read. */
export function registerReferenceRoutes(app: App): void {
  const nations = referenceNationalities();
  app.get(`${BASE}/nationalities/`, {
    schema: { tags, summary: 'The 32 NATO nations', response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) } },
  }, async () => nations);
  app.get(`${BASE}/condition-types/`, {
    schema: { tags, summary: 'Condition categories', response: { 200: Type.Array(Type.String()) } },
  }, async () => CONDITION_TYPES);
  app.get(`${BASE}/facility-types/`, {
    schema: { tags, summary: 'Medical facilities of the evacuation chain', response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) } },
  }, async () => FACILITY_TYPES);
}
