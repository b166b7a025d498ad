/**
 * `oxen inspect diff`: the project's models against a live database. Restricting the tables
 * (`--tables` / `--exclude`) restricts both sides, so a partial check reports only what it looked at.
 */
import type { Inspection } from '../../dialect/introspector.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import { inspectUrl, type InspectUrlOptions } from '../inspect/inspect-url.js';
import { schemaFromModels, type HasMeta } from '../schema-from-models.js';
import type { SchemaState } from '../../dialect/schema-state.js';
import { DEFAULT_HISTORY_TABLE } from '../migrate/history.js';
import { diffStates } from './diff-states.js';
import type { SchemaDifference } from './schema-difference.js';

export interface DatabaseDiff {
  readonly differences: readonly SchemaDifference[];
  /** What the database side could not represent: a difference there would not show. */
  readonly inspection: Inspection;
  readonly tablesCompared: number;
}

export async function diffDatabase(url: DatabaseUrl, models: readonly HasMeta[], options: InspectUrlOptions = {}): Promise<DatabaseDiff> {
  const expected = restrict(schemaFromModels(models), options);
  // Tables the models name but the database lacks must not be an "unknown table" error: ask for the schema, filter after.
  const { tables: _tables, exclude: _exclude, ...whole } = options;
  const { inspection } = await inspectUrl(url, whole);
  // The migration runner's history table is Oxen's own, not the application's: no model declares it.
  const history = expected.tables.some((t) => t.name === DEFAULT_HISTORY_TABLE) ? undefined : DEFAULT_HISTORY_TABLE;
  const actual = restrict({ ...inspection.state, tables: inspection.state.tables.filter((t) => t.name !== history) }, options);
  const differences = diffStates(expected, actual, url.dialect);
  const tablesCompared = new Set([...expected.tables, ...actual.tables].map((t) => t.name)).size;
  const warnings = inspection.warnings.filter((w) => history === undefined || (w.object !== history && !w.object.startsWith(`${history}.`)));
  return { differences, inspection: { ...inspection, warnings }, tablesCompared };
}

function restrict(state: SchemaState, options: InspectUrlOptions): SchemaState {
  const only = options.tables === undefined ? undefined : new Set(options.tables);
  const skip = new Set(options.exclude ?? []);
  return { ...state, tables: state.tables.filter((t) => (only === undefined || only.has(t.name)) && !skip.has(t.name)) };
}
