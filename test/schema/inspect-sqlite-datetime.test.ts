/**
 * `oxen inspect` on SQLite samples datetime and date columns and warns, naming the column, where the
 * text is not all in the form Oxen writes: a filter or ORDER BY over mixed spellings answers by text.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formsMessage } from '../../src/core/dialect/sqlite/introspect-datetime-sample.js';
import { testExecutors } from '../support/orm.js';
import { execSql, inspectFile, tempDir } from './inspect-sqlite-support.js';

const temp = tempDir('inspect-sqlite-datetime');
afterAll(() => temp.remove());

const rows = (table: string, column: string, values: readonly (string | number)[]) =>
  values.map((v) => `INSERT INTO ${table} (${column}) VALUES (${typeof v === 'number' ? v : `'${v}'`});`).join('\n');

describe.each(testExecutors())('datetime forms, %s executor', (executor) => {
  const file = temp.file(`forms-${executor}.sqlite`);
  execSql(file, `
    CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME, noted TEXT);
    CREATE TABLE clean (id INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME, day DATE);
    CREATE TABLE django (id INTEGER PRIMARY KEY AUTOINCREMENT, created datetime NOT NULL);
    CREATE TABLE days (id INTEGER PRIMARY KEY AUTOINCREMENT, day date);
    CREATE TABLE logs (at DATETIME NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (seq)) WITHOUT ROWID;
    CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME);
    ${rows('events', 'at', ['2024-06-01 04:00:00', '2024-06-01T05:00:00.000Z', 1717214400, '2024-06-01 06:00:00.250'])}
    ${rows('events', 'noted', ['2024-06-01T05:00:00Z', '2024-06-01 04:00:00'])}
    ${rows('clean', 'at', ['2024-06-01 04:00:00', '2024-06-01 04:00:00.120'])}
    ${rows('clean', 'day', ['2024-06-01', '1999-12-31'])}
    ${rows('django', 'created', ['2024-06-01 04:00:00.123456', '2024-06-02 04:00:00.5'])}
    ${rows('days', 'day', ['2024-06-01', '2024-06-02 00:00:00'])}
    INSERT INTO logs (at, seq) VALUES ('2024-06-01 04:00:00', 1), ('2024-06-01T04:00:00+02:00', 2);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
      INSERT INTO history (at) SELECT CASE WHEN i > 280 THEN '2024-06-01T04:00:00Z' ELSE '2024-06-01 04:00:00' END FROM n;
  `);

  it('warns about each datetime or date column whose values are mixed or not canonical', async () => {
    const { warnings } = await inspectFile(file, executor);
    expect(warnings.map((w) => w.object)).toEqual(['days.day', 'django.created', 'events.at', 'history.at', 'logs.at']);
    const events = warnings.find((w) => w.object === 'events.at')!.message;
    expect(events).toMatch(/^mixed datetime forms, 4 sampled values: /);
    expect(events).toContain('2 canonical');
    expect(events).toContain('1 iso-zoned ("2024-06-01T05:00:00.000Z")');
    expect(events).toContain('1 number (1717214400)');
    expect(events).toContain('iso-zoned, number values do not compare or sort correctly as text');
    // Django's microseconds compare correctly with Oxen's text, except on ties of one instant spelled two ways.
    expect(warnings.find((w) => w.object === 'django.created')!.message).toMatch(/^datetime forms other than .*2 sqlite-text.*compare correctly as text except/);
    expect(warnings.find((w) => w.object === 'days.day')!.message).toMatch(/^mixed date forms.*1 date-only.*1 canonical/);
  });

  it('samples the last rows as well as the first, where a newer writer changed the form', async () => {
    const { warnings } = await inspectFile(file, executor);
    expect(warnings.find((w) => w.object === 'history.at')!.message).toMatch(/^mixed datetime forms, 100 sampled values: 80 canonical .*, 20 iso-zoned/);
  });

  it('leaves text columns alone, whatever their name or values', async () => {
    const { warnings } = await inspectFile(file, executor, { tables: ['events'] });
    expect(warnings.map((w) => w.object)).toEqual(['events.at']);
  });

  it('samples at most 250 columns in its one statement, and names the rest', async () => {
    const wide = temp.file(`wide-${executor}.sqlite`);
    const columns = Array.from({ length: 260 }, (_, i) => `c${String(i).padStart(3, '0')} DATETIME`);
    execSql(wide, `CREATE TABLE wide (id INTEGER PRIMARY KEY AUTOINCREMENT, ${columns.join(', ')}); INSERT INTO wide (c259) VALUES ('2024-06-01T00:00:00Z');`);
    const { warnings } = await inspectFile(wide, executor);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.object).toBe('datetime columns');
    expect(warnings[0]!.message).toMatch(/^10 datetime\/date columns were not sampled .* at most 250\): wide\.c250, .*wide\.c259$/);
  });
});

describe('formsMessage', () => {
  it('is silent on canonical datetimes and YYYY-MM-DD dates', () => {
    expect(formsMessage('datetime', ['2024-06-01 04:00:00', '2024-06-01 04:00:00.120'])).toBeUndefined();
    expect(formsMessage('date', ['2024-06-01'])).toBeUndefined();
    expect(formsMessage('datetime', [])).toBeUndefined();
  });

  it('calls one wrong form non-canonical, several mixed', () => {
    expect(formsMessage('datetime', ['2024-06-01T04:00:00Z'])).toMatch(/^non-canonical datetime forms, 1 sampled value: 1 iso-zoned/);
    expect(formsMessage('datetime', ['2024-06-01T04:00:00', 'soon'])).toMatch(/^mixed datetime forms.*iso-t, invalid values do not compare/);
  });
});
