/**
 * SQLite's catalog, read in a fixed number of statements whatever the number of tables: each one
 * joins `sqlite_schema` to a table-valued pragma (https://sqlite.org/pragma.html#pragfunc) and
 * returns that fact for every table at once; grouping by table happens here.
 *
 * The tables the pragmas run on are picked first, in a MATERIALIZED CTE, so a pragma never meets a
 * virtual table (whose module might not be compiled in) or SQLite's own `sqlite_…` tables. Views are
 * read apart: one view whose table was dropped makes pragma_table_xinfo fail, and then only the views
 * are read one by one, to name the broken ones.
 */
import type { Queryable } from '../../executor/executor.js';
import type { Statement } from '../../ground/values.js';

export interface CatalogObject {
  readonly type: 'table' | 'index' | 'view' | 'trigger';
  readonly name: string;
  readonly tableName: string;
  readonly sql: string | null;
  /** pragma_table_list's kind: table, view, virtual or shadow (a virtual table's storage). */
  readonly listKind: string | null;
}

export interface CatalogColumn {
  readonly cid: number;
  readonly name: string;
  readonly declaredType: string;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  /** Position in the primary key, from 1; 0 when not in it. */
  readonly pk: number;
  /** 0 ordinary, 2 generated virtual, 3 generated stored (1: a virtual table's hidden column). */
  readonly hidden: number;
}

export interface CatalogIndex {
  readonly name: string;
  readonly unique: boolean;
  /** c: CREATE INDEX; u: a UNIQUE constraint; pk: a PRIMARY KEY that is not the rowid. */
  readonly origin: string;
  readonly partial: boolean;
  /** Key parts in order: a column name, or null for an expression (or the rowid). */
  readonly keys: (string | null)[];
}

export interface CatalogForeignKey {
  readonly id: number;
  readonly table: string;
  readonly from: string[];
  /** Null entries: the reference names no columns and means the parent's primary key. */
  readonly to: (string | null)[];
  readonly onUpdate: string;
  readonly onDelete: string;
}

export interface Catalog {
  readonly objects: CatalogObject[];
  readonly columns: Map<string, CatalogColumn[]>;
  readonly indexes: Map<string, CatalogIndex[]>;
  readonly foreignKeys: Map<string, CatalogForeignKey[]>;
  /** The size of the database file (pages × page size), which decides how figures are read. */
  readonly fileBytes: number;
}

const TABLES = `WITH t AS MATERIALIZED (SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL %')`;
const COLUMNS = 'p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden';

const statements = {
  objects: 'SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name',
  // Apart, not joined: a join would run the pragma once per object (4 s for 1,000 tables, against 5 ms).
  tableList: `SELECT name, type FROM pragma_table_list WHERE schema = 'main'`,
  fileBytes: 'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()',
  columns: `${TABLES} SELECT t.name, ${COLUMNS} FROM t JOIN pragma_table_xinfo(t.name, 'main') p ORDER BY t.name, p.cid`,
  indexes: `${TABLES} SELECT t.name, i.name, i."unique", i.origin, i.partial, k.cid, k.name FROM t JOIN pragma_index_list(t.name, 'main') i JOIN pragma_index_xinfo(i.name, 'main') k WHERE k.key = 1 ORDER BY t.name, i.name, k.seqno`,
  foreignKeys: `${TABLES} SELECT t.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete FROM t JOIN pragma_foreign_key_list(t.name, 'main') f ORDER BY t.name, f.id, f.seq`,
  views: `WITH v AS MATERIALIZED (SELECT name FROM sqlite_schema WHERE type = 'view') SELECT v.name, ${COLUMNS} FROM v JOIN pragma_table_xinfo(v.name, 'main') p ORDER BY v.name, p.cid`,
  viewColumns: `SELECT '', ${COLUMNS} FROM pragma_table_xinfo(?, 'main') p ORDER BY p.cid`,
};

const stmt = (sql: string, params: Statement['params'] = []): Statement => ({ sql, params });

