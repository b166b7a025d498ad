/**
 * One column of information_schema.COLUMNS into the state: its kind (introspect-types.ts), default
 * (introspect-defaults.ts), generated expression and comment, and a warning for what the state
 * cannot hold (an invisible column, ON UPDATE without a current-time default, AUTO_INCREMENT on a
 * type that is not an integer).
 */
import type { InspectWarning } from '../introspector.js';
import type { ColumnState } from '../schema-state.js';
import { readDefault } from './introspect-defaults.js';
import { mysqlColumnType } from './introspect-types.js';

export interface ColumnRow {
  readonly table: string;
  readonly name: string;
  readonly ordinal: number;
  readonly columnType: string;
  readonly nullable: boolean;
  readonly default: string | null;
  readonly extra: string;
  readonly generation: string | null;
  readonly comment: string;
  /** Null for columns that hold no text. */
  readonly collation: string | null;
}

/** From a row of columnsQuery. */
export function columnRow(r: readonly unknown[]): ColumnRow {
  return {
    table: text(r[0]),
    name: text(r[1]),
    ordinal: Number(r[2]),
    columnType: text(r[3]),
    nullable: text(r[4]) === 'YES',
    default: r[5] === null ? null : text(r[5]),
    extra: r[6] === null ? '' : text(r[6]),
    generation: r[7] === null || text(r[7]) === '' ? null : text(r[7]),
    comment: r[8] === null ? '' : text(r[8]),
    collation: r[9] === null ? null : text(r[9]),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface ReadColumn {
  readonly column: ColumnState;
  readonly warnings: readonly InspectWarning[];
}

/**
 * `json`: a MariaDB JSON column — LONGTEXT with the json_valid() check MariaDB adds and names after
 * the column — read back as the json kind it was declared with (its check is not listed).
 */
export function readColumn(row: ColumnRow, options: { readonly mariadb: boolean; readonly json: boolean }): ReadColumn {
  const object = `${row.table}.${row.name}`;
  const warnings: InspectWarning[] = [];
  const autoIncrement = /auto_increment/i.test(row.extra);
  const type = options.json ? { kind: 'json' as const } : mysqlColumnType(row.columnType, autoIncrement);
  const dbType = options.json ? 'json' : row.columnType;
  if (autoIncrement && type.kind === 'raw') {
    warnings.push({ object, message: `AUTO_INCREMENT on a ${row.columnType} column: the state holds auto-increment only on integer columns, so the sql format leaves it out` });
  }
  // Built in place: a large database has tens of thousands of columns, and spreading each one's object per optional key shows.
  const column: Mutable<ColumnState> = { name: row.name, type, nullable: row.nullable, dbType };
  const generated = row.extra === '' ? null : /\b(STORED|PERSISTENT|VIRTUAL) GENERATED\b/i.exec(row.extra);
  if (generated && row.generation !== null) {
    column.generated = { expression: row.generation, stored: generated[1]!.toUpperCase() !== 'VIRTUAL' };
  } else {
    const read = readDefault({ text: row.default, extra: row.extra, mariadb: options.mariadb, type, dbType: row.columnType });
    if (read.default) column.default = read.default;
    if (read.lostOnUpdate) {
      warnings.push({ object, message: `${read.lostOnUpdate.toUpperCase()} without a current-time default: the state holds ON UPDATE only with DEFAULT CURRENT_TIMESTAMP, so the sql format leaves it out` });
    }
  }
  if (row.comment !== '') column.comment = row.comment;
  if (row.extra !== '' && /\bINVISIBLE\b/i.test(row.extra)) {
    warnings.push({ object, message: 'an INVISIBLE column (left out of SELECT *): the state cannot say so, and the sql format creates it visible' });
  }
  return { column, warnings };
}

/** information_schema text comes back as a string, or as a Buffer where the server labels it binary. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return String(value);
}
