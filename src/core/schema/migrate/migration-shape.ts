/**
 * Checks a migration file's default export: a migration file is user input (hand-edited, merged from
 * branches), so every operation's shape is checked before anything replays or runs it, and a mistake
 * is one line naming the operation and the field (`operation 3 (addColumn): column.type.kind must be
 * one of …`). Each check returns the value normalised — plain objects holding only the known keys,
 * optional keys set to undefined left out, a created table's named lists sorted — so what a file holds
 * replays to a canonical state.
 */
import { byName, type TableState } from '../../dialect/schema-state.js';
import { LINT_RULES, type LintRuleId } from './lint-rules.js';
import type { Operation, OperationKind } from './operation.js';

/** A shape mistake: the path of the field (`column.type.kind`) and what is wrong with it. */
export class ShapeProblem extends Error {}

type Check<T = unknown> = (value: unknown, path: string) => T;

const DIALECTS = ['postgres', 'mysql', 'sqlite'] as const;
const ON_DELETE = ['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION'] as const;

const str: Check<string> = (v, path) => (typeof v === 'string' ? v : fail(path, 'a string', v));
const bool: Check<boolean> = (v, path) => (typeof v === 'boolean' ? v : fail(path, 'true or false', v));
const count: Check<number> = (v, path) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(path, 'a whole number ≥ 0', v));
const fn: Check<unknown> = (v, path) => (typeof v === 'function' ? v : fail(path, 'a function', v));

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, path) => (values.includes(v as T) ? (v as T) : fail(path, `one of ${values.join(', ')}`, v));
}

function list<T>(item: Check<T>): Check<T[]> {
  return (v, path) => (Array.isArray(v) ? v.map((x, i) => item(x, `${path}[${i}]`)) : fail(path, 'an array', v));
}

/** An object with exactly these keys (the optional ones may be left out); an unknown key is most often a typo. */
function obj(required: Record<string, Check>, optional: Record<string, Check> = {}): Check<Record<string, unknown>> {
  return (v, path) => {
    if (!isPlainObject(v)) return fail(path, 'an object', v);
    const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
    const known = [...Object.keys(required), ...Object.keys(optional)];
    const unknown = Object.keys(v).find((k) => !known.includes(k));
    if (unknown !== undefined) throw new ShapeProblem(`${at(unknown)} is not a known key (expected ${known.join(', ')})`);
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(required)) {
      if (v[key] === undefined) throw new ShapeProblem(`${at(key)} is missing`);
      out[key] = check(v[key], at(key));
    }
    for (const [key, check] of Object.entries(optional)) if (v[key] !== undefined) out[key] = check(v[key], at(key));
    return out;
  };
}

/** An object whose `kind` picks its other keys (column types, defaults). */
function byKind(kinds: Record<string, Record<string, Check>>): Check {
  const kind = oneOf(Object.keys(kinds));
  return (v, path) => {
    if (!isPlainObject(v)) return fail(path, 'an object', v);
    const k = kind(v.kind, path === '' ? 'kind' : `${path}.kind`);
    return obj({ kind, ...kinds[k] })(v, path);
  };
}

/** A default's literal: what JSON holds (a state round-trips through JSON unchanged). */
const json: Check = (v, path) => {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : fail(path, 'a finite number', v);
  if (Array.isArray(v)) return v.map((x, i) => json(x, `${path}[${i}]`));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, json(x, `${path}.${k}`)]));
  return fail(path, 'a JSON value (bigint and decimal as text, dates as ISO-8601 text)', v);
};

const names = list(str);
const columnType = byKind({
  auto: {}, bigAuto: {}, int: {}, bigint: {}, float: {},
  decimal: { precision: count, scale: count },
  boolean: {},
  char: { maxLength: count },
  text: {}, datetime: {}, date: {}, json: {}, uuid: {}, binary: {},
  raw: { spelling: str },
});
const columnDefault = byKind({ value: { value: json }, now: { onUpdate: bool }, function: {}, expression: { sql: str } });
const column = obj(
  { name: str, type: columnType, nullable: bool },
  { default: columnDefault, dbType: str, generated: obj({ expression: str, stored: bool }), comment: str },
);
const unique = obj({ name: str, columns: names });
const index = obj({ name: str, columns: names, unique: bool }, { expression: str, where: str, method: str });
const onDelete = oneOf(ON_DELETE);
const foreignKey = obj({ name: str, columns: names, referencedTable: str, referencedColumns: names, onDelete }, { onUpdate: onDelete });
const check = obj({ name: str, expression: str });
const tableShape = obj(
  { name: str, columns: list(column), primaryKey: names, uniques: list(unique), indexes: list(index), foreignKeys: list(foreignKey), checks: list(check) },
  { comment: str, partitionBy: str, partitionOf: obj({ table: str, bound: str }), withoutRowid: bool },
);
/** A created table's uniques, indexes, keys and checks in name order, as a canonical state has them. */
const table: Check = (v, path) => {
  const t = tableShape(v, path) as unknown as TableState;
  return { ...t, uniques: [...t.uniques].sort(byName), indexes: [...t.indexes].sort(byName), foreignKeys: [...t.foreignKeys].sort(byName), checks: [...t.checks].sort(byName) };
};
const sqlText: Check = (v, path) => (typeof v === 'string' ? v : Array.isArray(v) ? list(str)(v, path) : fail(path, 'SQL text or a list of statements', v));
const sqlByDialect = obj({}, Object.fromEntries(DIALECTS.map((d) => [d, sqlText])));

