/**
 * Writing the pairs of a many-to-many relation. add() is one INSERT of the missing pairs: where the
 * pair is unique (always for automatic join models) a pair already there is left as it is by the
 * database's upsert clause, which, unlike INSERT IGNORE, still fails on a missing related row.
 */
import type { Database } from '../database/database.js';
import { transaction } from '../database/transaction.js';
import { UsageError } from '../ground/errors.js';
import type { DialectName, SqlValue } from '../ground/values.js';
import type { AnyField } from '../model/field.js';
import type { ForeignKeyDef } from '../model/fields/foreign-key.js';
import { DateTimeFieldDef } from '../model/fields/temporal-fields.js';
import type { AnyModel } from '../model/model-types.js';
import { param, type OnConflict } from '../dialect/nodes.js';
import { noteWrite } from './write-queries.js';

type Obj = Record<string, unknown>;

export interface PairSide {
  readonly through: AnyModel;
  /** The join model's key to the instance whose manager this is. */
  readonly from: ForeignKeyDef;
  /** The join model's key to the related objects. */
  readonly to: ForeignKeyDef;
  /** Whether the database keeps each pair once (a unique constraint on the two keys). */
  readonly uniquePair: boolean;
}

/** `{ throughDefaults: {...} }`, the options object add() takes last and set() second. */
export function isThroughDefaults(value: unknown): value is { throughDefaults: unknown } {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && 'throughDefaults' in value;
}

/** The through model's own fields named in `throughDefaults`, checked: the two keys and the primary key are not among them. */
export function throughDefaults(side: PairSide, options: { throughDefaults: unknown }, where: string, dialect: DialectName): Obj {
  const given = options.throughDefaults;
  const meta = side.through.meta;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw new UsageError('VALUE_INVALID', `${where}: throughDefaults must be an object of ${meta.name}'s fields`);
  const own = meta.fields.filter((f) => f !== meta.pk && f !== side.from && f !== side.to);
  for (const [name, value] of Object.entries(given)) {
    const field = own.find((f) => f.attname === name || f.name === name);
    if (!field) {
      const choices = own.length ? `its own fields are ${own.map((f) => f.name).join(', ')}` : 'it has no fields of its own';
      throw new UsageError('FIELD_UNKNOWN', `${where}: throughDefaults names ${JSON.stringify(name)}, not a field ${meta.name} lets you set (${choices})`);
    }
    // Checked now, not when a pair is written: with every pair already there, nothing would be.
    const id = value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array) && field.attname !== name ? (value as Obj)[(field as ForeignKeyDef).to.meta.pk.attname] : value;
    try {
      field.toDb(id, dialect);
    } catch (e) {
      throw new UsageError('VALUE_INVALID', `${where}: throughDefaults.${name}: ${(e as Error).message}`, { cause: e });
    }
  }
  return given as Obj;
}

/** The join model's columns besides the two keys must fill themselves or be given, or add() cannot write a row. */
export function checkFillable(side: PairSide, where: string, given: Obj = {}): void {
  const meta = side.through.meta;
  for (const f of meta.fields) {
    if (f === meta.pk || f === side.from || f === side.to || f.attname in given || f.name in given) continue;
    const autoNow = f instanceof DateTimeFieldDef && (f.autoNow || f.autoNowAdd);
    if (!f.nullable && !f.hasDefault && !f.dbGenerated && !autoNow) {
      throw new UsageError(
        'USAGE',
        `${where}: the through model ${meta.name} has field ${f.name} without a default and not nullable; give it in { throughDefaults: { ${f.name}: … } } or create ${meta.name} rows directly`,
      );
    }
  }
}

/** Inserts (ownId, id) for each id not paired yet; `ids` are distinct. */
export async function insertPairs(db: Database, side: PairSide, ownId: unknown, ids: readonly unknown[], defaults: Obj = {}): Promise<void> {
  const meta = side.through.meta;
  let missing = ids;
  if (!side.uniquePair) {
    // Nothing in the database stops a repeated pair, so the ones present are looked up first, on the
    // database written to (named, so never a replica that may lag behind it).
    const present = (await (side.through as unknown as ThroughStatics)
      .using(db.name)
      .filter({ [side.from.attname]: ownId, [`${side.to.attname}__in`]: ids })
      .valuesList(side.to.attname, { flat: true })) as unknown[];
    const seen = new Set(present.map(keyOf));
    missing = ids.filter((id) => !seen.has(keyOf(id)));
  }
  if (missing.length === 0) return;
  const rows = missing.map((id) => new side.through({ ...defaults, [side.from.attname]: ownId, [side.to.attname]: id } as never) as unknown as Obj);
  const fields = meta.fields.filter((f) => !(f === meta.pk && f.dbGenerated && (rows[0]![f.attname] === undefined || rows[0]![f.attname] === null)));
  // A no-op update of the pair's own key: the portable "leave an existing pair alone".
  const onConflict: OnConflict | undefined = side.uniquePair ? { action: 'update', target: [side.from.column, side.to.column], set: [side.from.column] } : undefined;
  const perStatement = Math.max(1, Math.floor(db.executor.maxParams / fields.length));
  const work = async (): Promise<void> => {
    for (let start = 0; start < rows.length; start += perStatement) {
      await insertRows(db, side.through, fields, rows.slice(start, start + perStatement), onConflict);
    }
  };
  if (rows.length > perStatement) await transaction(work, { using: db.name });
  else await work();
}

async function insertRows(db: Database, through: AnyModel, fields: readonly AnyField[], rows: readonly Obj[], onConflict: OnConflict | undefined): Promise<void> {
  const d = db.dialect.name;
  const { sql, params } = db.dialect.compile({
    kind: 'insert',
    table: through.meta.tableName,
    columns: fields.map((f) => f.column),
    rows: rows.map((row) => fields.map((f) => param(f.toDb(row[f.attname] ?? null, d) as SqlValue))),
    returning: [],
    onConflict,
  });
  try {
    await db.execute({ sql, params });
  } finally {
    noteWrite(db, [through.meta.tableName]);
  }
}

interface ThroughStatics {
  using(name: string): { filter(c: Obj): { valuesList(name: string, o: { flat: true }): PromiseLike<unknown[]> } };
}

/** bigint and number ids of the same value are one id. */
export function keyOf(v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? String(v) : v;
}
