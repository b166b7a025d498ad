/**
 * Instants as SQLite text: the one form Oxen writes, and the form of a value someone else wrote.
 *
 * SQLite has no datetime type; a column holds text (or numbers), and `<`, `ORDER BY`, `MIN` compare the
 * text byte by byte. So Oxen writes the form SQLite's own functions (`datetime()`, `CURRENT_TIMESTAMP`),
 * Django and Rails write — `YYYY-MM-DD HH:MM:SS` in UTC — adding `.SSS` only when the milliseconds are
 * not zero: `2024-06-01 04:00:00`, `2024-06-01 04:00:00.120`. A whole second is then the same text
 * whichever of those tools wrote it, so `at >= '2024-06-01 04:00:00'` finds the row every one of them
 * wrote for that second. Years outside 0000–9999 cannot be spelled this way and get ISO-8601 extended
 * years (`±YYYYYY`), which do not sort among the rest.
 */

/** The canonical text of an instant (UTC, space separator, no zone, `.SSS` only when not zero). */
export function formatSqliteDatetime(value: Date): string {
  const year = value.getUTCFullYear();
  const ms = value.getUTCMilliseconds();
  let text = yearText(year) + '-' + two(value.getUTCMonth() + 1) + '-' + two(value.getUTCDate()) + ' ' + two(value.getUTCHours()) + ':' + two(value.getUTCMinutes()) + ':' + two(value.getUTCSeconds());
  if (ms !== 0) text += ms < 10 ? '.00' + ms : ms < 100 ? '.0' + ms : '.' + ms;
  return text;
}

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * Years outside 0000–9999 as ISO-8601 extended years (`-000001`, `+012345`), which Oxen reads in the
 * proleptic Gregorian calendar as JS does. Not SQLite's `-YYYY`: SQLite's own arithmetic puts some
 * negative years a day away from JS's calendar, so the value would not read back as written.
 */
function yearText(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0');
}

/**
 * The form one stored value is in, for `oxen inspect` to sample a text date column with.
 *
 * Compare correctly, as text, with the canonical form (`datetimeFormComparesCorrectly`):
 * - `canonical`: what Oxen writes, `YYYY-MM-DD HH:MM:SS[.SSS]` (a real calendar date, no `.000`).
 * - `sqlite-text`: the rest of SQLite's own spelling, one space, no zone: `YYYY-MM-DD HH:MM`, and
 *   seconds with another number of fraction digits (`.5`, `.000`, Django's and Rails' `.123456`).
 * - `date-only`: `YYYY-MM-DD`.
 *   These three order correctly against canonical values except where two spellings name the same
 *   instant: text calls the shorter one smaller (`04:00:00` < `04:00:00.000`, `04:00` < `04:00:00`,
 *   `2024-06-01` < `2024-06-01 00:00:00`), so an exact match, or a `gte`/`lt` bound landing exactly on
 *   such a value, misses it. (A whole second is spelled alike by Oxen and by `datetime()`.)
 *
 * Do not compare correctly (a filter, ORDER BY, MIN or MAX over them answers by text, not by time):
 * - `iso-t`: `T` between date and time, no zone (`T` sorts after the space).
 * - `iso-zoned`: any spelling with `Z` or `[+-]HH:MM` (Oxen's own form before this one, `…T…Z`).
 * - `time-only`: `HH:MM[:SS[.SSS]]`, which SQLite reads as a time on 2000-01-01.
 * - `number`: a julian day number or unix seconds, as a number or as numeric text.
 * - `irregular`: other spellings SQLite or Oxen read — several or other whitespace between date and
 *   time, trailing whitespace, hour 24, a day past the end of its month, years outside 0000–9999.
 * Not a datetime at all: `invalid` (neither SQLite's date functions nor Oxen read it), `null`.
 * The form goes by spelling and field ranges: a value past the very ends of SQLite's range (before
 * -4713-11-24 12:00, or after 9999-12-31 once its zone is applied) is classed by its spelling.
 */
export type DatetimeTextForm = 'canonical' | 'sqlite-text' | 'date-only' | 'iso-t' | 'iso-zoned' | 'time-only' | 'number' | 'irregular' | 'invalid' | 'null';

const COMPARABLE: ReadonlySet<DatetimeTextForm> = new Set(['canonical', 'sqlite-text', 'date-only']);

