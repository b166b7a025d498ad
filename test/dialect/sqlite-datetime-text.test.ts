/**
 * SQLite datetime text: the canonical form Oxen writes, the reader of every form SQLite's date
 * functions read (checked against SQLite itself, value by value), and the classifier `oxen inspect`
 * samples columns with.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  datetimeFormComparesCorrectly, datetimeTextForm, formatSqliteDatetime, isCanonicalDatetimeText, type DatetimeTextForm,
} from '../../src/core/dialect/sqlite/datetime-text.js';
import { DateTimeField } from '../../src/core/model/fields/temporal-fields.js';
import { parseCanonicalUtc, parseIsoUtc } from '../../src/core/model/fields/parse-iso-utc.js';
import { sqliteDatetimeMs } from '../../src/core/model/fields/parse-sqlite-datetime.js';

const sqlite = new Database(':memory:');
afterAll(() => sqlite.close());
const unixepoch = sqlite.prepare<[unknown], [number | null]>("SELECT unixepoch(?, 'auto', 'subsec')").raw(true);

/** Epoch ms of a value as SQLite reads it, or NaN where SQLite answers NULL. */
function sqliteMs(value: string | number | bigint): number {
  const seconds = unixepoch.get(value)![0];
  return seconds === null ? NaN : Math.round(seconds * 1000);
}

/** A small deterministic generator, so a failure names a value that fails again. */
function random(seed: number) {
  let state = seed;
  const next = (n: number): number => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648), state % n);
  const pick = <T>(list: readonly T[]): T => list[next(list.length)]!;
  return { next, pick };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const field = DateTimeField();
const decode = (raw: unknown): Date => field.fromDb(raw, 'sqlite')!;

describe('formatSqliteDatetime', () => {
  it("writes SQLite's own form in UTC, with milliseconds only when there are some", () => {
    expect(formatSqliteDatetime(new Date('2024-06-01T04:00:00Z'))).toBe('2024-06-01 04:00:00');
    expect(formatSqliteDatetime(new Date('2024-06-01T04:00:00.120Z'))).toBe('2024-06-01 04:00:00.120');
    expect(formatSqliteDatetime(new Date('2024-06-01T04:00:00.007Z'))).toBe('2024-06-01 04:00:00.007');
    expect(formatSqliteDatetime(new Date('0001-01-01T00:00:00.999Z'))).toBe('0001-01-01 00:00:00.999');
    expect(formatSqliteDatetime(new Date('+012345-01-01T00:00:00Z'))).toBe('+012345-01-01 00:00:00');
    expect(formatSqliteDatetime(new Date('-000001-12-31T23:59:59.500Z'))).toBe('-000001-12-31 23:59:59.500');
  });

  it('is what SQLite itself writes for the same instant', () => {
    const strftime = sqlite.prepare<[number], [string]>("SELECT strftime('%Y-%m-%d %H:%M:%f', ? / 1000.0, 'unixepoch')").raw(true);
    const { next } = random(11);
    for (let i = 0; i < 2000; i++) {
      const ms = next(2_000_000_000) * 100_000 + next(1000) - 62_135_596_800_000; // years 0001–6300
      const text = formatSqliteDatetime(new Date(ms));
      const ours = strftime.get(ms)![0];
      expect(ours.endsWith('.000') ? ours.slice(0, 19) : ours).toBe(text);
      expect(sqliteMs(text)).toBe(ms);
    }
  });

  it('sorts as text exactly as the instants sort, and reads back exactly', () => {
    const { next } = random(5);
    const instants = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? next(300) * 1000 : next(2_000_000_000) * 100_000 + next(1000) * (i % 2)) + 1_600_000_000_000);
    const byText = [...instants].sort((a, b) => {
      const x = formatSqliteDatetime(new Date(a));
      const y = formatSqliteDatetime(new Date(b));
      return x < y ? -1 : x > y ? 1 : 0;
    });
    expect(byText).toEqual([...instants].sort((a, b) => a - b));
    for (const ms of [...instants, 0, -1, 253_402_300_799_999, -62_198_755_200_000, 8.64e15, -8.64e15]) {
      expect(decode(formatSqliteDatetime(new Date(ms))).getTime()).toBe(ms);
    }
  });
});

