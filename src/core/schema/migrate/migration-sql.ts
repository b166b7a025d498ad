/**
 * `oxen migrate sql NAME`: one migration's statements for one database, compiled exactly as the runner
 * compiles them (run-plan.ts: each operation against the state the files before it and the operations
 * before it replay to), with the operation's line (describe-operation) as a comment above its own.
 * No database is needed once the dialect object is known: the statements depend only on the files.
 */
import type { Dialect } from '../../dialect/dialect.js';
import { dialects, ddlFor } from '../../dialect/dialects.js';
import { UsageError } from '../../ground/errors.js';
import type { DialectName } from '../../ground/values.js';
import { describeOperations } from './describe-operation.js';
import type { MigrationFile } from './migration.js';
import { compileOperations, statesBefore, type RunContext } from './run-plan.js';

/**
 * The server version `--dialect mysql` compiles for: MariaDB 10.11 (the LTS the tests run), which has
 * INSERT … RETURNING. Migration DDL does not depend on it; only the dialect object asks.
 */
export const OFFLINE_SERVER_VERSIONS: Readonly<Record<DialectName, string>> = {
  postgres: '15.0',
  mysql: '10.11.0-MariaDB',
  sqlite: '3.45.0',
};

/** The dialect object for a database named on the command line, without connecting to one. */
export function offlineDialect(name: DialectName): Promise<Dialect> {
  return dialects[name].dialect({ serverVersion: async () => OFFLINE_SERVER_VERSIONS[name] });
}

/**
 * The migration NAME names: its full name (`0002_add_age`), its number (`0002` or `2`), or the name
 * after the number (`add_age`) when only one has it.
 */
export function findMigration(files: readonly MigrationFile[], name: string): { file: MigrationFile; index: number } {
  const exact = files.findIndex((f) => f.name === name);
  const matches = exact >= 0 ? [exact] : files.map((f, i) => (matchesShort(f.name, name) ? i : -1)).filter((i) => i >= 0);
  if (matches.length === 1) return { file: files[matches[0]!]!, index: matches[0]! };
  const names = files.map((f) => f.name).join(', ');
  if (files.length === 0) throw new UsageError('USAGE', `no migration named ${name}: there are no migrations yet (oxen migrate make writes the first)`);
  if (matches.length > 1) throw new UsageError('USAGE', `${name} names ${matches.length} migrations: give the full name (${matches.map((i) => files[i]!.name).join(', ')})`);
  throw new UsageError('USAGE', `no migration named ${name}: the migrations are ${names}`);
}

function matchesShort(full: string, name: string): boolean {
  const m = /^(\d+)_(.*)$/.exec(full);
  if (!m) return false;
  return (/^\d+$/.test(name) && Number(name) === Number(m[1])) || m[2] === name;
}

/** The script: per operation a `-- line` comment, then its statements, each ended by `;` and a newline. */
export function migrationSql(files: readonly MigrationFile[], index: number, dialect: Dialect): string {
  const file = files[index]!;
  const before = statesBefore(files.slice(0, index))[index]!;
  const ctx: RunContext = { dialect, name: dialect.name, ddl: ddlFor(dialect), adapter: dialects[dialect.name].adapter };
  const compiled = compileOperations(ctx, file.name, file.operations, before);
  const lines = describeOperations(file.operations, before);
  const settings = ctx.adapter.migrationSettings;
  let out = `-- ${file.name} on ${dialect.name}\n`;
  compiled.forEach((op, i) => {
    if (op.js !== undefined) {
      out += '-- runJs: runs in JS\n';
      return;
    }
    out += `-- ${lines[i]!}\n`;
    if (op.foreignKeysOff && settings !== undefined) out += `-- (the runner switches foreign keys off around this migration: ${settings.foreignKeysOff})\n`;
    if (op.statements.length === 0) out += `-- (nothing to run on ${dialect.name})\n`;
    for (const sql of op.statements) out += `${sql.replace(/;\s*$/, '')};\n`;
  });
  if (compiled.length === 0) out += '-- (no operations)\n';
  return out;
}