/** Whether values of this form compare and sort correctly, as text, with canonical ones (see above). */
export function datetimeFormComparesCorrectly(form: DatetimeTextForm): boolean {
  return COMPARABLE.has(form);
}

/** Exactly what `formatSqliteDatetime` writes for a year in 0000–9999. */
export function isCanonicalDatetimeText(value: unknown): boolean {
  return datetimeTextForm(value) === 'canonical';
}

// SQLite's grammar (date.c: parseYyyyMmDd, parseHhMmSs, parseTimezone, sqlite3AtoF): C's isspace, not
// JS's \s, which also takes non-ASCII spaces. Oxen also reads the extended years it once wrote.
const S = '[ \\t\\n\\v\\f\\r]';
const TIME = `(\\d\\d):(\\d\\d)(?::(\\d\\d)(?:\\.(\\d+))?)?${S}*(?:([zZ])|([+-])(\\d\\d):(\\d\\d))?${S}*`;
const DATE_TIME = new RegExp(`^([+-]\\d{6}|-?\\d{4})-(\\d\\d)-(\\d\\d)([ \\t\\n\\v\\f\\rT]*)(?:${TIME})?$`);
const TIME_ONLY = new RegExp(`^${TIME}$`);
const NUMBER = new RegExp(`^${S}*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?${S}*$`);
const CANONICAL = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3})?$/;

export function datetimeTextForm(value: unknown): DatetimeTextForm {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return numberInRange(Number(value)) ? 'number' : 'invalid';
  if (typeof value !== 'string') return 'invalid';
  const m = DATE_TIME.exec(value);
  if (m !== null) return dateTimeForm(value, m);
  const t = TIME_ONLY.exec(value);
  if (t !== null) return timeInRange(t, 1) ? 'time-only' : 'invalid';
  if (NUMBER.test(value)) return numberInRange(Number(value)) ? 'number' : 'invalid';
  return 'invalid';
}

function dateTimeForm(value: string, m: RegExpExecArray): DatetimeTextForm {
  const [, yearText, monthText, dayText, separator] = m;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const extended = yearText!.length === 7;
  // SQLite's own limits: -4713 is the first year of its julian day numbers.
  if (month < 1 || month > 12 || day < 1 || day > 31 || (!extended && year < -4713)) return 'invalid';
  const hasTime = m[5] !== undefined;
  if (hasTime && !timeInRange(m, 5)) return 'invalid';
  const regular = year >= 0 && year <= 9999 && !extended && day <= daysInMonth(year, month) && (!hasTime || Number(m[5]) < 24);
  if (!regular) return 'irregular';
  if (!hasTime) return separator === '' && value.length === 10 ? 'date-only' : 'irregular';
  if (m[9] !== undefined || m[10] !== undefined) return 'iso-zoned';
  // The separator and the time matched; anything beyond them is whitespace.
  const plain = value.length === 10 + separator!.length + timeLength(m);
  if (!plain || separator!.length !== 1) return 'irregular';
  if (separator === 'T') return 'iso-t';
  if (separator !== ' ') return 'irregular';
  return CANONICAL.test(value) && !value.endsWith('.000') ? 'canonical' : 'sqlite-text';
}

/** Hours 0–24, minutes and seconds 0–59, zone hours 0–14: what SQLite's getDigits takes. */
function timeInRange(m: RegExpExecArray, at: number): boolean {
  if (Number(m[at]) > 24 || Number(m[at + 1]) > 59) return false;
  if (m[at + 2] !== undefined && Number(m[at + 2]) > 59) return false;
  if (m[at + 5] !== undefined && (Number(m[at + 6]) > 14 || Number(m[at + 7]) > 59)) return false;
  return true;
}

/** `HH:MM`, `:SS`, `.f…` as matched, without any trailing whitespace or zone. */
function timeLength(m: RegExpExecArray): number {
  return 5 + (m[7] !== undefined ? 3 : 0) + (m[8] !== undefined ? 1 + m[8].length : 0);
}

/** SQLite's `auto` rule takes julian day numbers 0–5373484.5 and unix seconds -210866760000–253402300799. */
function numberInRange(n: number): boolean {
  return (n >= 0 && n < 5_373_484.5) || (n >= -210_866_760_000 && n <= 253_402_300_799);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
