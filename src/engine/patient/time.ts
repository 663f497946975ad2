/**
 * Integer UTC calendar arithmetic and a cached ISO 8601 formatter. No Date objects: the
 * generator's hot loop formats many timestamps per patient, and integer math is both faster
 * and immune to the host's time zone.
 */

/** Two-digit strings "00"…"99". */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

const SECONDS_PER_DAY = 86400;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Date of a day number, packed as year × 10000 + month × 100 + day (no allocation). */
export function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10000 + month * 100 + day;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] as number);
}

/** `YYYY-MM-DD` of a packed date. */
export function formatPackedDate(packed: number): string {
  const year = Math.floor(packed / 10000);
  const md = packed - year * 10000;
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${PAD2[Math.floor(md / 100)] as string}-${PAD2[md % 100] as string}`;
}

/** Whole years between a birth date and a date, both packed (birthday rule: month/day reached). */
export function ageAt(birthPacked: number, atPacked: number): number {
  const by = Math.floor(birthPacked / 10000);
  const ay = Math.floor(atPacked / 10000);
  return ay - by - (atPacked % 10000 < birthPacked % 10000 ? 1 : 0);
}

/**
 * Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`. The date part is cached per day, so a
 * timestamp costs one map look-up and a few concatenations.
 */
export class IsoFormatter {
  /** Date prefixes by day number − firstDay; the first day formatted anchors the table. */
  private readonly days: string[] = [];
  private firstDay = NaN;

  private prefix(day: number): string {
    if (Number.isNaN(this.firstDay)) this.firstDay = day - 1;
    const i = day - this.firstDay;
    if (i < 0 || i > 4096) return `${formatPackedDate(civilFromDays(day))}T`;
    let p = this.days[i];
    if (p === undefined) {
      p = `${formatPackedDate(civilFromDays(day))}T`;
      this.days[i] = p;
    }
    return p;
  }

  format(epochSeconds: number): string {
    const day = Math.floor(epochSeconds / SECONDS_PER_DAY);
    const prefix = this.prefix(day);
    let s = epochSeconds - day * SECONDS_PER_DAY;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    return `${prefix}${PAD2[h] as string}:${PAD2[m] as string}:${PAD2[s] as string}Z`;
  }
}

/** Hours between two instants in seconds, rounded to 2 decimals (§1.5). */
export function hoursRounded(seconds: number): number {
  return Math.round(seconds / 36) / 100;
}
