/**
 * `oxen inspect` for MySQL and MariaDB: the database named by `schema` (default: the connection's,
 * DATABASE()) read from information_schema in nine queries whatever its size (introspect-queries.ts),
 * grouped by table in JS. The parts: the reverse type map (introspect-types.ts, beside ddl.ts's
 * spellings), defaults (introspect-defaults.ts), columns, keys and indexes, constraints, views and the
 * objects the state has no place for (introspect-objects.ts), and the user's privileges
 * (introspect-access.ts: information_schema hides what a user may not see instead of failing).
 *
 * Figures: TABLE_ROWS (exact for MyISAM/Aria, an estimate for InnoDB) and DATA_LENGTH + INDEX_LENGTH,
 * from the same TABLES query.
 */
import type { Queryable } from '../../executor/executor.js';
import type { Inspection, InspectWarning, IntrospectOptions, Introspector, TableFigures } from '../introspector.js';
import { byName, SCHEMA_STATE_VERSION, type ColumnState, type TableState, type ViewState } from '../schema-state.js';
import { accessWarnings, readTarget, unknownTables } from './introspect-access.js';
import { columnRow, readColumn, type ColumnRow } from './introspect-columns.js';
import { checkRow, checksOf, isJsonCheck, readForeignKeys, type CheckRow } from './introspect-constraints.js';
import { groupIndexRows, readKeys } from './introspect-indexes.js';
import { objectWarnings, readView, storageWarnings, tableRow, viewRow, type TableRow } from './introspect-objects.js';
import {
  checksQuery, columnsQuery, foreignKeysQuery, indexesQuery, otherObjectsQuery, tablesQuery, viewsQuery,
} from './introspect-queries.js';

export const mysqlIntrospector: Introspector = {
  async inspect(db: Queryable, options: IntrospectOptions): Promise<Inspection> {
    const { server, account, access, schema, ftParsers } = await readTarget(db, options.schema);

    const tablesStatement = tablesQuery(schema);
    const tableRows = (await db.query(tablesStatement)).rows.map(tableRow).sort(byName);
    const names = new Set(tableRows.map((t) => t.name));
    const unknown = [...(options.tables ?? []), ...(options.exclude ?? [])].filter((n) => !names.has(n));
    if (unknown.length > 0) throw unknownTables(schema, unknown, access, tablesStatement);
    const wanted = options.tables === undefined ? null : new Set(options.tables);
    const excluded = new Set(options.exclude ?? []);
    const selected = (name: string) => (wanted === null || wanted.has(name)) && !excluded.has(name);

    const columns = groupBy((await db.query(columnsQuery(schema))).rows.map(columnRow), (c) => c.table);
    for (const list of columns.values()) list.sort((a, b) => a.ordinal - b.ordinal);
    const indexes = groupIndexRows((await db.query(indexesQuery(schema, server))).rows);
    const foreignKeys = readForeignKeys(schema, (await db.query(foreignKeysQuery(schema))).rows);
    const checks = groupBy((await db.query(checksQuery(schema, server))).rows.map(checkRow), (c) => c.table);
    const views = new Map((await db.query(viewsQuery(schema, server))).rows.map(viewRow).map((v) => [v.name, v]));
    const objects = (await db.query(otherObjectsQuery(schema))).rows;

    const warnings: InspectWarning[] = [...accessWarnings(schema, access, wanted !== null)];
    const tables: TableState[] = [];
    const viewStates: ViewState[] = [];
    const figures: Record<string, TableFigures> = {};
    const readColumns = (rows: readonly ColumnRow[], jsonChecks: readonly CheckRow[]): ColumnState[] =>
      rows.map((row) => {
        const read = readColumn(row, { mariadb: server.mariadb, json: jsonChecks.some((c) => c.name === row.name) });
        warnings.push(...read.warnings);
        return read.column;
      });

    for (const t of tableRows.filter((r) => selected(r.name))) {
      const tableColumns = columns.get(t.name) ?? [];
      if (t.type === 'VIEW') {
        const row = views.get(t.name);
        if (!row) {
          warnings.push({ object: `view ${t.name}`, message: `not in information_schema.VIEWS for ${account.user}: its definition cannot be read` });
          continue;
        }
        const read = readView(row, readColumns(tableColumns, []), schema, account.user);
        viewStates.push(read.view);
        warnings.push(...read.warnings);
      } else if (t.type === 'BASE TABLE' || t.type === 'SYSTEM VERSIONED') {
        const tableChecks = checks.get(t.name) ?? [];
        const types = new Map(tableColumns.map((c) => [c.name, c.columnType]));
        const jsonChecks = tableChecks.filter((c) => isJsonCheck(c, types.get(c.name)));
        tables.push(readTable(t, readColumns(tableColumns, jsonChecks), tableChecks.filter((c) => !jsonChecks.includes(c)), foreignKeys.byTable.get(t.name) ?? [], indexes.get(t.name), ftParsers, warnings));
        warnings.push(...storageWarnings(t, tableColumns), ...(foreignKeys.warnings.get(t.name) ?? []));
        figures[t.name] = { rowsEstimate: t.rows, totalBytes: t.bytes };
      } else {
        warnings.push(otherTableWarning(t));
      }
    }
    warnings.push(...objectWarnings(objects, selected, wanted === null));
    warnings.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));

    return { state: { version: SCHEMA_STATE_VERSION, dialect: 'mysql', tables, views: viewStates, enums: [] }, schema, figures, warnings };
  },
};

function readTable(
  t: TableRow, columns: ColumnState[], checks: readonly CheckRow[], foreignKeys: TableState['foreignKeys'],
  indexRows: Parameters<typeof readKeys>[1], ftParsers: readonly string[], warnings: InspectWarning[],
): TableState {
  const keys = readKeys(t.name, indexRows, foreignKeys, ftParsers);
  warnings.push(...keys.warnings);
  return {
    name: t.name,
    columns,
    primaryKey: keys.primaryKey,
    uniques: [...keys.uniques].sort(byName),
    indexes: [...keys.indexes].sort(byName),
    foreignKeys,
    checks: checksOf(checks),
    ...(t.comment === '' ? {} : { comment: t.comment }),
  };
}

function otherTableWarning(t: TableRow): InspectWarning {
  if (t.type === 'SEQUENCE') return { object: `sequence ${t.name}`, message: 'sequences are not in the schema state, and the sql format does not create them' };
  return { object: `${t.type.toLowerCase()} ${t.name}`, message: `a ${t.type.toLowerCase()}: not a table or view Oxen can read or create` };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
