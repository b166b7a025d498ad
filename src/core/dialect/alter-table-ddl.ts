/**
 * ALTER TABLE for the databases that can change a table in place (PostgreSQL, MySQL/MariaDB): one
 * migration operation on one table becomes a few statements, each the standard spelling unless the
 * database overrides it. SQLite cannot alter most of a table and rebuilds it instead, so it does not
 * extend this class (its `alterTable` is its own).
 */
import { UsageError } from '../ground/errors.js';
import { BaseDdlCompiler } from './base-ddl-compiler.js';
import type { TableOperation } from './migration-operation.js';
import type { CheckState, ColumnState, ForeignKeyState, TableState, UniqueState } from './schema-state.js';

export abstract class AlterTableDdl extends BaseDdlCompiler {
  abstract addForeignKey(table: string, fk: ForeignKeyState): string;
  abstract dropForeignKey(table: string, fk: ForeignKeyState): string;
  /** From the column as it was to the column as it becomes (same name): the database's own way of changing it. */
  protected abstract alterColumn(table: string, before: ColumnState, after: ColumnState): string[];

  /** `before` and `after` are the table around the operation, so a drop can say what it drops and an alter what it alters from. */
  alterTable(op: TableOperation, before: TableState, _after: TableState): string[] {
    switch (op.op) {
      case 'addColumn':
        return this.addColumn(op.table, op.column);
      case 'dropColumn':
        return [this.dropColumn(op.table, op.column)];
      case 'alterColumn':
        return this.alterColumn(op.table, found(before.columns, op.column.name, op.table), op.column);
      case 'renameColumn':
        return [this.renameColumn(op.table, op.from, op.to)];
      case 'addIndex':
        return [this.createIndex(op.table, op.index)];
      case 'dropIndex':
        return [this.dropIndex(op.table, op.name)];
      case 'addUnique':
        return [this.addUnique(op.table, op.unique)];
      case 'dropUnique':
        return [this.dropUnique(op.table, op.name)];
      case 'addForeignKey':
        return [this.addForeignKey(op.table, op.foreignKey)];
      case 'dropForeignKey':
        return [this.dropForeignKey(op.table, found(before.foreignKeys, op.name, op.table))];
      case 'addCheck':
        return [this.addCheck(op.table, op.check)];
      case 'dropCheck':
        return [this.dropCheck(op.table, op.name)];
    }
  }

  /** The column with its default, which fills the rows already there (a NOT NULL column without one fails on a table with rows). */
  protected addColumn(table: string, column: ColumnState): string[] {
    return [`ALTER TABLE ${this.q(table)} ADD COLUMN ${this.columnDefinition(column, false)}`];
  }

  protected dropColumn(table: string, column: string): string {
    return `ALTER TABLE ${this.q(table)} DROP COLUMN ${this.q(column)}`;
  }

  protected renameColumn(table: string, from: string, to: string): string {
    return `ALTER TABLE ${this.q(table)} RENAME COLUMN ${this.q(from)} TO ${this.q(to)}`;
  }

  /** PostgreSQL's (and SQLite's) spelling: an index name is unique in the schema. */
  protected dropIndex(_table: string, name: string): string {
    return `DROP INDEX ${this.q(name)}`;
  }

  protected addUnique(table: string, unique: UniqueState): string {
    return `ALTER TABLE ${this.q(table)} ADD ${this.uniqueConstraint(unique)}`;
  }

  protected dropUnique(table: string, name: string): string {
    return `ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(name)}`;
  }

  protected addCheck(table: string, check: CheckState): string {
    return `ALTER TABLE ${this.q(table)} ADD ${this.checkConstraint(check)}`;
  }

  /** DROP CONSTRAINT: PostgreSQL, MariaDB ≥ 10.2 and MySQL ≥ 8.0.19 all take it for a check. */
  protected dropCheck(table: string, name: string): string {
    return `ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(name)}`;
  }

  /**
   * The default as an SQL expression (for SET DEFAULT and for filling NULLs), or undefined where the
   * database holds none: no default, a JS function, or NULL.
   */
  protected defaultExpression(column: ColumnState): string | undefined {
    const dflt = column.default;
    if (dflt === undefined || dflt.kind === 'function' || column.generated) return undefined;
    if (dflt.kind === 'value' && dflt.value === null) return undefined;
    if (dflt.kind === 'now') return this.nowDefault(column, false);
    return this.defaultClause(column, dflt).replace(/^ DEFAULT /, '');
  }

  /**
   * A nullable column becoming NOT NULL with a default: the rows holding NULL take the default first,
   * as Django does, since neither database fills them when the constraint is added.
   */
  protected fillNulls(table: string, before: ColumnState, after: ColumnState): string[] {
    const value = this.defaultExpression(after);
    if (!before.nullable || after.nullable || value === undefined) return [];
    return [`UPDATE ${this.q(table)} SET ${this.q(after.name)} = ${value} WHERE ${this.q(after.name)} IS NULL`];
  }

  /** Columns are altered in place; a generated column's expression cannot be, on either database. */
  protected checkGenerated(table: string, before: ColumnState, after: ColumnState): void {
    const a = before.generated;
    const b = after.generated;
    if (b !== undefined && (a === undefined || a.expression !== b.expression || a.stored !== b.stored)) {
      throw new UsageError('MIGRATION_INVALID', `alterColumn ${table}.${after.name}: a column's generated expression cannot be altered; drop the column and add it again`);
    }
  }
}

function found<T extends { readonly name: string }>(list: readonly T[], name: string, table: string): T {
  const item = list.find((x) => x.name === name);
  if (item === undefined) throw new UsageError('MIGRATION_INVALID', `${table}.${name} does not exist at this point of the migrations`);
  return item;
}
