import { UsageError } from '../ground/errors.js';
import type { AnyField } from '../model/field.js';
import type { ForeignKeyDef } from '../model/fields/foreign-key.js';
import type { ModelMeta } from '../model/model-meta.js';
import { columnDefaultOf } from './column-default.js';
import { columnTypeOf } from './column-type.js';
import { constraintName } from '../dialect/constraint-name.js';
import {
  byName, SCHEMA_STATE_VERSION, type ColumnState, type ForeignKeyState, type IndexState, type SchemaState, type TableState, type UniqueState,
} from '../dialect/schema-state.js';

/** Anything with model metadata: a model class. */
export interface HasMeta {
  readonly meta: ModelMeta;
}

/** The schema the given models need, in canonical form. Throws MODEL_INVALID for what no database could create. */
export function schemaFromModels(models: readonly HasMeta[]): SchemaState {
  const tables = withJoinModels(models).map((m) => tableFromMeta(m.meta)).sort(byName);
  checkUnique(tables.map((t) => t.name), (n) => `two models use table ${JSON.stringify(n)}: give one of them another tableName`);
  // Index and constraint names share one namespace per schema on PostgreSQL (and foreign keys on MySQL).
  checkUnique(
    tables.flatMap((t) => [...t.uniques, ...t.indexes, ...t.foreignKeys].map((c) => c.name)),
    (n) => `two indexes or constraints are named ${JSON.stringify(n)}: rename one of the indexes`,
  );
  return { version: SCHEMA_STATE_VERSION, tables, views: [], enums: [] };
}

/**
 * The models plus the join models of their many-to-many relations (automatic ones, and `through`
 * models not given), so that creating, dropping and migrating the models includes the join tables.
 */
export function withJoinModels(models: readonly HasMeta[]): HasMeta[] {
  const out = [...models];
  const seen = new Set(models.map((m) => m.meta));
  for (const m of models) {
    // Models from an older copy of Oxen have no manyToMany list.
    for (const field of m.meta.manyToMany ?? []) {
      const through = field.link.through;
      if (!seen.has(through.meta)) {
        seen.add(through.meta);
        out.push(through);
      }
    }
  }
  return out;
}

function tableFromMeta(meta: ModelMeta): TableState {
  const table = meta.tableName;
  const columns = meta.fields.map(columnOf);
  checkUnique(columns.map((c) => c.name), (n) => `model ${meta.name} maps two fields to column ${JSON.stringify(n)}: change one field's column option`);
  const columnOfField = (name: string): string => meta.field(name)!.column;

  const uniques: UniqueState[] = meta.fields
    .filter((f) => f.options.unique === true && !f.primaryKey)
    .map((f) => ({ name: constraintName(table, [f.column], 'key'), columns: [f.column] }));

  const indexes: IndexState[] = meta.indexes.map((i) => ({ name: i.name, columns: i.fields.map(columnOfField), unique: i.unique }));
  const covered = new Set([[meta.pk.column], ...uniques.map((u) => u.columns), ...indexes.map((i) => i.columns)].map((cols) => cols.join('\0')));
  for (const f of meta.fields) {
    if (f.options.dbIndex !== true || covered.has(f.column)) continue;
    indexes.push({ name: constraintName(table, [f.column], 'idx'), columns: [f.column], unique: false });
    covered.add(f.column);
  }

  // By kind, not instanceof: models may come from another copy of Oxen (a linked package, a file loaded with jiti).
  const foreignKeys = meta.fields.filter((f): f is ForeignKeyDef => f.kind === 'foreignKey').map((fk) => foreignKeyOf(meta, fk));
  return {
    name: table,
    columns,
    primaryKey: [meta.pk.column],
    uniques: uniques.sort(byName),
    indexes: indexes.sort(byName),
    foreignKeys: foreignKeys.sort(byName),
    checks: [],
  };
}

function columnOf(field: AnyField): ColumnState {
  const type = columnTypeOf(field);
  const dflt = columnDefaultOf(field, type);
  const column: ColumnState = { name: field.column, type, nullable: field.nullable && !field.primaryKey };
  return dflt ? { ...column, default: dflt } : column;
}

function foreignKeyOf(meta: ModelMeta, fk: ForeignKeyDef): ForeignKeyState {
  if (fk.onDelete === 'SET NULL' && !fk.nullable) {
    throw new UsageError('MODEL_INVALID', `ForeignKey ${meta.name}.${fk.name} has onDelete 'SET NULL' but is not nullable: add null: true or choose another onDelete`);
  }
  const target = fk.to.meta;
  return {
    name: fk.constraintName ?? constraintName(meta.tableName, [fk.column], 'fk'),
    columns: [fk.column],
    referencedTable: target.tableName,
    referencedColumns: [target.pk.column],
    onDelete: fk.onDelete,
  };
}

function checkUnique(names: readonly string[], message: (name: string) => string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new UsageError('MODEL_INVALID', message(n));
    seen.add(n);
  }
}
