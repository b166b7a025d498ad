/**
 * Fast paths for the timestamp forms Oxen writes to SQLite: reading the digits and doing the calendar
 * arithmetic costs a third of `new Date(text)`, whose general parser dominated hydrating a row.
 * `parseCanonicalUtc` reads today's form, `YYYY-MM-DD HH:MM:SS` with an optional `.SSS`; `parseIsoUtc`
 * the one Oxen wrote before, `YYYY-MM-DDTHH:MM:SS.sssZ` (Date#toISOString). Anything else — other
 * forms, or fields outside the range where these agree with the general parsers (which reject month
 * 13 and second 60 but roll day 31 of a short month over, as the arithmetic here does) — returns
 * undefined, and the caller uses the general parser (parse-sqlite-datetime.ts).
 */
export function parseCanonicalUtc(s: string): Date | undefined {
  const n = s.length;
  if ((n !== 19 && (n !== 23 || s.charCodeAt(19) !== 46)) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return undefined;
  }
  return fromFields(s, n === 23 ? digits(s, 20, 3) : 0);
}

export function parseIsoUtc(s: string): Date | undefined {
  if (s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) {
    return undefined;
  }
  return fromFields(s, digits(s, 20, 3));
}

/** The instant of `YYYY-MM-DD?HH:MM:SS` at the start of s, plus ms; undefined where a field is out of range. */
function fromFields(s: string, ms: number): Date | undefined {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  // digits() gives -1 for a non-digit, which every lower bound here rejects. Years below 100 are left
  // to the general parser, so the arithmetic below only sees positive years.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) {
    return undefined;
  }
  return new Date(daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms);
}

/** The decimal number in s[at, at + n), or -1 when a character there is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
