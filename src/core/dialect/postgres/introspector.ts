/**
 * PostgreSQL's introspector: the schema (`--schema`, default current_schema()) read from pg_catalog in
 * seven statements whatever its size — one resolving the schema, then six catalog queries sent as one
 * batch (introspect-queries.ts) — in one read-only transaction (introspect-session.ts); then assembled
 * in JS: tables and views (introspect-relations.ts), enum types and the warnings for everything else
 * (introspect-schema-objects.ts). Figures come from the relations query: pg_class.reltuples (the
 * planner's estimate; null before the first ANALYZE) and pg_total_relation_size (a partitioned table:
 * the sum over its partitions).
 */
import type { Queryable } from '../../executor/executor.js';
import { UsageError } from '../../ground/errors.js';
import type { InspectWarning, Inspection, Introspector, IntrospectOptions } from '../introspector.js';
import { byName, SCHEMA_STATE_VERSION } from '../schema-state.js';
import { COLUMNS_SQL, CONSTRAINTS_SQL, INDEXES_SQL, OTHER_OBJECTS_SQL, RELATIONS_SQL, TYPES_SQL } from './introspect-queries.js';
import { readRelations } from './introspect-relations.js';
import { catalogRows, type RelationRow } from './introspect-rows.js';
import { readSchemaObjects } from './introspect-schema-objects.js';
import { readCatalogs } from './introspect-session.js';

/** In the order introspect-rows.ts `catalogRows` reads their results. */
const QUERIES = [RELATIONS_SQL, COLUMNS_SQL, CONSTRAINTS_SQL, INDEXES_SQL, TYPES_SQL, OTHER_OBJECTS_SQL];

export const postgresIntrospector: Introspector = {
  async inspect(db: Queryable, options: IntrospectOptions): Promise<Inspection> {
    const { schema, results } = await readCatalogs(db, options.schema, QUERIES);
    const rows = catalogRows(results);
    const warnings: InspectWarning[] = [];
    const warn = (w: InspectWarning) => warnings.push(w);
    const keep = selection(rows.relations, schema, options);
    const read = readRelations(rows, schema, keep, warn);
    const tables = read.tables.sort(byName);
    const views = read.views.sort(byName);
    const relations = new Set([...tables, ...views].map((r) => r.name));
    const enums = readSchemaObjects(rows, { schema, relations, keep, scoped: options.tables !== undefined, countedSequences: read.countedSequences }, warn);
    return {
      state: { version: SCHEMA_STATE_VERSION, dialect: 'postgres', tables, views, enums: enums.sort(byName) },
      schema,
      figures: read.figures,
      warnings,
    };
  },
};

/** Which tables and views `--tables` / `--exclude` keep; a name that is neither is an error, named. */
function selection(relations: readonly RelationRow[], schema: string, options: IntrospectOptions): (name: string) => boolean {
  const known = new Set(relations.filter((r) => r.kind !== 'S' && r.extension === null).map((r) => r.name));
  const given = options.tables ?? options.exclude;
  if (given === undefined) return () => true;
  const unknown = given.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const flag = options.tables ? '--tables' : '--exclude';
    throw new UsageError('USAGE', `no table or view ${unknown.map((n) => JSON.stringify(n)).join(', ')} in schema ${schema} (given in ${flag}); \`oxen inspect\` without it lists them`);
  }
  const names = new Set(given);
  return options.tables ? (n) => names.has(n) : (n) => !names.has(n);
}
