/** Viewer filters: search by id or name, nation, triage, injury type, final status, front. */
import type { ViewerPatient } from './input.js';

export interface Filters {
  search: string;
  nation: string;
  triage: string;
  injuryType: string;
  status: string;
  front: string;
}

export const NO_FILTERS: Filters = { search: '', nation: '', triage: '', injuryType: '', status: '', front: '' };

export const isFiltering = (f: Filters): boolean => Object.values(f).some((v) => v !== '');

const fold = (s: string): string => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** 1 for each patient the filters keep, 0 otherwise. */
export function filterMask(patients: readonly ViewerPatient[], f: Filters): Uint8Array {
  const mask = new Uint8Array(patients.length);
  const terms = fold(f.search).split(/\s+/).filter((t) => t !== '');
  patients.forEach((p, i) => {
    if (f.nation && p.nationality !== f.nation) return;
    if (f.triage && p.triage !== f.triage) return;
    if (f.injuryType && p.injuryType !== f.injuryType) return;
    if (f.status && p.status !== f.status) return;
    if (f.front && p.front !== f.front) return;
    if (terms.length > 0) {
      const hay = fold(`${p.id} ${p.given} ${p.family}`);
      if (!terms.every((t) => hay.includes(t))) return;
    }
    mask[i] = 1;
  });
  return mask;
}

/** The distinct values of each filterable field, sorted, for the filter menus. */
export function filterOptions(patients: readonly ViewerPatient[]): Record<'nation' | 'triage' | 'injuryType' | 'status' | 'front', string[]> {
  const sets = { nation: new Set<string>(), triage: new Set<string>(), injuryType: new Set<string>(), status: new Set<string>(), front: new Set<string>() };
  for (const p of patients) {
    if (p.nationality) sets.nation.add(p.nationality);
    if (p.triage) sets.triage.add(p.triage);
    if (p.injuryType) sets.injuryType.add(p.injuryType);
    if (p.status) sets.status.add(p.status);
    if (p.front) sets.front.add(p.front);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { nation: sorted(sets.nation), triage: sorted(sets.triage), injuryType: sorted(sets.injuryType), status: sorted(sets.status), front: sorted(sets.front) };
}
