/**
 * SQLite keeps datetimes as text, compared byte by byte, so a column holding several spellings of
 * time (Oxen's `2024-06-01 04:00:00`, an ISO `…T…Z`, unix seconds) answers filters, ORDER BY and
 * MIN/MAX by text rather than by time. This samples every datetime and date column and warns where
 * the values are not all in the form Oxen writes (datetime-text.ts classifies them).
 *
 * The rule: one statement, a UNION ALL of SQLite's default maximum of 500 terms; each column gets a
 * term for its first 50 rows and, in a rowid table, one for its last 50 (old and new rows are where
 * forms differ: a tool or a version changed), so at most 250 columns are sampled — the rest are
 * named in one warning. Each term reads at most 50 rows, nulls included, so a sparse column cannot
 * turn the sample into a scan of its table.
 */
import type { Queryable } from '../../executor/executor.js';
import { datetimeFormComparesCorrectly, datetimeTextForm, type DatetimeTextForm } from './datetime-text.js';

export interface SampledColumn {
  readonly table: string;
  readonly column: string;
  readonly kind: 'datetime' | 'date';
  /** The name the rowid goes by in this table (rowid, _rowid_ or oid: a column may take the others), or undefined without one. */
  readonly rowid: string | undefined;
}

const MAX_TERMS = 500;
const ROWS = 50;

export async function sampleDatetimeForms(
  db: Queryable, columns: readonly SampledColumn[], quote: (name: string) => string, warn: (object: string, message: string) => void,
): Promise<void> {
  const terms: string[] = [];
  let sampled = 0;
  for (const c of columns) {
    const need = c.rowid === undefined ? 1 : 2;
    if (terms.length + need > MAX_TERMS) break;
    const from = `${quote(c.table)}`;
    const value = quote(c.column);
    if (c.rowid === undefined) terms.push(`SELECT ${sampled}, NULL, v FROM (SELECT ${value} AS v FROM ${from} LIMIT ${ROWS * 2})`);
    else for (const dir of ['ASC', 'DESC']) terms.push(`SELECT ${sampled}, r, v FROM (SELECT ${c.rowid} AS r, ${value} AS v FROM ${from} ORDER BY ${c.rowid} ${dir} LIMIT ${ROWS})`);
    sampled++;
  }
  if (sampled < columns.length) {
    const rest = columns.slice(sampled).map((c) => `${c.table}.${c.column}`);
    const named = rest.length > 20 ? `${rest.slice(0, 20).join(', ')} and ${rest.length - 20} more` : rest.join(', ');
    warn('datetime columns', `${rest.length} datetime/date columns were not sampled for mixed text forms (one statement samples at most ${sampled}): ${named}`);
  }
  if (terms.length === 0) return;
  const values = new Map<number, Map<string, unknown>>();
  for (const [i, rowid, v] of (await db.query({ sql: terms.join('\nUNION ALL\n'), params: [] })).rows) {
    if (v === null) continue;
    const seen = values.get(Number(i)) ?? new Map<string, unknown>();
    // First and last rows overlap in a small table: count each row once.
    seen.set(rowid === null ? `#${seen.size}` : String(rowid), v);
    values.set(Number(i), seen);
  }
  for (const [i, seen] of values) {
    const c = columns[i]!;
    const message = formsMessage(c.kind, [...seen.values()]);
    if (message !== undefined) warn(`${c.table}.${c.column}`, message);
  }
}

/** A warning for the sampled values, or undefined when all are in the form Oxen writes. */
export function formsMessage(kind: 'datetime' | 'date', values: readonly unknown[]): string | undefined {
  const expected: DatetimeTextForm = kind === 'datetime' ? 'canonical' : 'date-only';
  const forms = new Map<DatetimeTextForm, { count: number; example: unknown }>();
  for (const v of values) {
    const form = datetimeTextForm(v);
    const entry = forms.get(form);
    if (entry) entry.count++;
    else forms.set(form, { count: 1, example: v });
  }
  if (forms.size === 0 || (forms.size === 1 && forms.has(expected))) return undefined;
  const list = [...forms].sort((a, b) => b[1].count - a[1].count).map(([form, { count, example }]) => `${count} ${form} (${JSON.stringify(example)})`);
  const what = `${values.length} sampled value${values.length === 1 ? '' : 's'}: ${list.join(', ')}`;
  const wrong = [...forms.keys()].filter((f) => f !== expected && (kind === 'date' || !datetimeFormComparesCorrectly(f)));
  const oxenForm = kind === 'datetime' ? "Oxen's YYYY-MM-DD HH:MM:SS[.SSS] (UTC)" : "a DateField's YYYY-MM-DD";
  if (wrong.length > 0) {
    return `${forms.size > 1 ? 'mixed' : 'non-canonical'} ${kind} forms, ${what}; ${wrong.join(', ')} values do not compare or sort correctly as text against ${oxenForm}: filters, ORDER BY and MIN/MAX on this column answer by text, not by time`;
  }
  return `${kind} forms other than ${oxenForm}, ${what}; they compare correctly as text except where two spellings name the same instant (an exact match, or a bound landing on it, misses)`;
}
