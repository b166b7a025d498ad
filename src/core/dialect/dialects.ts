/** The one table from database name to its module: the only place that imports the database folders. */
import type { DialectName } from '../ground/values.js';
import type { DdlCompiler } from './ddl-compiler.js';
import type { Dialect } from './dialect.js';
import type { DialectModule } from './dialect-module.js';
import { mysqlModule } from './mysql/index.js';
import { postgresModule } from './postgres/index.js';
import { sqliteModule } from './sqlite/index.js';

export const dialects: Readonly<Record<DialectName, DialectModule>> = {
  postgres: postgresModule,
  mysql: mysqlModule,
  sqlite: sqliteModule,
};

const compilers = new WeakMap<Dialect, DdlCompiler>();

/** The DDL compiler for a dialect (one per dialect object, quoting through it). */
export function ddlFor(dialect: Dialect): DdlCompiler {
  let ddl = compilers.get(dialect);
  if (!ddl) {
    ddl = dialects[dialect.name].ddl(dialect);
    compilers.set(dialect, ddl);
  }
  return ddl;
}
