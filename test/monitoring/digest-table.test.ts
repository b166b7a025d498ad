import { describe, expect, it } from 'vitest';
import { sqlDigest, type QueryEvent } from '../../src/core/ground/events.js';
import { DigestTable, OTHER_DIGEST } from '../../src/core/monitoring/digest-table.js';

const event = (sql: string, durationNs: number, rows = 1, error?: Error): QueryEvent => ({
  sql,
  digest: sqlDigest(sql),
  dialect: 'sqlite',
  executor: 'js',
  database: 'default',
  durationNs,
  rows,
  ...(error ? { error } : {}),
});

describe('DigestTable', () => {
  it('sums per statement shape and sorts by total time', () => {
    const table = new DigestTable(10);
    table.record(event('SELECT a', 1_000_000, 2));
    table.record(event('SELECT a', 3_000_000, 4));
    table.record(event('SELECT b', 5_000_000, 0, new Error('x')));
    expect(table.rows()).toEqual([
      { digest: sqlDigest('SELECT b'), sql: 'SELECT b', count: 1, errors: 1, totalMs: 5, avgMs: 5, maxMs: 5, rows: 0 },
      { digest: sqlDigest('SELECT a'), sql: 'SELECT a', count: 2, errors: 0, totalMs: 4, avgMs: 2, maxMs: 3, rows: 6 },
    ]);
  });

  it('stays bounded: shapes past the limit are summed under one row', () => {
    const table = new DigestTable(3);
    for (let i = 0; i < 10; i++) table.record(event(`SELECT ${i}`, 1_000_000));
    const rows = table.rows();
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.digest === OTHER_DIGEST)).toMatchObject({ sql: '(other statements)', count: 7 });
    table.record(event('SELECT 0', 1_000_000));
    expect(table.rows().find((r) => r.sql === 'SELECT 0')?.count).toBe(2);
  });
});
