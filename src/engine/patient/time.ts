/**
 * Integer UTC calendar arithmetic and a cached ISO 8601 formatter. No Date objects: the
 * generator's hot loop formats many timestamps per patient, and integer math is both faster
 * and immune to the host's time zone.
 */

/** Two-digit strings "00"…"99". */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

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

/** Hour prefixes kept: about eleven years from the first timestamp formatted. */
const HOUR_SPAN = 100_000;

const ZERO = 0x30;

/**
 * Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`. The character codes of the `YYYY-MM-DDTHH:`
 * part are cached per hour, and the timestamp is made by one String.fromCharCode call: a patient
 * has some twenty timestamps, and a concatenation would make each a two-part string that every
 * writer must first flatten into a copy before reading its characters.
 */
export class IsoFormatter {
  /** Hour prefixes' character codes by hour number − firstHour; the first hour formatted anchors the table. */
  private readonly hours: Uint8Array[] = [];
  private firstHour = NaN;

  private static prefix(hour: number): string {
    const day = Math.floor(hour / 24);
    return `${formatPackedDate(civilFromDays(day))}T${PAD2[hour - day * 24] as string}:`;
  }

  format(epochSeconds: number): string {
    const hour = Math.floor(epochSeconds / 3600);
    if (Number.isNaN(this.firstHour)) this.firstHour = hour - 48;
    const i = hour - this.firstHour;
    const kept = i >= 0 && i < HOUR_SPAN;
    const r = epochSeconds - hour * 3600;
    let p = kept ? this.hours[i] : undefined;
    if (p === undefined) {
      const prefix = IsoFormatter.prefix(hour);
      // Years of other than four digits (outside any scenario's dates) keep the plain path.
      if (prefix.length !== 14) return prefix + IsoFormatter.minuteSecond(r);
      p = Uint8Array.from(prefix, (c) => c.charCodeAt(0));
      if (kept) this.hours[i] = p;
    }
    const m = Math.floor(r / 60);
    const s = r - m * 60;
    const m10 = Math.floor(m / 10);
    const s10 = Math.floor(s / 10);
    return String.fromCharCode(
      p[0] as number, p[1] as number, p[2] as number, p[3] as number, p[4] as number, p[5] as number, p[6] as number,
      p[7] as number, p[8] as number, p[9] as number, p[10] as number, p[11] as number, p[12] as number, p[13] as number,
      ZERO + m10, ZERO + m - m10 * 10, 0x3a, ZERO + s10, ZERO + s - s10 * 10, 0x5a,
    );
  }

  /** `MM:SSZ` of a second of the hour. */
  private static minuteSecond(r: number): string {
    const m = Math.floor(r / 60);
    return `${PAD2[m] as string}:${PAD2[r - m * 60] as string}Z`;
  }
}

/** Hours between two instants in seconds, rounded to 2 decimals (§1.5). */
export function hoursRounded(seconds: number): number {
  return Math.round(seconds / 36) / 100;
}
