import type { Dialect } from '../dialect/dialect.js';
import { MySqlDdl } from '../dialect/mysql/ddl.js';
import { PostgresDdl } from '../dialect/postgres/ddl.js';
import { SqliteDdl } from '../dialect/sqlite/ddl.js';
import type { DialectName } from '../executor/executor.js';
import type { DdlCompiler } from './ddl-compiler.js';

const factories: Record<DialectName, (dialect: Dialect) => DdlCompiler> = {
  postgres: (d) => new PostgresDdl(d),
  mysql: (d) => new MySqlDdl(d),
  sqlite: (d) => new SqliteDdl(d),
};

const compilers = new WeakMap<Dialect, DdlCompiler>();

/** The DDL compiler for a dialect (one per dialect object, quoting through it). */
export function ddlFor(dialect: Dialect): DdlCompiler {
  let ddl = compilers.get(dialect);
  if (!ddl) {
    ddl = factories[dialect.name](dialect);
    compilers.set(dialect, ddl);
  }
  return ddl;
}
