/**
 * bulkCreate and bulkUpdate: as few statements as the database's bind-parameter limit allows, inside
 * one transaction when there is more than one, so a failure leaves nothing half-written. Large
 * creates on PostgreSQL go through COPY where the executor offers it (bulk-copy.ts).
 */
import { getDatabase } from '../database/registry.js';
import type { Database } from '../database/database.js';
import { UsageError } from '../ground/errors.js';
import type { AnyField } from '../model/field.js';
import { ForeignKeyDef } from '../model/fields/foreign-key.js';
import type { AnyModel } from '../model/model-types.js';
import { transaction } from '../database/transaction.js';
import { col, param, type OnConflict, type QueryNode } from '../dialect/nodes.js';
import type { Dialect } from '../dialect/dialect.js';
import type { SqlValue } from '../ground/values.js';
import { noteWrite } from './write-queries.js';
import { copyGroup, copyTarget } from './bulk-copy.js';

type Obj = Record<string, unknown>;

export interface BulkCreateOptions {
  /** Rows per INSERT; by default as many as the parameter limit allows (and no COPY). */
  batchSize?: number;
  /** 'ignore' skips rows that violate a unique constraint; `update` overwrites the given fields of the existing row. */
  onConflict?: 'ignore' | { update: readonly string[]; target: readonly string[] };
  using?: string;
}

export async function bulkCreate(model: AnyModel, objects: readonly Obj[], options: BulkCreateOptions = {}): Promise<Obj[]> {
  const meta = model.meta;
  const db = getDatabase(options.using);
  const instances = objects.map((o) => (o instanceof model ? (o as Obj) : (new model(o as never) as unknown as Obj)));
  if (instances.length === 0) return instances;
  const conflict = conflictClause(model, options.onConflict);
  // Rows that carry their own primary key and rows that let the database generate it need different column lists.
  const withPk = instances.filter((i) => i[meta.pk.attname] !== undefined && i[meta.pk.attname] !== null);
  const withoutPk = instances.filter((i) => i[meta.pk.attname] === undefined || i[meta.pk.attname] === null);
  const groups = [withPk, withoutPk].filter((g) => g.length > 0);
  const work = async () => {
    for (const group of groups) {
      const fields = meta.fields.filter((f) => group !== withoutPk || f !== meta.pk || !f.dbGenerated);
      // An explicit batchSize asks for INSERTs of that size, so it rules COPY out.
      const copyOn = options.batchSize === undefined ? copyTarget(db, group.length, conflict !== undefined) : undefined;
      if (copyOn && (await copyGroup(db, copyOn, model, group, fields))) continue;
      await insertGroup(db, model, group, fields, conflict, options.batchSize);
    }
  };
  // Counted as INSERT batches even where COPY will take a group whole: COPY may find no sequence for
  // the keys and fall back, and then the batches must still be atomic.
  const batches = groups.reduce((n, g) => n + Math.ceil(g.length / batchRows(db, meta.fields.length, options.batchSize)), 0);
  if (batches > 1) await transaction(work, { using: db.name });
  else await work();
  return instances;
}

function batchRows(db: Database, perRow: number, wanted: number | undefined): number {
  const byLimit = Math.max(1, Math.floor(db.executor.maxParams / Math.max(1, perRow)));
  if (wanted !== undefined && (!Number.isSafeInteger(wanted) || wanted < 1)) throw new UsageError('USAGE', `batchSize must be a positive integer, got ${String(wanted)}`);
  return Math.min(byLimit, wanted ?? byLimit);
}

function conflictClause(model: AnyModel, spec: BulkCreateOptions['onConflict']): OnConflict | undefined {
  if (spec === undefined) return undefined;
  if (spec === 'ignore') return { action: 'ignore' };
  const column = (name: string): string => {
    const f = model.meta.field(name);
    if (!f) throw new UsageError('FIELD_UNKNOWN', `onConflict: ${model.meta.name} has no field ${JSON.stringify(name)}`);
    return f.column;
  };
  if (!spec.update.length || !spec.target.length) throw new UsageError('USAGE', 'onConflict.update and onConflict.target each need at least one field');
  return { action: 'update', target: spec.target.map(column), set: spec.update.map(column) };
}

/**
 * The SQL of a batch depends only on its shape (table, columns, row count, RETURNING, conflict
 * clause), so it is compiled once per shape and the values are bound as one flat array.
 */
const batchSql = new WeakMap<Dialect, Map<string, string>>();

function compiledOnce(dialect: Dialect, key: string, node: () => QueryNode): string {
  let perDialect = batchSql.get(dialect);
  if (!perDialect) batchSql.set(dialect, (perDialect = new Map()));
  let sql = perDialect.get(key);
  if (sql === undefined) {
    sql = dialect.compile(node()).sql;
    if (perDialect.size >= 256) perDialect.clear();
    perDialect.set(key, sql);
  }
  return sql;
}

