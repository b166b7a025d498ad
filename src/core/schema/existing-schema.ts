import type { Database } from '../database/database.js';
import type { DdlCompiler } from '../dialect/ddl-compiler.js';

/** The tables and indexes a database already has, as far as creating and dropping need to know. */
export class ExistingSchema {
  private readonly tables: ReadonlySet<string>;
  private readonly indexes: ReadonlySet<string>;

  constructor(tables: Iterable<string>, indexes: Iterable<readonly [table: string, index: string]>) {
    this.tables = new Set(tables);
    this.indexes = new Set([...indexes].map(([t, i]) => `${t}\0${i}`));
  }

  hasTable(name: string): boolean {
    return this.tables.has(name);
  }

  hasIndex(table: string, name: string): boolean {
    return this.indexes.has(`${table}\0${name}`);
  }
}

export async function readExistingSchema(db: Database, ddl: DdlCompiler): Promise<ExistingSchema> {
  const tables = await db.query(ddl.existingTables);
  const indexes = await db.query(ddl.existingIndexes);
  return new ExistingSchema(
    tables.rows.map((r) => String(r[0])),
    indexes.rows.map((r) => [String(r[0]), String(r[1])] as const),
  );
}