export async function readCatalog(db: Queryable): Promise<Catalog> {
  const [objects, tableList, fileBytes, columns, indexes, foreignKeys] = await db.batch(
    [statements.objects, statements.tableList, statements.fileBytes, statements.columns, statements.indexes, statements.foreignKeys].map((s) => stmt(s)),
  );
  const listKind = new Map(tableList!.rows.map((r) => [String(r[0]), String(r[1])]));
  return {
    objects: objects!.rows.map((r) => ({
      type: r[0] as CatalogObject['type'], name: String(r[1]), tableName: String(r[2]), sql: r[3] === null ? null : String(r[3]), listKind: listKind.get(String(r[1])) ?? null,
    })),
    columns: groupColumns(columns!.rows),
    indexes: groupIndexes(indexes!.rows),
    foreignKeys: groupForeignKeys(foreignKeys!.rows),
    fileBytes: Number(fileBytes!.rows[0]?.[0] ?? 0),
  };
}

/** Every view's columns; a view SQLite cannot read (a table it selects from is gone) is in `broken`, with the reason. */
export async function readViewColumns(db: Queryable, views: readonly string[]): Promise<{ columns: Map<string, CatalogColumn[]>; broken: Map<string, string> }> {
  const broken = new Map<string, string>();
  if (views.length === 0) return { columns: new Map(), broken };
  try {
    return { columns: groupColumns((await db.query(stmt(statements.views))).rows), broken };
  } catch {
    const columns = new Map<string, CatalogColumn[]>();
    for (const view of views) {
      try {
        const rows = (await db.query(stmt(statements.viewColumns, [view]))).rows;
        columns.set(view, [...(groupColumns(rows).get('') ?? [])]);
      } catch (error) {
        broken.set(view, error instanceof Error ? error.message.split('\n')[0]! : String(error));
      }
    }
    return { columns, broken };
  }
}

function groupBy<T>(rows: readonly (readonly unknown[])[], make: (row: readonly unknown[]) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const key = String(row[0]);
    let list = out.get(key);
    if (list === undefined) out.set(key, (list = []));
    list.push(make(row));
  }
  return out;
}

function groupColumns(rows: readonly (readonly unknown[])[]): Map<string, CatalogColumn[]> {
  return groupBy(rows, (r) => ({
    cid: Number(r[1]), name: String(r[2]), declaredType: String(r[3] ?? ''), notNull: Number(r[4]) !== 0,
    defaultSql: r[5] === null ? null : String(r[5]), pk: Number(r[6]), hidden: Number(r[7]),
  }));
}

function groupIndexes(rows: readonly (readonly unknown[])[]): Map<string, CatalogIndex[]> {
  const out = new Map<string, CatalogIndex[]>();
  for (const [table, keys] of groupBy(rows, (r) => r)) {
    out.set(table, [...groupBy(keys.map((r) => r.slice(1)), (r) => r).values()].map((parts) => ({
      name: String(parts[0]![0]), unique: Number(parts[0]![1]) !== 0, origin: String(parts[0]![2]), partial: Number(parts[0]![3]) !== 0,
      keys: parts.map((p) => (Number(p[4]) >= 0 && p[5] !== null ? String(p[5]) : null)),
    })));
  }
  return out;
}

function groupForeignKeys(rows: readonly (readonly unknown[])[]): Map<string, CatalogForeignKey[]> {
  const out = new Map<string, CatalogForeignKey[]>();
  for (const [table, parts] of groupBy(rows, (r) => r)) {
    out.set(table, [...groupBy(parts.map((r) => r.slice(1)), (r) => r).values()].map((ps) => ({
      id: Number(ps[0]![0]), table: String(ps[0]![1]), from: ps.map((p) => String(p[2])), to: ps.map((p) => (p[3] === null ? null : String(p[3]))),
      onUpdate: String(ps[0]![4]), onDelete: String(ps[0]![5]),
    })));
  }
  return out;
}
