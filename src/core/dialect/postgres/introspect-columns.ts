/**
 * One column (of a table or a view) into the state. An integer column filled from a counter — an
 * identity, or a serial: a default calling nextval() on the sequence the column owns — is auto /
 * bigAuto without a default, as `createTables` makes it; the sequence is then accounted for by the column.
 */
import type { InspectWarning } from '../introspector.js';
import type { ColumnState, ColumnType } from '../schema-state.js';
import { readDefault } from './introspect-defaults.js';
import type { ColumnRow } from './introspect-rows.js';
import { autoTypeOf, columnTypeOfSpelling } from './introspect-types.js';

export interface ReadColumn {
  readonly state: ColumnState;
  /** The sequence (as regclass prints it) this column's counter uses, now accounted for. */
  readonly sequence?: string;
}

/** A sequence a column owns: 'a' for OWNED BY (what serial makes), 'i' for an identity's. */
export interface OwnedSequence {
  readonly text: string;
  readonly dependency: string;
}

export function readColumn(row: ColumnRow, owned: readonly OwnedSequence[], owner: string, warn: (w: InspectWarning) => void): ReadColumn {
  const object = `${owner}.${row.name}`;
  if (row.collation !== null) warn({ object, message: `collation "${row.collation}" is not in the state (the column is created with its type's default collation)` });
  if (row.identity === 'a') warn({ object, message: 'GENERATED ALWAYS AS IDENTITY: the state holds an auto column, created BY DEFAULT (explicit ids are then accepted)' });

  const counter = row.identity !== '' ? owned.find((s) => s.dependency === 'i') : owned.find((s) => isSerial(row, s));
  const auto = row.identity !== '' || counter ? autoTypeOf(row.spelling) : undefined;
  const type: ColumnType = auto ?? columnTypeOfSpelling(row.spelling);
  const base = { name: row.name, type, nullable: !row.notNull, dbType: row.spelling };
  const column: ColumnState = row.generated !== '' && row.default !== null
    ? { ...base, generated: { expression: row.default, stored: row.generated === 's' } }
    : !auto && row.default !== null ? { ...base, default: readDefault(row.default, type) } : base;
  const state = row.comment === null ? column : { ...column, comment: row.comment };
  return auto && counter ? { state, sequence: counter.text } : { state };
}

/** A default calling nextval() on a sequence the column owns (OWNED BY: what `serial` makes). */
function isSerial(row: ColumnRow, sequence: OwnedSequence): boolean {
  return sequence.dependency === 'a' && row.default === `nextval('${sequence.text.replaceAll("'", "''")}'::regclass)`;
}
