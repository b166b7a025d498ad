/**
 * `oxen inspect` on SQLite: the `main` schema of one file, in at most nine statements whatever the
 * number of tables — one batch of six (the objects of sqlite_schema, pragma_table_list, the file size,
 * and every table's columns, index keys and foreign keys from pragma functions joined to
 * sqlite_schema), the views' columns, the figures (introspect-figures.ts), and one sample of the
 * datetime columns' values. What the pragmas do not say comes from the CREATE texts in sqlite_schema
 * (introspect-create-*.ts). 1,000 tables of 50 columns, 3 indexes and 2 foreign keys: about 0.7 s.
 *
 * In the state: tables (WITHOUT ROWID too) and views. Warned about by name: virtual tables (their
 * shadow tables are left out with them), triggers, what a table's text holds that the state cannot
 * (collations, ON CONFLICT, deferred foreign keys, STRICT, rowid keys without AUTOINCREMENT), views
 * SQLite cannot read, datetime columns of mixed text forms. Left out silently: SQLite's own
 * `sqlite_…` tables and automatic indexes.
 */
import { UsageError } from '../../ground/errors.js';
import type { Queryable } from '../../executor/executor.js';
import { quoteWith } from '../dialect.js';
import type { InspectWarning, Inspection, IntrospectOptions, Introspector } from '../introspector.js';
import { byName, SCHEMA_STATE_VERSION, type ColumnState, type SchemaState, type TableState, type ViewState } from '../schema-state.js';
import { readCatalog, readViewColumns, type Catalog, type CatalogColumn } from './introspect-catalog.js';
import { parseCreateView } from './introspect-create-view.js';
import { sampleDatetimeForms, type SampledColumn } from './introspect-datetime-sample.js';
import { readFigures } from './introspect-figures.js';
import { sortObjects } from './introspect-objects.js';
import { tableState } from './introspect-table.js';
import { columnTypeOfDeclared } from './introspect-types.js';

/** SQLite's identifier quoting, as its dialect quotes. */
const quote = quoteWith('"');

export const sqliteIntrospector: Introspector = {
  async inspect(db: Queryable, options: IntrospectOptions): Promise<Inspection> {
    if (options.schema !== undefined && options.schema !== 'main') {
      throw new UsageError('USAGE', `unknown schema ${JSON.stringify(options.schema)}: a SQLite database file has one schema, main`);
    }
    const warnings: InspectWarning[] = [];
    const warn = (object: string, message: string) => void warnings.push({ object, message });
    const catalog = await readCatalog(db);
    const objects = sortObjects(catalog.objects, options);

    const primaryKeyOf = (table: string) => (catalog.columns.get(tableNamed(catalog, table)) ?? []).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const tables = objects.tables.map((t) => tableState({
      name: t.name, sql: t.sql ?? '', columns: catalog.columns.get(t.name) ?? [], indexes: catalog.indexes.get(t.name) ?? [],
      foreignKeys: catalog.foreignKeys.get(t.name) ?? [], indexSql: objects.indexSql, primaryKeyOf,
    }, warn)).sort(byName);
    for (const t of tables) {
      for (const fk of t.foreignKeys) if (fk.referencedColumns.length === 0) warn(`${t.name}.${fk.name}`, `references ${fk.referencedTable}, which has no primary key to stand for the columns the reference leaves out`);
    }

    const { columns: viewColumns, broken } = await readViewColumns(db, objects.views.map((v) => v.name));
    const views = objects.views.map((v) => viewState(v.name, v.sql ?? '', viewColumns.get(v.name) ?? [], broken.get(v.name), warn)).sort(byName);

    for (const v of objects.virtualTables) {
      const shadows = v.shadows.length > 0 ? ` with its shadow tables ${v.shadows.sort().join(', ')}` : '';
      warn(`virtual table ${v.object.name}`, `a virtual table (USING ${v.module || 'an unknown module'}): not in the state${shadows}; recreate it from its CREATE VIRTUAL TABLE text`);
    }
    for (const t of objects.triggers) warn(`trigger ${t.name}`, `on ${t.tableName}: triggers are not in the state; DDL made from it leaves the trigger out`);

    const figures = await readFigures(db, tables.map((t) => ({ name: t.name, withoutRowid: t.withoutRowid === true })), catalog.objects, catalog.fileBytes);
    await sampleDatetimeForms(db, datetimeColumns(tables), quote, warn);

    const state: SchemaState = { version: SCHEMA_STATE_VERSION, dialect: 'sqlite', tables, views, enums: [] };
    return { state, schema: 'main', figures, warnings: warnings.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0)) };
  },
};

/** A referenced table's name as the catalog spells it (a REFERENCES clause may use another case). */
function tableNamed(catalog: Catalog, name: string): string {
  if (catalog.columns.has(name)) return name;
  return [...catalog.columns.keys()].find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

function viewState(name: string, sql: string, columns: readonly CatalogColumn[], broken: string | undefined, warn: (o: string, m: string) => void): ViewState {
  const parsed = parseCreateView(sql);
  if (parsed === undefined) warn(`view ${name}`, 'its CREATE VIEW text could not be read: the state has no definition for it');
  if (parsed?.columnList !== undefined) warn(`view ${name}`, `the column names ${parsed.columnList} given in CREATE VIEW are not in the state: DDL made from it names the columns as the SELECT does`);
  if (broken !== undefined) warn(`view ${name}`, `SQLite cannot read this view (${broken}): the state has it without columns`);
  const state: ColumnState[] = columns.map((c) => ({ name: c.name, type: columnTypeOfDeclared(c.declaredType), nullable: !c.notNull, dbType: c.declaredType }));
  return { name, columns: state, definition: parsed?.definition ?? '' };
}

function datetimeColumns(tables: readonly TableState[]): SampledColumn[] {
  return tables.flatMap((t) => {
    const names = new Set(t.columns.map((c) => c.name.toLowerCase()));
    const rowid = t.withoutRowid === true ? undefined : ['rowid', '_rowid_', 'oid'].find((n) => !names.has(n));
    return t.columns
      .filter((c) => c.type.kind === 'datetime' || c.type.kind === 'date')
      .map((c) => ({ table: t.name, column: c.name, kind: c.type.kind as 'datetime' | 'date', rowid }));
  });
}
