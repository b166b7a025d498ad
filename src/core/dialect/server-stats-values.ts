/**
 * What the databases' `serverStats` share: statistics values as numbers, optional reads that become
 * notes instead of failed samples, headline arithmetic, and exporter series.
 */
import { QueryError } from '../ground/errors.js';
import type { Statement } from '../ground/values.js';
import type { Queryable, QueryResult } from '../executor/executor.js';
import type { CounterRates, ExporterSeries } from './server-stats.js';

/** Statement text shown per session or statement shape: enough to recognise it, small enough to sample every second. */
export const TEXT_LIMIT = 300;

/**
 * A statistics value as a number. Counters arrive as decimal strings (int8, numeric, MySQL's unsigned
 * BIGINT), as bigint from SQLite, or as numbers; NULL and unparsable text become null.
 */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function numberOf(value: unknown): number {
  return numberOrNull(value) ?? 0;
}

export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return (Buffer.isBuffer(value) ? value.toString('utf8') : String(value)).slice(0, TEXT_LIMIT);
}

export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : textOf(value);
}

/**
 * Every statistics query starts with this comment, so the monitor can leave its own statements out
 * of the top statements where the server keeps the text as sent (pg_stat_statements).
 */
export const MONITOR_TAG = '/* oxen monitor */ ';

const ranBy = new WeakMap<Queryable, number>();

/**
 * Statements the monitor itself has run on this connection: a counter in each snapshot
 * (`monitor_statements`), so headline rates that count every statement (transactions, Questions)
 * can leave the monitor's own out instead of showing a busy server where there is none.
 */
export function statementsRunBy(on: Queryable): number {
  return ranBy.get(on) ?? 0;
}

/** A rate without the monitor's own statements (never below zero). */
export function withoutMonitor(rate: number | null, rates: CounterRates): number | null {
  if (rate === null) return null;
  return Math.max(0, rate - (rates.monitor_statements ?? 0));
}

/**
 * Runs a statistics query whose failure should become a note (a view the user may not read, a feature
 * turned off). Only statement errors come back; a lost connection still rejects, so the monitor can
 * show the server as down.
 */
export async function queryOrError(on: Queryable, stmt: Statement): Promise<QueryResult | QueryError> {
  ranBy.set(on, statementsRunBy(on) + 1);
  try {
    return await on.query({ ...stmt, sql: `${MONITOR_TAG}${stmt.sql}` });
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
}

/** The rows of a result as objects keyed by column name, for the few wide results read by name (SHOW … STATUS). */
export function rowObjects(result: QueryResult): Record<string, unknown>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i]])));
}

/** One line for a read that failed in an unexpected way: what could not be read, and the server's reason. */
export function failedNote(what: string, error: QueryError): string {
  return `${what} could not be read: ${error.message.split('\n')[0]}`;
}

export function rateOf(rates: CounterRates, name: string): number | null {
  const rate = rates[name];
  return rate === undefined ? null : rate;
}

/** The sum of several rates; null unless every one is known. */
export function sumOfRates(rates: CounterRates, names: readonly string[]): number | null {
  let sum = 0;
  for (const name of names) {
    const rate = rateOf(rates, name);
    if (rate === null) return null;
    sum += rate;
  }
  return sum;
}

/** Share of reads served from memory; null when the interval had no reads (or the rates are unknown). */
export function hitRatio(hits: number | null, misses: number | null): number | null {
  if (hits === null || misses === null) return null;
  const total = hits + misses;
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, hits / total));
}

export function gaugeOf(gauges: Readonly<Record<string, number>>, name: string): number | null {
  const value = gauges[name];
  return value === undefined ? null : value;
}

export function counter(name: string, help: string, value: number, labels: Readonly<Record<string, string>> = {}): ExporterSeries {
  return { name, help, type: 'counter', labels, value };
}

export function gauge(name: string, help: string, value: number, labels: Readonly<Record<string, string>> = {}): ExporterSeries {
  return { name, help, type: 'gauge', labels, value };
}
