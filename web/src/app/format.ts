/**
 * What the UI shows a planner: ISO dates and 24-hour UTC times, counted nouns with the right
 * plural, and the engine's codes (BATTLE_TRAUMA, Remains_Role4, front_configs[1]…) in the
 * words the form uses. Pure, so it is unit-tested.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

function toDate(v: Date | string | number): Date | undefined {
  const d = v instanceof Date ? v : new Date(v);
  return Number.isFinite(d.getTime()) ? d : undefined;
}

/** "2025-06-01" (UTC); "—" for an unreadable value. */
export function isoDate(v: Date | string | number): string {
  const d = toDate(v);
  return d ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : '—';
}

/** "14:05" (UTC, 24-hour). */
export function utcTime(v: Date | string | number): string {
  const d = toDate(v);
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : '—';
}

/** "2025-06-01 14:05 UTC". */
export function isoDateTime(v: Date | string | number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const d = toDate(v);
  return d ? `${isoDate(d)} ${utcTime(d)} UTC` : '—';
}

export const fmtInt = (n: number): string => n.toLocaleString('en-US');

/** "1 file", "2 files", "1,250 patients"; irregular plurals passed in. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

/** Final statuses in the words of an exercise planner; unknown codes are shown as they are. */
export const OUTCOME_LABELS: Record<string, string> = {
  KIA: 'Killed in action',
  DOW: 'Died of wounds',
  RTD: 'Returned to duty',
  Remains_Role4: 'Remains at Role 4',
  Died_DNBI: 'Died (disease/non-battle)',
};

/** Short forms for tight places (chips, tallies, chart legends). */
export const OUTCOME_SHORT: Record<string, string> = {
  KIA: 'KIA', DOW: 'DOW', RTD: 'RTD', Remains_Role4: 'Remains at Role 4', Died_DNBI: 'Died (disease/non-battle)',
};

export const outcomeLabel = (code: string): string => OUTCOME_LABELS[code] ?? code.replace(/_/g, ' ');
export const outcomeShort = (code: string): string => OUTCOME_SHORT[code] ?? code.replace(/_/g, ' ');

export const INJURY_TYPE_LABELS: Record<string, string> = {
  BATTLE_TRAUMA: 'Battle injury', NON_BATTLE: 'Non-battle injury', DISEASE: 'Disease',
};

export const injuryTypeLabel = (code: string): string => INJURY_TYPE_LABELS[code] ?? code.replace(/_/g, ' ');

const FACILITY_LABELS: Record<string, string> = { POI: 'Point of injury', R1: 'Role 1', R2: 'Role 2', R3: 'Role 3', R4: 'Role 4' };

/** POI, R1, Role1, ROLE_1 → "Point of injury", "Role 1". */
export function facilityLabel(code: string): string {
  const m = /^(?:R|ROLE_?\s?)([1-4])$/i.exec(code.trim());
  if (m) return `Role ${m[1]}`;
  return FACILITY_LABELS[code] ?? code.replace(/_/g, ' ');
}

/** Day, hour and minute of scenario time t (hours since 00:00Z of the base date) as a date: "2025-06-02 14:30 UTC". */
export function scenarioDateTime(originMs: number, t: number): string {
  return isoDateTime(originMs + Math.floor(t * 60 + 1e-6) * 60_000);
}

const TOP_FIELD_LABELS: Record<string, string> = {
  name: 'Name', description: 'Description', total_patients: 'Patients', count: 'Patients', seed: 'Seed',
  days_of_fighting: 'Days of fighting', duration_days: 'Days of fighting', base_date: 'Base date', warfare_types: 'Warfare types',
  intensity: 'Intensity', tempo: 'Tempo', special_events: 'Special events', environmental_conditions: 'Environmental conditions',
  injury_mix: 'Injury mix', injury_distribution: 'Injury mix', front_configs: 'Fronts', exact_quotas: 'Exact quotas',
  female_ratio: 'Female share', facility_configs: 'Advanced: role rates', evacuation_times: 'Advanced: stay at each role',
  transit_times: 'Advanced: transit between roles',
};

const FRONT_FIELD_LABELS: Record<string, string> = {
  id: 'id', name: 'name', casualty_rate: 'casualty rate', nationality_distribution: 'nationalities',
  percentage: 'percentage', nationality_code: 'nation',
};

/**
 * A scenario path in the form's words: `front_configs[1].nationality_distribution[0].percentage`
 * → "Front 2, nation 1, percentage"; `total_patients` → "Patients". Unknown parts stay readable.
 */
export function fieldLabel(path: string): string {
  if (path === '') return 'Scenario';
  const parts: string[] = [];
  let rest = path;
  let m = /^front_configs\[(\d+)\]/.exec(rest);
  if (m) {
    parts.push(`Front ${Number(m[1]) + 1}`);
    rest = rest.slice(m[0].length);
    m = /^\.nationality_distribution\[(\d+)\]/.exec(rest);
    if (m) {
      parts.push(`nation ${Number(m[1]) + 1}`);
      rest = rest.slice(m[0].length);
    }
    for (const key of rest.split('.').filter((k) => k !== '')) parts.push(FRONT_FIELD_LABELS[key] ?? key.replace(/_/g, ' '));
    return parts.join(', ');
  }
  m = /^([A-Za-z_]+)(.*)$/.exec(path);
  if (!m) return path;
  const head = TOP_FIELD_LABELS[m[1] as string] ?? (m[1] as string).replace(/_/g, ' ');
  const tail = (m[2] ?? '').replace(/^\./, '').replace(/\["([^"]+)"\]/g, '.$1').split('.').filter((k) => k !== '')
    .map((k) => INJURY_TYPE_LABELS[k] ?? (/^(POI|R[1-4])$/.test(k) ? facilityLabel(k) : k.replace(/_/g, ' ')));
  return [head, ...tail].join(', ');
}
