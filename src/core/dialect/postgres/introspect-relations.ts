/**
 * The schema's tables and views, assembled from the grouped catalog rows. A partition is a table with
 * `partitionOf`; what it has from its parent is left to the parent (introspect-constraints.ts). What a
 * table has that the state cannot hold (unlogged, row security, storage options, a tablespace, plain
 * inheritance, …) is warned about by name.
 */
import type { InspectWarning, TableFigures } from '../introspector.js';
import { byName, type ColumnState, type TableState, type ViewState } from '../schema-state.js';
import { readColumn, type OwnedSequence } from './introspect-columns.js';
import { readConstraints } from './introspect-constraints.js';
import { readIndex } from './introspect-indexes.js';
import type { CatalogRows, ColumnRow, IndexRow, RelationRow } from './introspect-rows.js';

export interface ReadRelations {
  readonly tables: TableState[];
  readonly views: ViewState[];
  readonly figures: Record<string, TableFigures>;
  /** Sequences accounted for by an auto column (identity or serial), as regclass prints them. */
  readonly countedSequences: Set<string>;
}

/** `keep`: the tables and views chosen (`--tables` / `--exclude`); the others are not read, nor warned about. */
export function readRelations(rows: CatalogRows, schema: string, keep: (name: string) => boolean, warn: (w: InspectWarning) => void): ReadRelations {
  const columns = groupColumns(rows.columns);
  const owned = ownedSequences(rows.relations);
  const constraints = groupBy(rows.constraints, (c) => c.relid);
  const indexes = groupBy(rows.indexes, (i) => i.relid);
  const columnName = (relid: number, attnum: number): string => columns.get(relid)?.get(attnum)?.name ?? `#${attnum}`;
  const out: ReadRelations = { tables: [], views: [], figures: {}, countedSequences: new Set() };

  for (const rel of rows.relations) {
    if (rel.extension !== null || rel.kind === 'S' || !keep(rel.name)) continue;
    if (rel.kind === 'f') {
      warn({ object: rel.name, message: 'a foreign table: not in the state' });
      continue;
    }
    const isView = rel.kind === 'v' || rel.kind === 'm';
    const relColumns = [...(columns.get(rel.oid)?.values() ?? [])].sort((x, y) => x.num - y.num).map((row) => {
      // A view's column takes the collation of the expression it selects: the view's own is nothing to warn about.
      const read = readColumn(isView ? { ...row, collation: null } : row, owned.get(`${row.relid}:${row.num}`) ?? [], rel.name, warn);
      if (read.sequence !== undefined) out.countedSequences.add(read.sequence);
      return read.state;
    });
    if (isView) {
      out.views.push(view(rel, relColumns));
      viewWarnings(rel, indexes.get(rel.oid) ?? [], warn);
      continue;
    }
    const ctx = { table: rel.name, schema, isPartition: rel.isPartition, columnName, warn };
    const own = readConstraints(constraints.get(rel.oid) ?? [], ctx);
    const column = (n: number) => {
      const c = columns.get(rel.oid)?.get(n);
      return { name: c?.name ?? `#${n}`, quoted: c?.quoted ?? `#${n}` };
    };
    const tableIndexes = (indexes.get(rel.oid) ?? []).flatMap((i) => readIndex(i, { table: rel.name, column, warn }) ?? []);
    out.tables.push(table(rel, relColumns, { ...own, indexes: tableIndexes.sort(byName) }, schema, warn));
    out.figures[rel.name] = { rowsEstimate: rel.rowsEstimate, totalBytes: rel.totalBytes };
    tableWarnings(rel, schema, warn);
  }
  return out;
}

type TableParts = Pick<TableState, 'primaryKey' | 'uniques' | 'indexes' | 'foreignKeys' | 'checks'>;