describe('reading stored values', () => {
  it('reads every form SQLite names, as SQLite reads it', () => {
    const cases: [string | number | bigint, string][] = [
      ['2024-06-01', '2024-06-01T00:00:00.000Z'],
      ['2024-06-01 04:05', '2024-06-01T04:05:00.000Z'],
      ['2024-06-01 04:05:06', '2024-06-01T04:05:06.000Z'],
      ['2024-06-01 04:05:06.7', '2024-06-01T04:05:06.700Z'],
      ['2024-06-01 04:05:06.123456', '2024-06-01T04:05:06.123Z'],
      ['2024-06-01T04:05', '2024-06-01T04:05:00.000Z'],
      ['2024-06-01T04:05:06.789Z', '2024-06-01T04:05:06.789Z'],
      ['2024-06-01 04:05:06+02:00', '2024-06-01T02:05:06.000Z'],
      ['2024-06-01 04:05:06 -05:30', '2024-06-01T09:35:06.000Z'],
      ['04:05', '2000-01-01T04:05:00.000Z'],
      ['04:05:06.5Z', '2000-01-01T04:05:06.500Z'],
      [2460462.5, '2024-06-01T00:00:00.000Z'],
      ['2460462.5', '2024-06-01T00:00:00.000Z'],
      [1717214400, '2024-06-01T04:00:00.000Z'],
      [1717214400n, '2024-06-01T04:00:00.000Z'],
      ['1717214400.25', '2024-06-01T04:00:00.250Z'],
    ];
    for (const [raw, iso] of cases) {
      expect({ raw, read: decode(raw).toISOString() }).toEqual({ raw, read: iso });
      expect({ raw, sqlite: new Date(sqliteMs(raw)).toISOString() }).toEqual({ raw, sqlite: iso });
    }
  });

  it('agrees with SQLite on thousands of generated values, valid and not', () => {
    const { next, pick } = random(42);
    const seps = ['', ' ', 'T', '  ', '\t', ' T ', 'TT', 't', '\n', '_'];
    const zones = ['', '', '', 'Z', 'z', ' Z', '+01:30', '-05:00', ' +14:00', '+14:59', '+15:00', '-00:30', '+0130', '+01', 'Zx', ' '];
    const tails = ['', '', '', ' ', '\t', 'x', '.'];
    const values: (string | number)[] = ['now', '', ' ', 'T', '2024-06-01T', '2024-06-01 T', '2024-06-01 ', ' 2024-06-01', '2024-6-01', '2024-06-01 4:00', '-4713-11-24 12:00:00', '-4713-01-01', '-4714-11-24', '0000-01-01 00:00', '10000-01-01', '1e3', '.5', '5.', '+5', '0x10', ' 1717214400 ', '1717214400123', '-210866760001', '253402300800', 'inf', 'NaN'];
    for (let i = 0; i < 6000; i++) {
      const kind = next(10);
      if (kind === 0) {
        values.push(pick([next(5_373_485), next(5_373_485) + next(1000) / 1000, next(2_000_000_000), -next(2_000_000_000), next(1000) / 7, 5_373_484.5, 253_402_300_799, -210_866_760_000, 1e13 * next(9)]));
        continue;
      }
      const year = pick([pad(1900 + next(200), 4), pad(next(10_000), 4), '0000', '9999', `-${pad(next(4714), 4)}`, '-4713', '-4714']);
      const date = `${year}-${pad(pick([next(14), 1 + next(12)]))}-${pad(pick([next(33), 1 + next(28)]))}`;
      const time = pick([
        '',
        `${pad(next(26))}:${pad(next(61))}`,
        `${pad(next(26))}:${pad(next(61))}:${pad(next(61))}`,
        `${pad(next(24))}:${pad(next(60))}:${pad(next(60))}.${String(next(1_000_000_000)).slice(0, 1 + next(9))}`,
        `${pad(next(24))}:${pad(next(60))}:${pad(next(60))}.${pick(['9996', '9994', '1235', '1225', '000', '0005', '999999999'])}`,
      ]);
      if (kind === 1) values.push(time + pick(zones) + pick(tails));
      else values.push(time === '' ? date + pick(['', ...seps]) + pick(tails) : date + pick(seps) + time + pick(zones) + pick(tails));
    }
    let valid = 0;
    for (const value of values) {
      if (value === 'now') continue; // SQLite reads the clock; a stored 'now' is not a time
      const expected = sqliteMs(value);
      if (!Number.isNaN(expected)) valid++;
      expect({ value, ms: sqliteDatetimeMs(value) }).toEqual({ value, ms: expected });
      expect({ value, ms: decode(value).getTime() }).toEqual({ value, ms: expected });
      // The classifier goes by spelling and field ranges; the edges of SQLite's julian day range are its reader's.
      if (typeof value === 'string' && /^(-4713-|9999-12-31)/.test(value)) continue;
      expect({ value, invalid: datetimeTextForm(value) === 'invalid' }).toEqual({ value, invalid: Number.isNaN(expected) });
    }
    expect(valid).toBeGreaterThan(1500);
  });

  it("still reads Oxen's earlier form and its extended years", () => {
    for (const iso of ['2024-02-29T23:59:58.123Z', '+012345-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.500Z', '0050-01-01T00:00:00.000Z']) {
      expect(decode(iso).getTime()).toBe(Date.parse(iso));
      expect(decode(iso.replace('T', ' ').slice(0, -1)).getTime()).toBe(Date.parse(iso));
    }
    expect(Number.isNaN(decode('not a date').getTime())).toBe(true);
    expect(Number.isNaN(decode('now').getTime())).toBe(true);
    expect(Number.isNaN(decode(1_717_214_400_000).getTime())).toBe(true); // beyond SQLite's range: not guessed at
  });

  it('takes the fast paths only where they agree with the general reader', () => {
    const { next } = random(3);
    for (let i = 0; i < 20_000; i++) {
      const body = `${pad(next(10_000), 4)}-${pad(next(15))}-${pad(next(34))} ${pad(next(26))}:${pad(next(62))}:${pad(next(62))}`;
      for (const text of [body, `${body}.${pad(next(1000), 3)}`]) {
        const fast = parseCanonicalUtc(text);
        if (fast !== undefined) expect({ text, ms: fast.getTime() }).toEqual({ text, ms: sqliteDatetimeMs(text) });
      }
      const iso = `${body.replace(' ', 'T')}.${pad(next(1000), 3)}Z`;
      const fast = parseIsoUtc(iso);
      if (fast !== undefined) expect({ iso, ms: fast.getTime() }).toEqual({ iso, ms: sqliteDatetimeMs(iso) });
    }
    for (const text of ['2024-01-01 24:00:00', '2024-13-01 00:00:00', '2024-01-01 00:00:60', '0099-01-01 00:00:00', '2024-01-01T00:00:00', '2024-01-01 00:00:00.1234', '2024-01-01 00:00:00Z']) {
      expect(parseCanonicalUtc(text)).toBeUndefined();
    }
  });
});