/** Each operation's fields; typed by kind so a new kind of operation cannot be forgotten here. */
const OPERATIONS: Record<OperationKind, readonly [Record<string, Check>, Record<string, Check>?]> = {
  createTable: [{ table }],
  dropTable: [{ table: str }],
  renameTable: [{ from: str, to: str }],
  addColumn: [{ table: str, column }],
  dropColumn: [{ table: str, column: str }],
  alterColumn: [{ table: str, column }],
  renameColumn: [{ table: str, from: str, to: str }],
  addIndex: [{ table: str, index }],
  dropIndex: [{ table: str, name: str }],
  addUnique: [{ table: str, unique }],
  dropUnique: [{ table: str, name: str }],
  addForeignKey: [{ table: str, foreignKey }],
  dropForeignKey: [{ table: str, name: str }],
  addCheck: [{ table: str, check }],
  dropCheck: [{ table: str, name: str }],
  runSql: [{ sql: sqlByDialect }, { down: sqlByDialect }],
  runJs: [{ up: fn }, { down: fn }],
};
const KINDS = Object.keys(OPERATIONS) as OperationKind[];

const DEFINITION_KEYS = ['operations', 'atomic', 'allowLint'];

/** The default export checked: `{ operations: [...], atomic?, allowLint? }`. Throws a ShapeProblem whose message starts with where. */
export function checkMigrationDefinition(exported: unknown): { operations: Operation[]; atomic: boolean; allowLint: LintRuleId[] } {
  if (!isPlainObject(exported)) throw new ShapeProblem(`the default export must be { operations: [...] }, got ${describe(exported)}`);
  const unknown = Object.keys(exported).find((k) => !DEFINITION_KEYS.includes(k));
  if (unknown !== undefined) throw new ShapeProblem(`the default export has an unknown key ${unknown} (expected ${DEFINITION_KEYS.join(', ')})`);
  const ops = exported.operations;
  if (!Array.isArray(ops)) throw new ShapeProblem(`operations must be an array, got ${describe(ops)}`);
  const atomic = exported.atomic === undefined ? true : bool(exported.atomic, 'atomic');
  const allowLint = exported.allowLint === undefined ? [] : list(oneOf(LINT_RULES))(exported.allowLint, 'allowLint');
  return { operations: ops.map((op, i) => checkOperation(op, i)), atomic, allowLint };
}

/** The operations of a default export, checked (see checkMigrationDefinition). */
export function checkMigration(exported: unknown): Operation[] {
  return checkMigrationDefinition(exported).operations;
}

function checkOperation(op: unknown, i: number): Operation {
  const where = `operation ${i + 1}`;
  if (!isPlainObject(op)) throw new ShapeProblem(`${where} must be an object, got ${describe(op)}`);
  if (!KINDS.includes(op.op as OperationKind)) throw new ShapeProblem(`${where}: op must be one of ${KINDS.join(', ')}, got ${describe(op.op)}`);
  const kind = op.op as OperationKind;
  const [required, optional] = OPERATIONS[kind];
  try {
    return obj({ op: str, ...required }, optional)(op, '') as unknown as Operation;
  } catch (error) {
    if (error instanceof ShapeProblem) throw new ShapeProblem(`${where} (${kind}): ${error.message}`);
    throw error;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new ShapeProblem(`${path} must be ${expected}, got ${describe(got)}`);
}

/** A value as a message shows it: short, and never the whole of a large object. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n (a bigint)`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  return isPlainObject(v) ? 'an object' : `a ${(v as object).constructor?.name ?? 'value'}`;
}
