/**
 * The `introspector` part of a database's module: how `oxen inspect` reads a live database into the
 * schema state. It lives beside the database's DDL spelling (ddl.ts) so the forward type map (kind →
 * spelling) and the reverse one (spelling → kind) are reviewed together: a spelling maps to a kind
 * only where that kind's field reads and writes every value the column holds; anything else is `raw`.
 *
 * An introspection runs a fixed number of catalog queries whatever the number of tables (each one
 * reads the whole schema, filtered in SQL or afterwards), so a database of 1,000 tables costs the
 * same round trips as one of ten.
 */
import type { Queryable } from '../executor/executor.js';
import type { SchemaState } from './schema-state.js';

export interface IntrospectOptions {
  /** PostgreSQL schema / MySQL database to read; default the connection's current one. SQLite: `main`. */
  readonly schema?: string;
  /** Only these tables and views (by name); unknown names are an error. */
  readonly tables?: readonly string[];
  /** All tables and views but these. */
  readonly exclude?: readonly string[];
}

/** What the state cannot hold about one object: named, so a user is never told a schema is complete when it is not. */
export interface InspectWarning {
  /** `table.column`, `table.index`, `type mood`, `trigger last_updated`, … */
  readonly object: string;
  readonly message: string;
}

/** Figures `inspect` shows beside the state; not part of it (they change with the data). */
export interface TableFigures {
  /** The planner's estimate (pg_class.reltuples, information_schema.tables.table_rows), or a count on SQLite; null when unknown. */
  readonly rowsEstimate: number | null;
  /** Table + indexes + TOAST, in bytes; null when the database does not say. */
  readonly totalBytes: number | null;
}

export interface Inspection {
  readonly state: SchemaState;
  /** The schema / database that was read. */
  readonly schema: string;
  /** By table name. */
  readonly figures: Readonly<Record<string, TableFigures>>;
  readonly warnings: readonly InspectWarning[];
}

export interface Introspector {
  inspect(db: Queryable, options: IntrospectOptions): Promise<Inspection>;
}
