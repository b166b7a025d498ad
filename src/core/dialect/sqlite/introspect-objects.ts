/**
 * Sorts the objects of `sqlite_schema` into what the state holds (tables, views), what is warned
 * about by name (virtual tables, triggers), and what is left out silently: SQLite's own `sqlite_…`
 * tables and indexes (sqlite_sequence, sqlite_stat1…4, the automatic indexes of keys) and a virtual
 * table's shadow tables, which store its data and are part of it rather than tables of their own.
 * `tables` / `exclude` pick among tables, views and virtual tables; a name that is none of them is an
 * error, as SQLite matches names: ASCII case ignored.
 */
import { UsageError } from '../../ground/errors.js';
import type { IntrospectOptions } from '../introspector.js';
import type { CatalogObject } from './introspect-catalog.js';
import { virtualTableModule } from './introspect-create-view.js';

export interface SortedObjects {
  readonly tables: CatalogObject[];
  readonly views: CatalogObject[];
  readonly virtualTables: { readonly object: CatalogObject; readonly module: string; readonly shadows: string[] }[];
  /** Triggers on the selected tables and views. */
  readonly triggers: CatalogObject[];
  /** CREATE INDEX texts by index name. */
  readonly indexSql: Map<string, string>;
}

/** Shadow-table suffixes of the modules SQLite ships, for a build whose pragma_table_list does not know the module. */
const SHADOW_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  fts3: ['content', 'segments', 'segdir', 'docsize', 'stat'],
  fts4: ['content', 'segments', 'segdir', 'docsize', 'stat'],
  fts5: ['data', 'idx', 'content', 'docsize', 'config'],
  rtree: ['node', 'parent', 'rowid'],
  geopoly: ['node', 'parent', 'rowid'],
};

const isInternal = (name: string) => name.toLowerCase().startsWith('sqlite_');

export function sortObjects(objects: readonly CatalogObject[], options: IntrospectOptions): SortedObjects {
  const all = objects.filter((o) => o.type === 'table' || o.type === 'view');
  const virtual = all.filter((o) => o.type === 'table' && (o.listKind === 'virtual' || /^CREATE VIRTUAL /i.test(o.sql ?? '')));
  const modules = new Map(virtual.map((v) => [v.name, virtualTableModule(v.sql ?? '')]));
  const shadowOf = new Map<string, string[]>(virtual.map((v) => [v.name, []]));
  const isShadow = (o: CatalogObject): boolean => {
    const owner = virtual.find((v) => {
      const suffixes = SHADOW_SUFFIXES[modules.get(v.name)!] ?? [];
      const prefix = `${v.name.toLowerCase()}_`;
      const name = o.name.toLowerCase();
      return name.startsWith(prefix) && (o.listKind === 'shadow' || suffixes.includes(name.slice(prefix.length)));
    });
    if (owner !== undefined) shadowOf.get(owner.name)!.push(o.name);
    return owner !== undefined;
  };
  const candidates = all.filter((o) => !isInternal(o.name) && !virtual.includes(o) && !isShadow(o));
  const selected = selection([...candidates, ...virtual], options);

  const tables = candidates.filter((o) => o.type === 'table' && selected(o.name));
  const views = candidates.filter((o) => o.type === 'view' && selected(o.name));
  const picked = new Set([...tables, ...views].map((o) => o.name.toLowerCase()));
  return {
    tables,
    views,
    virtualTables: virtual.filter((v) => selected(v.name)).map((v) => ({ object: v, module: modules.get(v.name)!, shadows: shadowOf.get(v.name)! })),
    triggers: objects.filter((o) => o.type === 'trigger' && picked.has(o.tableName.toLowerCase())),
    indexSql: new Map(objects.filter((o) => o.type === 'index' && o.sql !== null).map((o) => [o.name, o.sql!])),
  };
}

/** Which names `tables` / `exclude` keep, after checking that each one names an object. */
function selection(known: readonly CatalogObject[], options: IntrospectOptions): (name: string) => boolean {
  const names = new Set(known.map((o) => o.name.toLowerCase()));
  const given = options.tables ?? options.exclude;
  if (given === undefined) return () => true;
  const unknown = given.filter((n) => !names.has(n.toLowerCase()));
  if (unknown.length > 0) {
    const flag = options.tables !== undefined ? '--tables' : '--exclude';
    throw new UsageError('USAGE', `no table or view ${unknown.map((n) => JSON.stringify(n)).join(', ')} in this SQLite database (${flag}); \`oxen inspect\` without ${flag} lists them`);
  }
  const set = new Set(given.map((n) => n.toLowerCase()));
  return options.tables !== undefined ? (n) => set.has(n.toLowerCase()) : (n) => !set.has(n.toLowerCase());
}