const SLOT = param(null);

async function insertGroup(db: Database, model: AnyModel, rows: Obj[], fields: AnyField[], conflict: OnConflict | undefined, batchSize: number | undefined): Promise<void> {
  const meta = model.meta;
  const d = db.dialect.name;
  const size = batchRows(db, fields.length, batchSize);
  const generated = !fields.includes(meta.pk);
  // With ON CONFLICT DO NOTHING the returned ids no longer line up with the rows, so none are read.
  const returning = generated && db.dialect.insertReturning && conflict?.action !== 'ignore' ? [meta.pk.column] : [];
  const columns = fields.map((f) => f.column);
  const shape = `${meta.tableName}|${columns.join(',')}|${returning.join(',')}|${JSON.stringify(conflict ?? null)}`;
  for (let start = 0; start < rows.length; start += size) {
    const batch = rows.slice(start, start + size);
    const params: SqlValue[] = new Array(batch.length * fields.length);
    let p = 0;
    for (const inst of batch) {
      for (const f of fields) {
        const v = inst[f.attname];
        if (v === undefined) inst[f.attname] = null;
        params[p++] = f.toDb(v ?? null, d);
      }
    }
    const sql = compiledOnce(db.dialect, `insert|${shape}|${batch.length}`, () => ({
      kind: 'insert', table: meta.tableName, columns, rows: batch.map(() => fields.map(() => SLOT)), returning, onConflict: conflict,
    }));
    try {
      if (returning.length) {
        const r = await db.query({ sql, params });
        if (r.rows.length === batch.length) r.rows.forEach((row, i) => (batch[i]![meta.pk.attname] = meta.pk.fromDb(row[0], d)));
      } else {
        await db.execute({ sql, params });
      }
    } finally {
      noteWrite(db, [meta.tableName]);
    }
  }
}

/** UPDATE … SET f = CASE pk WHEN … THEN … END WHERE pk IN (…), one statement per parameter-limit-sized batch. */
export async function bulkUpdate(model: AnyModel, objects: readonly Obj[], names: readonly string[], options: { batchSize?: number; using?: string } = {}): Promise<number> {
  const meta = model.meta;
  const db = getDatabase(options.using);
  if (names.length === 0) throw new UsageError('USAGE', 'bulkUpdate() needs at least one field name');
  const fields = names.map((n) => {
    const f = meta.field(n);
    if (!f || f === meta.pk) throw new UsageError('FIELD_UNKNOWN', `bulkUpdate(): ${JSON.stringify(n)} is not an updatable field of ${meta.name}`);
    return f;
  });
  for (const o of objects) {
    const pk = o[meta.pk.attname];
    if (pk === undefined || pk === null) throw new UsageError('USAGE', `bulkUpdate(): every ${meta.name} must be saved first (primary key unset)`);
  }
  if (objects.length === 0) return 0;
  const d = db.dialect.name;
  const size = batchRows(db, 2 * fields.length + 1, options.batchSize);
  const pkCol = col(meta.tableName, meta.pk.column);
  const kinds = fields.map((f) => (f instanceof ForeignKeyDef ? f.to.meta.pk.kind : f.kind));
  const shape = `${meta.tableName}|${fields.map((f) => f.column).join(',')}`;
  let updated = 0;
  const work = async () => {
    for (let start = 0; start < objects.length; start += size) {
      const batch = objects.slice(start, start + size);
      const ids = batch.map((o) => meta.pk.toDb(o[meta.pk.attname], d));
      // Parameter order follows the SQL: per field, (pk, value) pairs; then the IN list.
      const params: SqlValue[] = [];
      for (const f of fields) batch.forEach((o, i) => params.push(ids[i]!, f.toDb(o[f.attname], d)));
      params.push(...ids);
      const sql = compiledOnce(db.dialect, `update|${shape}|${batch.length}`, () => ({
        kind: 'update',
        table: meta.tableName,
        set: fields.map((f, fi) => ({
          column: f.column,
          value: { kind: 'case', subject: pkCol, whens: batch.map(() => [SLOT, { kind: 'typed', expr: SLOT, fieldKind: kinds[fi]! }] as const), else: col(meta.tableName, f.column) },
        })),
        where: { kind: 'in', left: pkCol, values: batch.map(() => SLOT) },
      }));
      try {
        updated += (await db.execute({ sql, params })).rowsAffected;
      } finally {
        noteWrite(db, [meta.tableName]);
      }
    }
  };
  if (objects.length > size) await transaction(work, { using: db.name });
  else await work();
  return updated;
}
