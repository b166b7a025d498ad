/**
 * Rows and bytes per table, in at most one statement.
 *
 * Up to 256 MiB of file: from the `dbstat` virtual table (https://sqlite.org/dbstat.html), which walks
 * every b-tree page once — as a count(*) of every table would, but in one statement. Bytes are the
 * table's b-tree and its indexes' (whole pages, so free space inside them counts); rows are the cells
 * on the table's leaf pages — every row of a rowid table, exactly — and, for a WITHOUT ROWID table (an
 * index b-tree, whose interior cells are rows too), the cells on every page.
 *
 * A larger file would take seconds to walk (about 2 s per GiB here, more from a cold disk), so there
 * the rows are the estimate `ANALYZE` left in sqlite_stat1, if it ran, and the bytes are unknown. So
 * are both where dbstat is not compiled in. Unknown is null.
 */
import type { Queryable } from '../../executor/executor.js';
import type { TableFigures } from '../introspector.js';
import type { CatalogObject } from './introspect-catalog.js';

export const DBSTAT_MAX_BYTES = 256 * 1024 * 1024;

const DBSTAT = `SELECT name, sum(pgsize), sum(CASE WHEN pagetype = 'leaf' THEN ncell ELSE 0 END), sum(CASE WHEN pagetype = 'internal' THEN ncell ELSE 0 END)
FROM dbstat('main') GROUP BY name`;
/** The first number of `stat` is the rows of the table (idx NULL) or the entries of an index: a partial one has fewer, so the largest. */
const STAT1 = 'SELECT tbl, stat FROM sqlite_stat1';

export interface FigureTable {
  readonly name: string;
  readonly withoutRowid: boolean;
}

export async function readFigures(
  db: Queryable, tables: readonly FigureTable[], objects: readonly CatalogObject[], fileBytes: number,
): Promise<Record<string, TableFigures>> {
  const figures: Record<string, TableFigures> = Object.fromEntries(tables.map((t) => [t.name, { rowsEstimate: null, totalBytes: null }]));
  if (tables.length === 0) return figures;
  if (fileBytes > DBSTAT_MAX_BYTES) {
    if (objects.some((o) => o.type === 'table' && o.name === 'sqlite_stat1')) fromStat1(figures, (await db.query({ sql: STAT1, params: [] })).rows);
    return figures;
  }
  let rows: readonly (readonly unknown[])[];
  try {
    rows = (await db.query({ sql: DBSTAT, params: [] })).rows;
  } catch (error) {
    if (error instanceof Error && /dbstat/i.test(error.message)) return figures;
    throw error;
  }
  const btrees = new Map(rows.map((r) => [String(r[0]), { bytes: Number(r[1]), leafCells: Number(r[2]), interiorCells: Number(r[3]) }]));
  const indexesOf = new Map<string, string[]>();
  for (const o of objects) {
    if (o.type !== 'index') continue;
    const list = indexesOf.get(o.tableName);
    if (list === undefined) indexesOf.set(o.tableName, [o.name]);
    else list.push(o.name);
  }
  for (const t of tables) {
    const own = btrees.get(t.name);
    if (own === undefined) continue;
    const indexBytes = (indexesOf.get(t.name) ?? []).reduce((sum, i) => sum + (btrees.get(i)?.bytes ?? 0), 0);
    figures[t.name] = { rowsEstimate: own.leafCells + (t.withoutRowid ? own.interiorCells : 0), totalBytes: own.bytes + indexBytes };
  }
  return figures;
}

function fromStat1(figures: Record<string, TableFigures>, rows: readonly (readonly unknown[])[]): void {
  for (const [table, stat] of rows) {
    const name = String(table);
    const rowsOf = Number.parseInt(String(stat), 10);
    const known = figures[name];
    if (known === undefined || !Number.isFinite(rowsOf)) continue;
    figures[name] = { rowsEstimate: Math.max(known.rowsEstimate ?? 0, rowsOf), totalBytes: null };
  }
}
