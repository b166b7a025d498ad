/**
 * Every time value SQLite's date functions read (https://sqlite.org/lang_datefunc.html), read as they
 * read it, so a row another tool wrote means to Oxen what it means to `datetime(value, 'auto')`:
 * - `YYYY-MM-DD`, then optionally whitespace or `T` and `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f…` (any
 *   number of fraction digits, rounded to the millisecond as SQLite does); `HH:MM…` alone is a time
 *   on 2000-01-01. Then optionally `Z` or `[+-]HH:MM`, converted to UTC; without one the time is UTC.
 * - numbers, and text that is a number, by SQLite's `auto` rule: 0 to 5373484.5 is a julian day
 *   number, -210866760000 to 253402300799 otherwise unix seconds.
 * - also the ISO-8601 extended years (`+012345-…`, `-000001-…`) Oxen writes for years outside
 *   0000–9999, in JS's calendar.
 * Anything else — including `now`, which is a clock reading rather than a stored value — gives NaN.
 * The grammar follows SQLite's date.c (parseYyyyMmDd, parseHhMmSs, parseTimezone, computeJD,
 * autoAdjustDate), including its integer arithmetic for negative years.
 */
import { daysFromCivil } from './parse-iso-utc.js';

const S = '[ \\t\\n\\v\\f\\r]';
const TIME = `(\\d\\d):(\\d\\d)(?::(\\d\\d)(?:\\.(\\d+))?)?${S}*(?:([zZ])|([+-])(\\d\\d):(\\d\\d))?${S}*`;
const DATE_TIME = new RegExp(`^([+-]\\d{6}|-?\\d{4})-(\\d\\d)-(\\d\\d)[ \\t\\n\\v\\f\\rT]*(?:${TIME})?$`);
const TIME_ONLY = new RegExp(`^${TIME}$`);
const NUMBER = new RegExp(`^${S}*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?${S}*$`);

/** Milliseconds between the julian day epoch (-4713-11-24 12:00) and the unix epoch. */
const JD_UNIX_MS = 210_866_760_000_000;

/** Epoch milliseconds of a value SQLite reads as a time, or NaN. */
export function sqliteDatetimeMs(value: string | number | bigint): number {
  if (typeof value !== 'string') return numberMs(Number(value));
  const m = DATE_TIME.exec(value);
  if (m !== null) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
    if (m[1]!.length === 7) return daysFromCivil(year, month, day) * 86_400_000 + (m[4] === undefined ? 0 : timeMs(m, 4));
    if (year < -4713) return NaN;
    return inJulianRange(julianDateMs(year, month, day) + (m[4] === undefined ? 0 : timeMs(m, 4)));
  }
  const t = TIME_ONLY.exec(value);
  if (t !== null) return inJulianRange(julianDateMs(2000, 1, 1) + timeMs(t, 1));
  return NUMBER.test(value) ? numberMs(Number(value)) : NaN;
}

/** SQLite answers NULL outside julian days 0 (-4713-11-24 12:00) to 9999-12-31 23:59:59.999. */
function inJulianRange(ms: number): number {
  return ms >= -JD_UNIX_MS && ms <= 253_402_300_799_999 ? ms : NaN;
}

/** SQLite's computeJD for a date: Meeus' formula with C's truncating division, as epoch ms. */
function julianDateMs(year: number, month: number, day: number): number {
  if (month <= 2) {
    year--;
    month += 12;
  }
  const a = Math.trunc(year / 100);
  const b = 2 - a + Math.trunc(a / 4);
  const x1 = Math.trunc((36525 * (year + 4716)) / 100);
  const x2 = Math.trunc((306001 * (month + 1)) / 10000);
  return (x1 + x2 + day + b - 1524.5) * 86_400_000 - JD_UNIX_MS;
}

/** The time groups of m from `at` (hour, minute, second, fraction, Z, sign, zone hour, zone minute) as ms, or NaN. */
function timeMs(m: RegExpExecArray, at: number): number {
  const hour = Number(m[at]);
  const minute = Number(m[at + 1]);
  const second = m[at + 2] === undefined ? 0 : Number(m[at + 2]);
  if (hour > 24 || minute > 59 || second > 59) return NaN;
  let fraction = 0;
  const digits = m[at + 3];
  if (digits !== undefined) {
    // As parseHhMmSs: accumulate in a double, cap below the next second, round to the millisecond.
    let scale = 1;
    for (let i = 0; i < digits.length; i++) {
      fraction = fraction * 10 + (digits.charCodeAt(i) - 48);
      scale *= 10;
    }
    fraction /= scale;
    if (fraction > 0.999) fraction = 0.999;
  }
  let ms = hour * 3_600_000 + minute * 60_000 + Math.floor((second + fraction) * 1000 + 0.5);
  const sign = m[at + 5];
  if (sign !== undefined) {
    const zoneHour = Number(m[at + 6]);
    const zoneMinute = Number(m[at + 7]);
    if (zoneHour > 14 || zoneMinute > 59) return NaN;
    ms -= (sign === '-' ? -1 : 1) * (zoneHour * 60 + zoneMinute) * 60_000;
  }
  return ms;
}

/** SQLite's `auto` modifier: a julian day number where one can be, else unix seconds, else nothing. */
function numberMs(r: number): number {
  if (r >= 0 && r < 5_373_484.5) return Math.floor(r * 86_400_000 + 0.5) - JD_UNIX_MS;
  if (r >= -210_866_760_000 && r <= 253_402_300_799) return Math.floor(r * 1000 + JD_UNIX_MS + 0.5) - JD_UNIX_MS;
  return NaN;
}