function table(rel: RelationRow, columns: ColumnState[], parts: TableParts, schema: string, warn: (w: InspectWarning) => void): TableState {
  const state: TableState = { name: rel.name, columns, ...parts };
  const parent = rel.isPartition ? rel.parents[0] : undefined;
  let partitionOf: TableState['partitionOf'];
  if (parent && parent[0] === schema) partitionOf = { table: parent[1], bound: rel.bound! };
  else if (parent) warn({ object: rel.name, message: `a partition of ${parent[0]}.${parent[1]}, in another schema: read as a table of its own` });
  return {
    ...state,
    ...(rel.comment === null ? {} : { comment: rel.comment }),
    ...(rel.partitionBy === null ? {} : { partitionBy: rel.partitionBy }),
    ...(partitionOf ? { partitionOf } : {}),
  };
}

function view(rel: RelationRow, columns: ColumnState[]): ViewState {
  const state: ViewState = { name: rel.name, columns, definition: (rel.definition ?? '').trim().replace(/;$/, '') };
  return {
    ...state,
    ...(rel.kind === 'm' ? { materialized: true } : {}),
    ...(rel.comment === null ? {} : { comment: rel.comment }),
  };
}

function tableWarnings(rel: RelationRow, schema: string, warn: (w: InspectWarning) => void): void {
  const object = rel.name;
  const inherits = rel.isPartition ? [] : rel.parents.map(([s, t]) => (s === schema ? t : `${s}.${t}`));
  if (inherits.length > 0) warn({ object, message: `INHERITS (${inherits.join(', ')}): inheritance is not in the state (the table is recreated on its own, with the columns it has)` });
  if (rel.persistence === 'u') warn({ object, message: 'UNLOGGED is not in the state (recreated as a logged table)' });
  if (rel.rowSecurity) warn({ object, message: 'row-level security is enabled: not in the state (nor are its policies)' });
  if (rel.options !== null) warn({ object, message: `storage parameters WITH (${rel.options.join(', ')}) are not in the state` });
  if (rel.ownTablespace) warn({ object, message: 'its own tablespace is not in the state' });
  if (rel.replicaIdentity !== 'd') warn({ object, message: `REPLICA IDENTITY ${({ n: 'NOTHING', f: 'FULL', i: 'USING INDEX' } as Record<string, string>)[rel.replicaIdentity] ?? rel.replicaIdentity} is not in the state` });
  if (rel.typed) warn({ object, message: 'a typed table (OF a composite type): read as a plain table' });
}

function viewWarnings(rel: RelationRow, indexes: readonly IndexRow[], warn: (w: InspectWarning) => void): void {
  for (const index of indexes) warn({ object: `${rel.name}.${index.name}`, message: `an index on a materialized view is not in the state: ${index.definition ?? index.name}` });
  if (rel.options !== null) warn({ object: rel.name, message: `view options WITH (${rel.options.join(', ')}) are not in the state` });
  if (rel.kind === 'm' && !rel.populated) warn({ object: rel.name, message: 'the materialized view is not populated (WITH NO DATA); the `sql` format creates it populated' });
}

/** Columns by table, then by attribute number. */
function groupColumns(rows: readonly ColumnRow[]): Map<number, Map<number, ColumnRow>> {
  const out = new Map<number, Map<number, ColumnRow>>();
  for (const row of rows) {
    let table = out.get(row.relid);
    if (!table) out.set(row.relid, (table = new Map()));
    table.set(row.num, row);
  }
  return out;
}

/** The sequences each column owns, by `relid:attnum`. */
function ownedSequences(relations: readonly RelationRow[]): Map<string, OwnedSequence[]> {
  const out = new Map<string, OwnedSequence[]>();
  for (const r of relations) {
    if (r.kind !== 'S' || r.ownerRelid === null || r.sequenceText === null) continue;
    const key = `${r.ownerRelid}:${r.ownerAttnum}`;
    out.set(key, [...(out.get(key) ?? []), { text: r.sequenceText, dependency: r.ownerDependency ?? '' }]);
  }
  return out;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
