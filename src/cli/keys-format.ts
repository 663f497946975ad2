import type { KeyLimits, KeyRecord, UsageReport, UsageStats } from '../auth/index.js';
import { plural } from './io.js';

/** Plain-text renderings of keys, usage and stats for `medgen keys`. */

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const when = (iso: string | null, none = 'never'): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : none);
const n = (v: number): string => v.toLocaleString('en-US');
const orUnlimited = (v: number | null): string => (v === null ? 'unlimited' : n(v));

export function keyType(k: KeyRecord): string {
  return [k.is_demo ? 'demo' : 'live', ...(k.is_admin ? ['admin'] : [])].join('+');
}

export function limitsLine(l: KeyLimits): string {
  return `${n(l.patients_per_request)} patients/request, ${n(l.requests_per_minute)}/minute, ${n(l.requests_per_hour)}/hour, `
    + `${orUnlimited(l.requests_per_day)}/day, ${orUnlimited(l.patients_per_day)} patients/day`;
}

/** `label: value` lines with the labels aligned. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length)) + 1;
  return pairs.map(([k, v]) => `  ${`${k}:`.padEnd(width)} ${v}`).join('\n') + '\n';
}

export function keyDetails(k: KeyRecord, displayKey: string): string {
  return fields([
    ['ID', k.id],
    ['Key', displayKey],
    ['Name', k.name],
    ['Email', k.email ?? '-'],
    ['Status', k.status],
    ['Type', keyType(k)],
    ['Created', when(k.created_at)],
    ['Updated', when(k.updated_at)],
    ['Expires', when(k.expires_at)],
    ['Last used', when(k.last_used_at)],
    ['Limits', limitsLine(k.limits)],
    ...(k.usage ? [['Usage', `${n(k.usage.requests)} requests, ${n(k.usage.patients)} patients, ${n(k.usage.bytes)} bytes (all time)`] as const] : []),
    ...(Object.keys(k.metadata).length > 0 ? [['Metadata', JSON.stringify(k.metadata)] as const] : []),
  ]);
}

const LIST_HEADERS = ['ID', 'KEY', 'NAME', 'EMAIL', 'STATUS', 'TYPE', 'REQUESTS', 'LAST USED'];

export function keyListTable(keys: readonly KeyRecord[]): string {
  if (keys.length === 0) return 'No API keys found.\n';
  return table(LIST_HEADERS, keys.map((k) => [
    k.id, `${k.key_prefix}...`, k.name, k.email ?? '-', k.status, keyType(k), n(k.usage?.requests ?? 0), when(k.last_used_at),
  ])) + `${plural(keys.length, 'key')}\n`;
}

const CSV_HEADERS = ['id', 'key_prefix', 'name', 'email', 'status', 'is_active', 'is_demo', 'is_admin', 'patients_per_request',
  'requests_per_minute', 'requests_per_hour', 'requests_per_day', 'patients_per_day', 'created_at', 'expires_at', 'last_used_at',
  'total_requests', 'total_patients', 'total_bytes'];

export function keyListCsv(keys: readonly KeyRecord[]): string {
  return csv(CSV_HEADERS, keys.map((k) => [
    k.id, k.key_prefix, k.name, k.email ?? '', k.status, String(k.is_active), String(k.is_demo), String(k.is_admin),
    String(k.limits.patients_per_request), String(k.limits.requests_per_minute), String(k.limits.requests_per_hour),
    k.limits.requests_per_day === null ? '' : String(k.limits.requests_per_day), k.limits.patients_per_day === null ? '' : String(k.limits.patients_per_day),
    k.created_at, k.expires_at ?? '', k.last_used_at ?? '', String(k.usage?.requests ?? 0), String(k.usage?.patients ?? 0), String(k.usage?.bytes ?? 0),
  ]));
}

export function usageText(u: UsageReport): string {
  const head = `Usage of '${u.name}' (${u.key_id}), last ${plural(u.days, 'day')} (UTC)\n\n`;
  const days = u.daily.length === 0 ? 'No usage recorded in this period.\n'
    : table(['DAY', 'REQUESTS', 'PATIENTS', 'BYTES'], [
      ...u.daily.map((d) => [d.day, n(d.requests), n(d.patients), n(d.bytes)]),
      ['total', n(u.totals.requests), n(u.totals.patients), n(u.totals.bytes)],
    ]);
  const today = fields([
    ['Requests today', `${n(u.today.requests)} of ${orUnlimited(u.limits.requests_per_day)}`],
    ['Patients today', `${n(u.today.patients)} of ${orUnlimited(u.limits.patients_per_day)}`],
    ['Last used', when(u.last_used_at)],
  ]);
  return `${head}${days}\n${today}`;
}

export function statsText(s: UsageStats): string {
  const keys = fields([
    ['Keys', `${s.keys.total} (${s.keys.active} active, ${s.keys.inactive} inactive, ${s.keys.expired} expired; ${s.keys.demo} demo, ${s.keys.admin} admin)`],
    ['Requests', n(s.totals.requests)],
    ['Patients', n(s.totals.patients)],
    ['Bytes', n(s.totals.bytes)],
  ]);
  const daily = s.daily.length === 0 ? 'No usage recorded in this period.\n'
    : table(['DAY', 'KEYS', 'REQUESTS', 'PATIENTS', 'BYTES'], s.daily.map((d) => [d.day, n(d.keys), n(d.requests), n(d.patients), n(d.bytes)]));
  const top = s.top_keys.length === 0 ? ''
    : `\nMost used keys\n${table(['KEY', 'NAME', 'REQUESTS', 'PATIENTS'], s.top_keys.map((t) => [`${t.key_prefix}...`, t.name, n(t.requests), n(t.patients)]))}`;
  return `API usage, last ${plural(s.period_days, 'day')} (since ${s.since}, UTC)\n\n${keys}\n${daily}${top}`;
}
