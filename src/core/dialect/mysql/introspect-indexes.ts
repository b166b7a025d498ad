/**
 * A table's keys from information_schema.STATISTICS: the primary key, uniques and indexes.
 *
 * A unique constraint and a unique index are one thing in MySQL (UNIQUE KEY in CREATE TABLE and
 * CREATE UNIQUE INDEX make the same index, and TABLE_CONSTRAINTS lists both as UNIQUE), so one form
 * is chosen: every unique index over plain ascending columns is read as a `unique`; a unique index
 * with a prefix length, a descending or functional key part or a method (HASH) stays an index.
 *
 * Left out: the index InnoDB creates for a foreign key when no index covers it, named as the
 * constraint and over the same columns; it is implied by the foreign key and comes back with it.
 */
import { quoteWith } from '../dialect.js';
import type { InspectWarning } from '../introspector.js';
import type { ForeignKeyState, IndexState, UniqueState } from '../schema-state.js';
import { text } from './introspect-columns.js';

const quote = quoteWith('`');

interface KeyPart {
  readonly seq: number;
  readonly column: string | null;
  readonly descending: boolean;
  readonly prefix: number | null;
  readonly expression: string | null;
}

interface IndexRows {
  readonly name: string;
  readonly unique: boolean;
  readonly type: string;
  readonly comment: string;
  readonly ignored: boolean;
  readonly parts: KeyPart[];
}

export interface TableKeys {
  readonly primaryKey: readonly string[];
  readonly uniques: readonly UniqueState[];
  readonly indexes: readonly IndexState[];
  readonly warnings: readonly InspectWarning[];
}

/** Rows of indexesQuery grouped: table → index name → its rows. */
export function groupIndexRows(rows: readonly (readonly unknown[])[]): Map<string, Map<string, IndexRows>> {
  const tables = new Map<string, Map<string, IndexRows>>();
  for (const r of rows) {
    const table = text(r[0]);
    const name = text(r[1]);
    let indexes = tables.get(table);
    if (!indexes) tables.set(table, (indexes = new Map()));
    let index = indexes.get(name);
    if (!index) {
      index = { name, unique: Number(r[2]) === 0, type: text(r[7]).toUpperCase(), comment: text(r[8]), ignored: text(r[9]) === 'YES', parts: [] };
      indexes.set(name, index);
    }
    index.parts.push({
      seq: Number(r[3]),
      column: r[4] === null ? null : text(r[4]),
      descending: text(r[5]) === 'D',
      // MariaDB reports a SUB_PART of 32 for each part of a SPATIAL key, which CREATE SPATIAL INDEX refuses.
      prefix: r[6] === null || index.type === 'SPATIAL' ? null : Number(r[6]),
      expression: r[10] === null || r[10] === undefined ? null : text(r[10]),
    });
  }
  return tables;
}

/** INDEX_TYPE → the state's method; BTREE is the default (none). */
const METHODS: Record<string, string> = { FULLTEXT: 'fulltext', SPATIAL: 'spatial', HASH: 'hash', RTREE: 'rtree' };

/** `ftParsers`: the server's active full-text parser plugins; with any, a FULLTEXT index may use one that information_schema does not show. */
export function readKeys(table: string, indexes: ReadonlyMap<string, IndexRows> | undefined, foreignKeys: readonly ForeignKeyState[], ftParsers: readonly string[]): TableKeys {
  let primaryKey: string[] = [];
  const uniques: UniqueState[] = [];
  const out: IndexState[] = [];
  const warnings: InspectWarning[] = [];
  for (const index of indexes?.values() ?? []) {
    const parts = [...index.parts].sort((a, b) => a.seq - b.seq);
    const columns = parts.flatMap((p) => (p.column === null ? [] : [p.column]));
    const plain = parts.every((p) => p.column !== null && !p.descending && p.prefix === null && p.expression === null);
    const object = `${table}.${index.name}`;
    const method = index.type === 'BTREE' ? undefined : (METHODS[index.type] ?? index.type.toLowerCase());
    if (index.name === 'PRIMARY') {
      primaryKey = columns;
      if (!plain) warnings.push({ object, message: `a primary key with a prefix or descending key part (${keyList(parts)}): the state holds its columns only` });
      continue;
    }
    if (index.ignored) warnings.push({ object, message: 'an ignored (MariaDB IGNORED / MySQL INVISIBLE) index: the state cannot say so, and the sql format creates it in use' });
    if (index.comment !== '') warnings.push({ object, message: `index comment ${JSON.stringify(index.comment)}: not in the state` });
    if (method === 'fulltext' && ftParsers.length > 0) {
      warnings.push({ object, message: `the server has full-text parser plugins (${ftParsers.join(', ')}) and information_schema does not say whether this index uses one (WITH PARSER): the sql format creates it with the built-in parser` });
    }
    if (index.unique && plain && method === undefined) {
      uniques.push({ name: index.name, columns });
      continue;
    }
    if (!index.unique && plain && method === undefined && impliedByForeignKey(index.name, columns, foreignKeys)) continue;
    const state: IndexState = { name: index.name, columns, unique: index.unique };
    out.push({ ...state, ...(plain ? {} : { expression: keyList(parts) }), ...(method === undefined ? {} : { method }) });
  }
  return { primaryKey, uniques, indexes: out, warnings };
}

function impliedByForeignKey(name: string, columns: readonly string[], foreignKeys: readonly ForeignKeyState[]): boolean {
  return foreignKeys.some((fk) => fk.name === name && fk.columns.length === columns.length && fk.columns.every((c, i) => c === columns[i]));
}

/** The key list as SQL: `title`(10), `u` DESC, (lower(`name`)). */
function keyList(parts: readonly KeyPart[]): string {
  return parts
    .map((p) => {
      const key = p.expression !== null ? `(${p.expression})` : `${quote(p.column ?? '')}${p.prefix === null ? '' : `(${p.prefix})`}`;
      return p.descending ? `${key} DESC` : key;
    })
    .join(', ');
}
