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

/** A join row's two key values: the `from` side's, then the `to` side's. */
export type Pair = readonly [from: unknown, to: unknown];

/** Inserts the pairs not there yet; `pairs` are distinct. */
export async function insertPairs(db: Database, side: PairSide, pairs: readonly Pair[], defaults: Obj = {}): Promise<void> {
  const meta = side.through.meta;
  let missing = pairs;
  if (!side.uniquePair) {
    // Nothing in the database stops a repeated pair, so the ones present are looked up first, on the
    // database written to (named, so never a replica that may lag behind it). The two `in` lists
    // find a superset; the exact pairs are picked here.
    const present = (await (side.through as unknown as ThroughStatics)
      .using(db.name)
      .filter({ [`${side.from.attname}__in`]: distinct(pairs.map((p) => p[0])), [`${side.to.attname}__in`]: distinct(pairs.map((p) => p[1])) })
      .valuesList(side.from.attname, side.to.attname)) as unknown as Pair[];
    const seen = new Set(present.map(pairKey));
    missing = pairs.filter((p) => !seen.has(pairKey(p)));
  }
  if (missing.length === 0) return;
  const rows = missing.map(([from, to]) => new side.through({ ...defaults, [side.from.attname]: from, [side.to.attname]: to } as never) as unknown as Obj);
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

/** The pairs add() or set() writes: (own, id) for each id, and for a symmetrical relation (id, own) too. */
export function pairsOf(ownId: unknown, ids: readonly unknown[], symmetrical: boolean): Pair[] {
  const pairs: Pair[] = ids.map((id) => [ownId, id]);
  if (symmetrical) for (const id of ids) if (keyOf(id) !== keyOf(ownId)) pairs.push([id, ownId]);
  return pairs;
}

function pairKey([from, to]: Pair): string {
  return `${String(keyOf(from))}\u0000${String(keyOf(to))}`;
}

function distinct(values: readonly unknown[]): unknown[] {
  const seen = new Map<unknown, unknown>();
  for (const v of values) if (!seen.has(keyOf(v))) seen.set(keyOf(v), v);
  return [...seen.values()];
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
  using(name: string): { filter(c: Obj): { valuesList(...names: string[]): PromiseLike<unknown[]> } };
}

/** bigint and number ids of the same value are one id. */
export function keyOf(v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? String(v) : v;
}
