/**
 * Lint rules for a deploy: a rename breaks the code still running (it uses the old name until it is
 * replaced), an index or a foreign key built on PostgreSQL blocks writes to its table, and a change that rewrites a
 * large table holds it (or, on SQLite, the whole database) for as long as the copy takes.
 */
import type { DialectName } from '../../ground/values.js';
import { columnOf } from './lint-rules-data.js';
import { alterRewrites, sameType } from './lint-rules-types.js';
import { sizeText, unknownText, type LintContext, type LintRule, type TableSize } from './lint-rules.js';
import type { Operation } from './operation.js';

const renameTable: LintRule = ({ op }, ctx) => {
  if (op.op !== 'renameTable' || ctx.size(op.from).fresh) return undefined;
  return {
    rule: 'rename-table',
    table: op.from,
    message: `renames table ${op.from} → ${op.to}: code still running uses ${op.from} until it is redeployed, and fails`,
    suggestion: `over two deploys: create ${op.to} and copy the rows, deploy code that uses ${op.to}, then drop ${op.from} in a later migration`,
  };
};

const renameColumn: LintRule = ({ op }, ctx) => {
  if (op.op !== 'renameColumn' || ctx.size(op.table).fresh) return undefined;
  return {
    rule: 'rename-column',
    table: op.table,
    message: `renames column ${op.table}.${op.from} → ${op.to}: code still running uses ${op.from} until it is redeployed, and fails`,
    suggestion: `over two deploys: add ${op.to} and copy ${op.from} into it, deploy code that uses ${op.to}, then drop ${op.from} in a later migration`,
  };
};

/**
 * Oxen runs each PostgreSQL migration in one transaction, where CREATE INDEX CONCURRENTLY is refused;
 * a migration that says `atomic: false` runs its operations one by one outside it, so the index goes
 * there, as a runSql.
 */
const indexLock: LintRule = ({ op }, ctx) => {
  if (ctx.dialect !== 'postgres' || (op.op !== 'addIndex' && op.op !== 'addUnique')) return undefined;
  const size = ctx.size(op.table);
  if (size.fresh || size.hasRows === false) return undefined;
  const what = op.op === 'addIndex' ? `index ${op.index.name}` : `unique constraint ${op.unique.name} (its index)`;
  const known = size.hasRows === null ? ` (${unknownText(ctx)})` : sizeText(size);
  return {
    rule: 'index-lock',
    table: op.table,
    message: `builds ${what} on ${op.table}${known} without CONCURRENTLY: writes to ${op.table} wait until it is built`,
    suggestion:
      'on a large or busy table build it in a migration of its own with `atomic: false` and a runSql of CREATE INDEX CONCURRENTLY (a migration runs in one transaction otherwise, where CONCURRENTLY is refused)',
  };
};

/**
 * PostgreSQL checks every existing row when a foreign key is added, holding a lock on both tables
 * that blocks their writes meanwhile; added NOT VALID it checks only new rows, and a later VALIDATE
 * CONSTRAINT checks the old ones under a lock that lets writes through.
 */
const foreignKeyValidate: LintRule = ({ op }, ctx) => {
  if (ctx.dialect !== 'postgres' || op.op !== 'addForeignKey') return undefined;
  const size = ctx.size(op.table);
  if (size.fresh || size.hasRows === false) return undefined;
  const fk = op.foreignKey;
  const known = size.hasRows === null ? ` (${unknownText(ctx)})` : sizeText(size);
  return {
    rule: 'foreign-key-validate',
    table: op.table,
    message: `adds foreign key ${fk.name} on ${op.table}${known}: every row is checked while writes to ${op.table} and ${fk.referencedTable} wait`,
    suggestion: `on a large or busy table add it with a runSql of ALTER TABLE … ADD CONSTRAINT ${fk.name} … NOT VALID, then VALIDATE CONSTRAINT ${fk.name} in a later migration`,
  };
};

/** How each database rewrites a table for a column change (SQLite: any rebuild, as its DDL compiler says). */
const REWRITE: Record<DialectName, { readonly how: string; readonly suggestion: string }> = {
  postgres: {
    how: 'ALTER COLUMN … TYPE rewrites every row under a lock that blocks reads and writes',
    suggestion: 'run it when the table can be locked that long, or add a new column, copy the values in batches, switch the code over, then drop the old one',
  },
  mysql: {
    how: 'MODIFY COLUMN copies the whole table, blocking writes',
    suggestion: 'run it when writes can wait that long, or use an online schema change tool (pt-online-schema-change, gh-ost), or add a new column and copy in batches',
  },
  sqlite: {
    how: 'SQLite rebuilds the table, copying every row while it holds the database\'s write lock',
    suggestion: 'run it when writers can wait that long, or add a new column and copy the values in batches',
  },
};

const tableRewrite: LintRule = ({ op, before }, ctx) => {
  const table = tableOf(op);
  if (table === undefined) return undefined;
  const old = op.op === 'alterColumn' ? columnOf(before, table, op.column.name) : undefined;
  const rewrites = ctx.dialect === 'sqlite' ? ctx.rebuilds : old !== undefined && op.op === 'alterColumn' && alterRewrites(ctx.dialect, old, op.column);
  if (!rewrites) return undefined;
  const size = ctx.size(table);
  if (size.fresh || size.hasRows === false) return undefined;
  const typeChange = old !== undefined && op.op === 'alterColumn' && !sameType(old.type, op.column.type);
  const large = size.rows !== null && size.rows >= ctx.largeRows;
  // Without a figure only a type change is called out: on SQLite most alterations rebuild, mostly of small tables.
  if (!large && !(size.rows === null && typeChange)) return undefined;
  const what = op.op === 'alterColumn' ? `alters ${table}.${op.column.name}` : `${op.op} on ${table}`;
  const { how, suggestion } = REWRITE[ctx.dialect];
  return { rule: 'table-rewrite', table, message: `${what}: ${how}${large ? sizeText(size) : ` (${sizeUnknown(size, ctx)})`}`, suggestion };
};

function sizeUnknown(size: TableSize, ctx: LintContext): string {
  return size.hasRows === true ? 'it has rows; how many is not known' : unknownText(ctx);
}

function tableOf(op: Operation): string | undefined {
  return 'table' in op && typeof op.table === 'string' ? op.table : undefined;
}

export const deployRules: readonly LintRule[] = [renameTable, renameColumn, indexLock, foreignKeyValidate, tableRewrite];
