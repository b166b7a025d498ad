/**
 * What a model cannot declare, kept as the migrations have it. A migration may hold more than models
 * can say — a composite primary key, a foreign key that is no ForeignKey field, a check, an
 * expression, partial or method index — because it was written by hand or made to describe a
 * database Oxen did not create (a baseline: `oxen inspect` names each such part in a comment at its
 * model). The models' silence about them is no request to drop them: without this, `migrate make`
 * would write a migration dropping them (or fail on the primary key) at the next unrelated change.
 */
import { byName, type SchemaState, type TableState } from '../../dialect/schema-state.js';

/** The models' state with what they cannot declare taken from `from` (the migrations' state), table by table. */
export function withUndeclarable(from: SchemaState, models: SchemaState): SchemaState {
  const before = new Map(from.tables.map((t) => [t.name, t]));
  const tables = new Set(models.tables.map((t) => t.name));
  return {
    ...models,
    tables: models.tables.map((t) => {
      const had = before.get(t.name);
      return had === undefined ? t : keepUndeclarable(had, t, tables);
    }),
  };
}

function keepUndeclarable(had: TableState, model: TableState, tables: ReadonlySet<string>): TableState {
  const hasColumns = (columns: readonly string[]): boolean => columns.every((c) => model.columns.some((m) => m.name === c));
  const pkField = model.primaryKey.length === 1 ? model.primaryKey[0]! : undefined;
  // A model has one primary key field; for a composite key one of its columns stands in for it.
  const primaryKey = had.primaryKey.length > 1 && pkField !== undefined && had.primaryKey.includes(pkField) && hasColumns(had.primaryKey)
    ? had.primaryKey
    : model.primaryKey;
  const missing = <T extends { readonly name: string }>(mine: readonly T[], theirs: readonly T[]): T[] => theirs.filter((x) => !mine.some((m) => m.name === x.name));
  // A ForeignKey field has one column, and cannot be the primary key field.
  const foreignKeys = missing(model.foreignKeys, had.foreignKeys).filter(
    (fk) => (fk.columns.length > 1 || fk.columns[0] === pkField) && hasColumns(fk.columns) && tables.has(fk.referencedTable),
  );
  const indexes = missing(model.indexes, had.indexes).filter((i) => (i.expression !== undefined || i.where !== undefined || i.method !== undefined) && hasColumns(i.columns));
  const checks = missing(model.checks, had.checks);
  if (primaryKey === model.primaryKey && foreignKeys.length + indexes.length + checks.length === 0) return model;
  return {
    ...model,
    primaryKey,
    foreignKeys: [...model.foreignKeys, ...foreignKeys].sort(byName),
    indexes: [...model.indexes, ...indexes].sort(byName),
    checks: [...model.checks, ...checks].sort(byName),
  };
}
