import { CASUALTY_EVENT_TYPES, FACILITIES, type CasualtyEvent } from '../engine/index.js';

/**
 * Which events a subscriber wants: for each field the values it accepts (any of them); a field
 * left out accepts everything. One shape for SSE query strings and webhook subscriptions.
 */
export interface EventFilter {
  front?: string[];
  nation?: string[];
  role?: string[];
  type?: string[];
}

export const FILTER_FIELDS = ['front', 'nation', 'role', 'type'] as const;

export function matches(f: EventFilter, e: CasualtyEvent): boolean {
  return (!f.front || f.front.includes(e.front))
    && (!f.nation || f.nation.includes(e.nation))
    && (!f.role || f.role.includes(e.role))
    && (!f.type || f.type.includes(e.type));
}

export interface FilterProblem { path: string; message: string }

/**
 * Reads a filter from strings or lists of strings (`role=R1,R2` or `role: ["R1", "R2"]`),
 * naming each field whose value cannot match anything. `prefix` places the paths (query or body).
 */
export function readFilter(input: Record<string, unknown>, prefix: string, fronts: readonly string[]): { filter: EventFilter; problems: FilterProblem[] } {
  const filter: EventFilter = {};
  const problems: FilterProblem[] = [];
  const allowed: Record<(typeof FILTER_FIELDS)[number], readonly string[] | undefined> = {
    front: fronts, nation: undefined, role: FACILITIES, type: CASUALTY_EVENT_TYPES,
  };
  for (const field of FILTER_FIELDS) {
    const raw = input[field];
    if (raw === undefined || raw === null || raw === '') continue;
    const list = Array.isArray(raw) ? raw : String(raw).split(',');
    const values = list.map((v) => String(v).trim()).filter((v) => v !== '');
    const path = prefix ? `${prefix}.${field}` : field;
    if (values.length === 0 || list.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
      problems.push({ path, message: 'must be a list of values (or a comma-separated text)' });
      continue;
    }
    const known = allowed[field];
    const unknown = known ? values.filter((v) => !known.includes(v)) : values.filter((v) => !/^[A-Z]{3}$/.test(v));
    if (unknown.length > 0) {
      problems.push({ path, message: known ? `unknown ${field} ${unknown.map((v) => `"${v}"`).join(', ')}; allowed: ${known.join(', ')}` : `unknown nation ${unknown.map((v) => `"${v}"`).join(', ')}; give NATO alpha-3 codes` });
      continue;
    }
    filter[field] = [...new Set(values)];
  }
  return { filter, problems };
}
