/**
 * `oxen migrate lint`: the migrations' operations checked for changes that are dangerous on a live
 * database (lint-rules*.ts), each against the state the files before it replay to, so no database is
 * needed. With one, it says which migrations are pending (the default selection) and how large each
 * table is: the planner's row estimates (`inspect`'s figures), and whether a table has any row at all
 * from a `SELECT 1 … LIMIT 1` of each table the operations name, since an estimate lags behind.
 * Reads only: no lock, nothing created.
 */
import type { Dialect } from '../../dialect/dialect.js';
import { ddlFor } from '../../dialect/dialects.js';
import type { Executor } from '../../executor/executor.js';
import type { DialectName } from '../../ground/values.js';
import { inspectWith } from '../inspect/inspect-url.js';
import { applyOperation } from './apply-operation.js';
import { needsForeignKeysOff } from './compile-operation.js';
import { DEFAULT_HISTORY_TABLE } from './history.js';
import { dataRules } from './lint-rules-data.js';
import { deployRules } from './lint-rules-deploy.js';
import { UNKNOWN_SIZE, type LintContext, type LintNote, type LintRule, type LintSubject, type TableSize } from './lint-rules.js';
import type { MigrationFile } from './migration.js';
import { findMigration } from './migration-sql.js';
import type { Operation } from './operation.js';
import { sortedFiles, statesBefore } from './run-plan.js';
import { peekHistory, runContext } from './run-session.js';

export const DEFAULT_LARGE_ROWS = 1_000_000;

const RULES: readonly LintRule[] = [...dataRules, ...deployRules];

export interface LintFinding extends LintNote {
  readonly migration: string;
  /** 1-based, as `migrate sql` and error messages count. */
  readonly operation: number;
  readonly op: Operation['op'];
}

/** Which migrations: those pending on the database, every file, or the one NAME names. */
export type LintSelection = 'pending' | 'all' | 'named';

export interface LintReport {
  readonly dialect: DialectName;
  /** Whether a database was read: without one every table's size is unknown. */
  readonly sizesKnown: boolean;
  readonly selection: LintSelection;
  readonly migrations: readonly string[];
  readonly findings: readonly LintFinding[];
  /** Findings of rules the migration lists in `allowLint`: meant, so not warnings. */
  readonly allowed: readonly LintFinding[];
  readonly largeRows: number;
}

export interface LintOptions {
  readonly files: readonly MigrationFile[];
  readonly dialect: Dialect;
  /** The database to read pending migrations and table sizes from; without it the rules are static. */
  readonly executor?: Executor;
  /** Lint only this migration (full name, number or name after the number). */
  readonly name?: string;
  /** Lint every file even when a database says which are pending. */
  readonly all?: boolean;
  readonly largeRows?: number;
  /** Default `oxen_migrations`. */
  readonly historyTable?: string;
}

export async function lintMigrations(options: LintOptions): Promise<LintReport> {
  const files = sortedFiles(options.files);
  const largeRows = options.largeRows ?? DEFAULT_LARGE_ROWS;
  const selection: LintSelection = options.name !== undefined ? 'named' : options.all === true || options.executor === undefined ? 'all' : 'pending';
  let pending = new Set<string>();
  let sizes: Map<string, TableSize> | undefined;
  const chosen = options.name !== undefined ? findMigration(files, options.name).file.name : undefined;
  const isLinted = (f: MigrationFile): boolean => (chosen !== undefined ? f.name === chosen : selection === 'all' || pending.has(f.name));
  if (options.executor !== undefined) {
    const ctx = runContext(options.dialect);
    const history = await peekHistory({ db: options.executor, dialect: options.dialect, table: options.historyTable ?? DEFAULT_HISTORY_TABLE }, ctx);
    // A part-applied migration (MySQL) counts as pending: the rest of it runs next.
    const done = new Set(history.filter((r) => r.operationsDone === null).map((r) => r.name));
    pending = new Set(files.filter((f) => !done.has(f.name)).map((f) => f.name));
    sizes = await readTableSizes(options.executor, options.dialect, namedTables(files.filter(isLinted)));
  }
  const linted = files.map(isLinted);
  const all = lintFiles(files, linted, { dialect: options.dialect, sizes, pending, largeRows });
  const allows = new Map(files.map((f) => [f.name, new Set(f.allowLint ?? [])]));
  const isAllowed = (f: LintFinding): boolean => allows.get(f.migration)?.has(f.rule) === true;
  const findings = all.filter((f) => !isAllowed(f));
  const allowed = all.filter(isAllowed);
  return {
    dialect: options.dialect.name,
    sizesKnown: sizes !== undefined,
    selection,
    migrations: files.filter((_, i) => linted[i]).map((f) => f.name),
    findings,
    allowed,
    largeRows,
  };
}