describe('datetimeTextForm', () => {
  it('names the form of one value', () => {
    const cases: [unknown, DatetimeTextForm][] = [
      ['2024-06-01 04:00:00', 'canonical'],
      ['2024-06-01 04:00:00.123', 'canonical'],
      ['2024-06-01 04:00:00.000', 'sqlite-text'],
      ['2024-06-01 04:00:00.123456', 'sqlite-text'],
      ['2024-06-01 04:00', 'sqlite-text'],
      ['2024-06-01', 'date-only'],
      ['2024-06-01T04:00:00', 'iso-t'],
      ['2024-06-01T04:00:00.000Z', 'iso-zoned'],
      ['2024-06-01 04:00:00+02:00', 'iso-zoned'],
      ['04:00:00', 'time-only'],
      [2460462.5, 'number'],
      [1717214400n, 'number'],
      ['1717214400', 'number'],
      ['2024-06-01  04:00:00', 'irregular'],
      ['2024-06-01 04:00:00 ', 'irregular'],
      ['2024-06-01 24:00:00', 'irregular'],
      ['2023-02-29 00:00:00', 'irregular'],
      ['-0001-01-01 00:00:00', 'irregular'],
      ['+012345-01-01 00:00:00', 'irregular'],
      ['2024-06-01 04:00:00.', 'invalid'],
      ['June 1st', 'invalid'],
      [1717214400000, 'invalid'],
      [Buffer.from('2024'), 'invalid'],
      [null, 'null'],
    ];
    for (const [value, form] of cases) expect({ value, form: datetimeTextForm(value) }).toEqual({ value, form });
    expect(isCanonicalDatetimeText('2024-06-01 04:00:00.120')).toBe(true);
    expect(isCanonicalDatetimeText('2024-06-01T04:00:00.120Z')).toBe(false);
  });

  it('calls canonical exactly what Oxen writes for years 0000–9999', () => {
    const { next } = random(9);
    for (let i = 0; i < 5000; i++) {
      const ms = next(2_000_000_000) * 150_000 + next(1000) * next(2) - 62_167_219_200_000;
      expect(isCanonicalDatetimeText(formatSqliteDatetime(new Date(ms)))).toBe(true);
      const text = `${pad(next(10_000), 4)}-${pad(next(14))}-${pad(next(33))} ${pad(next(25))}:${pad(next(61))}:${pad(next(61))}${next(2) ? `.${pad(next(1000), 3)}` : ''}`;
      const roundTrips = !Number.isNaN(sqliteDatetimeMs(text)) && formatSqliteDatetime(new Date(sqliteDatetimeMs(text))) === text;
      expect({ text, canonical: isCanonicalDatetimeText(text) }).toEqual({ text, canonical: roundTrips });
    }
  });

  it('the forms said to compare correctly do, except between two spellings of one instant', () => {
    const { next, pick } = random(21);
    /** Exact value in microseconds, from the digits as written (SQLite would round them to ms). */
    const exact = (text: string): number => {
      const [whole, fraction = ''] = text.split('.');
      return sqliteDatetimeMs(whole!) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
    };
    const samples: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const date = `2024-0${1 + next(2)}-${pad(1 + next(3))}`;
      const hm = `${pad(next(2))}:${pad(next(2) * 30)}`;
      const s = pad(next(2) * 30);
      samples.push(pick([
        date,
        `${date} ${hm}`,
        `${date} ${hm}:${s}`,
        `${date} ${hm}:${s}.${pick(['000', '5', '50', '500', '123', '123000', '123456', '999'])}`,
        formatSqliteDatetime(new Date(Date.parse(`${date}T${hm}:${s}Z`) + pick([0, 0, 123, 500]))),
      ]));
    }
    const forms = new Set(samples.map(datetimeTextForm));
    expect([...forms].sort()).toEqual(['canonical', 'date-only', 'sqlite-text']);
    for (const form of forms) expect(datetimeFormComparesCorrectly(form)).toBe(true);
    for (let i = 0; i + 1 < samples.length; i++) {
      const [a, b] = [samples[i]!, samples[i + 1]!];
      if (!isCanonicalDatetimeText(a) && !isCanonicalDatetimeText(b)) continue;
      const [x, y] = [exact(a), exact(b)];
      if (x === y) continue;
      expect({ a, b, textSaysLess: a < b }).toEqual({ a, b, textSaysLess: x < y });
    }
    for (const form of ['iso-t', 'iso-zoned', 'time-only', 'number', 'irregular', 'invalid', 'null'] as const) {
      expect(datetimeFormComparesCorrectly(form)).toBe(false);
    }
  });
});
