/** Saving and deleting single instances: INSERT … RETURNING where the database has it, insert ids elsewhere. */
import { getDatabase } from '../database/registry.js';
import type { Database } from '../database/database.js';
import { UsageError } from '../ground/errors.js';
import type { SqlValue } from '../ground/values.js';
import type { AnyField } from '../model/field.js';
import { DateTimeFieldDef } from '../model/fields/temporal-fields.js';
import type { SaveOptions } from '../model/instance-types.js';
import type { AnyModel } from '../model/model-types.js';
import { col, param, type Expr } from '../dialect/nodes.js';
import { noteWrite, runWrite } from './write-queries.js';

type Obj = Record<string, unknown>;

export async function createInstance(model: AnyModel, values: Obj, using: string | undefined): Promise<Obj> {
  const inst = new model(values as never) as unknown as Obj;
  await saveInstance(model, inst, { using, forceInsert: true });
  return inst;
}

function touchAutoNow(fields: readonly AnyField[], inst: Obj): void {
  const now = new Date();
  for (const f of fields) if (f instanceof DateTimeFieldDef && f.autoNow) inst[f.attname] = now;
}

export async function saveInstance(model: AnyModel, inst: Obj, options: SaveOptions = {}): Promise<Obj> {
  const meta = model.meta;
  const db = getDatabase(options.using);
  const pkValue = inst[meta.pk.attname];
  touchAutoNow(meta.fields, inst);
  if (options.forceInsert || pkValue === undefined || pkValue === null) {
    await insertInstance(db, model, inst);
    return inst;
  }
  let fields = meta.fields.filter((f) => f !== meta.pk);
  if (options.updateFields) {
    const wanted = new Set(options.updateFields.map((n) => {
      const f = meta.field(n);
      if (!f) throw new UsageError('FIELD_UNKNOWN', `save(): ${meta.name} has no field ${JSON.stringify(n)}`);
      return f;
    }));
    fields = fields.filter((f) => wanted.has(f) || (f instanceof DateTimeFieldDef && f.autoNow));
  }
  const set = fields.filter((f) => inst[f.attname] !== undefined).map((f) => ({ column: f.column, value: param(f.toDb(inst[f.attname], db.dialect.name)) }));
  if (set.length === 0) return inst;
  const where: Expr = { kind: 'compare', op: '=', left: col(meta.tableName, meta.pk.column), right: param(meta.pk.toDb(pkValue, db.dialect.name)) };
  const result = await runWrite(db, { kind: 'update', table: meta.tableName, set, where }, meta.tableName);
  // As in Django: a primary key that matches no row means the row is new.
  if (result.rowsAffected === 0 && !options.updateFields) await insertInstance(db, model, inst);
  return inst;
}

async function insertInstance(db: Database, model: AnyModel, inst: Obj): Promise<void> {
  const meta = model.meta;
  const d = db.dialect.name;
  const columns: string[] = [];
  const values: Expr[] = [];
  for (const f of meta.fields) {
    const v = inst[f.attname];
    if (v === undefined) {
      if (f.dbGenerated) continue;
      inst[f.attname] = null;
    }
    columns.push(f.column);
    values.push(param(f.toDb(inst[f.attname], d) as SqlValue));
  }
  const generated = meta.pk.dbGenerated && inst[meta.pk.attname] === undefined;
  const returning = generated && db.dialect.insertReturning ? [meta.pk.column] : [];
  const node = { kind: 'insert' as const, table: meta.tableName, columns, rows: [values], returning };
  if (returning.length) {
    const { sql, params } = db.dialect.compile(node);
    try {
      const r = await db.query({ sql, params });
      inst[meta.pk.attname] = meta.pk.fromDb(r.rows[0]![0], d);
    } finally {
      noteWrite(db, [meta.tableName]);
    }
    return;
  }
  const result = await runWrite(db, node, meta.tableName);
  if (generated && result.insertId !== undefined) inst[meta.pk.attname] = meta.pk.fromDb(result.insertId, d);
}

export async function deleteInstance(model: AnyModel, inst: Obj, options: { using?: string } = {}): Promise<number> {
  const meta = model.meta;
  const db = getDatabase(options.using);
  const pkValue = inst[meta.pk.attname];
  if (pkValue === undefined || pkValue === null) throw new UsageError('USAGE', `cannot delete a ${meta.name} that was never saved (its primary key is unset)`);
  noteWrite(db, [...meta.reverseRelations().values()].map((r) => r.model.meta.tableName));
  const where: Expr = { kind: 'compare', op: '=', left: col(meta.tableName, meta.pk.column), right: param(meta.pk.toDb(pkValue, db.dialect.name)) };
  const result = await runWrite(db, { kind: 'delete', table: meta.tableName, where }, meta.tableName);
  return result.rowsAffected;
}