interface LintInputs {
  readonly dialect: Dialect;
  /** By table name as the database has it now; undefined without a database. */
  readonly sizes: Map<string, TableSize> | undefined;
  readonly pending: ReadonlySet<string>;
  readonly largeRows: number;
}

/** The rules over each operation of the files marked in `linted`, every file replayed for the states. */
export function lintFiles(files: readonly MigrationFile[], linted: readonly boolean[], inputs: LintInputs): LintFinding[] {
  const states = statesBefore(files);
  const ddl = inputs.dialect.name === 'sqlite' ? ddlFor(inputs.dialect) : undefined;
  const book = new SizeBook(inputs.sizes);
  const findings: LintFinding[] = [];
  files.forEach((file, f) => {
    // A pending migration runs after those before it in the same `up`, on the database as it is now:
    // the pending ones not linted (NAME) still move the figures along.
    book.startMigration(inputs.sizes !== undefined && inputs.pending.has(file.name));
    let before = states[f]!;
    file.operations.forEach((op, i) => {
      const after = applyOperation(before, op);
      if (!linted[f]) {
        book.after(op);
        before = after;
        return;
      }
      const subject: LintSubject = { op, before, after };
      const ctx: LintContext = {
        dialect: inputs.dialect.name,
        database: inputs.sizes !== undefined,
        size: (table) => book.size(table),
        largeRows: inputs.largeRows,
        rebuilds: ddl !== undefined && needsForeignKeysOff(op, before, ddl),
      };
      for (const rule of RULES) {
        const note = rule(subject, ctx);
        if (note !== undefined) findings.push({ ...note, migration: file.name, operation: i + 1, op: op.op });
      }
      book.after(op);
      before = after;
    });
  });
  return findings;
}

const EMPTY_FRESH: TableSize = { hasRows: false, rows: 0, bytes: 0, fresh: true };

/**
 * What is known of each table as the operations go: the database's figures (which describe it after
 * the applied migrations), moved along by the renames and drops of pending migrations, and the
 * tables created earlier in the same run, which are empty. For a migration already applied only its
 * own earlier operations count: the database's figures are all there is.
 */
class SizeBook {
  private readonly sizes: Map<string, TableSize> | undefined;
  private fresh = new Set<string>();
  private tracking = false;

  constructor(sizes: Map<string, TableSize> | undefined) {
    this.sizes = sizes === undefined ? undefined : new Map(sizes);
  }

  startMigration(pending: boolean): void {
    if (!pending || !this.tracking) this.fresh = new Set();
    this.tracking = pending;
  }

  size(table: string): TableSize {
    if (this.fresh.has(table)) return EMPTY_FRESH;
    return this.sizes?.get(table) ?? UNKNOWN_SIZE;
  }

  after(op: Operation): void {
    if (op.op === 'createTable') this.fresh.add(op.table.name);
    else if (op.op === 'renameTable') {
      if (this.fresh.delete(op.from)) this.fresh.add(op.to);
      const known = this.sizes?.get(op.from);
      if (this.tracking && known !== undefined) {
        this.sizes!.delete(op.from);
        this.sizes!.set(op.to, known);
      }
    } else if (op.op === 'dropTable') {
      this.fresh.delete(op.table);
      if (this.tracking) this.sizes?.delete(op.table);
    }
  }
}

/** The tables the files' operations name (before any rename): those whose rows are looked at. */
function namedTables(files: readonly MigrationFile[]): Set<string> {
  const names = new Set<string>();
  for (const op of files.flatMap((f) => f.operations)) {
    if (op.op === 'renameTable') names.add(op.from);
    else if ('table' in op && typeof op.table === 'string') names.add(op.table);
  }
  return names;
}

/** The introspector's figures for every table, and for the named ones whether they have a row. */
async function readTableSizes(db: Executor, dialect: Dialect, named: ReadonlySet<string>): Promise<Map<string, TableSize>> {
  const inspection = await inspectWith(db, dialect.name, {});
  const sizes = new Map<string, TableSize>();
  for (const table of inspection.state.tables) {
    const figures = inspection.figures[table.name];
    let hasRows: boolean | null = null;
    if (named.has(table.name)) {
      const probe = await db.query({ sql: `SELECT 1 FROM ${dialect.quoteIdent(table.name)} LIMIT 1`, params: [] });
      hasRows = probe.rows.length > 0;
    }
    const estimate = figures?.rowsEstimate ?? null;
    // An estimate lags behind the rows (PostgreSQL's until the next ANALYZE): the probe wins where they disagree.
    const rows = hasRows === false ? 0 : hasRows === true && estimate === 0 ? null : estimate;
    sizes.set(table.name, { hasRows, rows, bytes: figures?.totalBytes ?? null, fresh: false });
  }
  return sizes;
}
