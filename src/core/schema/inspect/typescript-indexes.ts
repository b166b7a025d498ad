/**
 * A table's unique constraints and indexes as model declarations, chosen so that
 * `schemaFromModels` gives each one back under its name (schema-from-models.ts, model.ts):
 *  - a single-column unique named `<table>_<col>_key`  → `unique: true` on the field;
 *  - a unique named `<table>_<cols>_uniq`              → `uniqueTogether`;
 *  - a single-column index named `<table>_<col>_idx`   → `dbIndex: true` (a ForeignKey's default),
 *    unless the column is already covered, where model() would not create it;
 *  - any other plain unique or index                   → `indexes: [{ fields, name, unique }]`;
 *  - expression, partial and method indexes            → a comment: models cannot declare them.
 * A ForeignKey whose column no index covers gets `dbIndex: false`. Oxen's index and constraint
 * names are unique per schema (as PostgreSQL's are); a name MySQL allowed twice is renamed, and said.
 */
import { constraintName } from '../../dialect/constraint-name.js';
import type { IndexState } from '../../dialect/schema-state.js';
import { columnList, oneLine } from './typescript-literals.js';
import type { ModelPlan } from './typescript-plan.js';

export interface ExplicitIndex {
  readonly columns: readonly string[];
  /** Left out when it is the name model() gives (`<table>_<cols>_idx`). */
  readonly name?: string;
  readonly unique: boolean;
}

export interface IndexPlan {
  readonly uniqueColumns: Set<string>;
  readonly indexColumns: Set<string>;
  readonly noIndexColumns: Set<string>;
  readonly together: (readonly string[])[];
  readonly explicit: ExplicitIndex[];
}

/** Names already used in the schema, and by which table (for the comment on a rename). */
export type NameRegistry = Map<string, string>;

/** Reserves the ForeignKey constraints' names (each one's own, written as `constraintName` where it is not model()'s default). */
export function reserveForeignKeyNames(plans: readonly ModelPlan[], registry: NameRegistry): void {
  for (const plan of plans) {
    for (const { fk } of plan.foreignKeys.values()) registry.set(fk.name, plan.table!.name);
  }
}

type Entry = { readonly name: string; readonly columns: readonly string[]; readonly unique: boolean; readonly index?: IndexState };

export function planIndexes(plan: ModelPlan, registry: NameRegistry): IndexPlan {
  const table = plan.table!;
  const out: IndexPlan = { uniqueColumns: new Set(), indexColumns: new Set(), noIndexColumns: new Set(), together: [], explicit: [] };
  const has = (c: string): boolean => plan.attributes.has(c);
  const cn = (cols: readonly string[], suffix: string): string => constraintName(table.name, cols, suffix);
  const deferred: string[] = [];

  /** Claims a name for this table; a taken one is replaced by `<name>_2`, … and the rename noted. */
  const claim = (name: string, columns: readonly string[]): string => {
    let chosen = name;
    for (let n = 2; registry.has(chosen); n++) chosen = `${name}_${n}`;
    if (chosen !== name) {
      plan.notes.push(`index ${name} ${columnList(columns)} is declared as ${chosen}: index and constraint names are unique per schema in Oxen, and table ${registry.get(name)} uses ${name} too`);
    }
    registry.set(chosen, table.name);
    return chosen;
  };
  const explicit = (e: Entry): void => {
    const name = claim(e.name, e.columns);
    out.explicit.push({ columns: e.columns, unique: e.unique, ...(name === cn(e.columns, 'idx') ? {} : { name }) });
  };

  const entries: Entry[] = [
    ...table.uniques.map((u) => ({ name: u.name, columns: u.columns, unique: true })),
    ...table.indexes.map((i) => ({ name: i.name, columns: i.columns, unique: i.unique, index: i })),
  ];
  for (const e of entries) {
    const i = e.index;
    if (i && (i.expression !== undefined || i.where !== undefined || i.method !== undefined)) {
      plan.notes.push(describeIndex(i));
      continue;
    }
    if (e.columns.length === 0 || !e.columns.every(has)) {
      plan.notes.push(`${e.unique ? 'unique ' : ''}index ${e.name} ${columnList(e.columns)}: a column is missing from the table`);
      continue;
    }
    const single = e.columns.length === 1 ? e.columns[0]! : undefined;
    if (e.unique && single !== undefined && single !== plan.pkColumn && e.name === cn([single], 'key') && !out.uniqueColumns.has(single) && !registry.has(e.name)) {
      registry.set(e.name, table.name);
      out.uniqueColumns.add(single);
    } else if (e.unique && e.name === cn(e.columns, 'uniq') && !registry.has(e.name)) {
      registry.set(e.name, table.name);
      out.together.push(e.columns);
    } else if (!e.unique && single !== undefined && e.name === cn([single], 'idx') && !registry.has(e.name)) {
      registry.set(e.name, table.name);
      deferred.push(single);
    } else {
      explicit(e);
    }
  }

  // model() indexes a dbIndex field only where no primary key, unique or index covers the column alone.
  const covered = new Set<string>([...(plan.pkColumn === undefined ? [] : [plan.pkColumn]), ...out.uniqueColumns]);
  for (const cols of [...out.together, ...out.explicit.map((e) => e.columns)]) if (cols.length === 1) covered.add(cols[0]!);
  for (const column of deferred) {
    if (covered.has(column)) out.explicit.push({ columns: [column], unique: false });
    else out.indexColumns.add(column);
    covered.add(column);
  }
  for (const column of plan.foreignKeys.keys()) if (!covered.has(column)) out.noIndexColumns.add(column);
  return out;
}

export function describeIndex(i: IndexState): string {
  const method = i.method === undefined ? '' : ` USING ${i.method}`;
  const keys = i.expression === undefined ? columnList(i.columns) : `(${oneLine(i.expression)})`;
  const where = i.where === undefined ? '' : ` WHERE ${oneLine(i.where)}`;
  return `${i.unique ? 'unique ' : ''}index ${i.name}${method} ${keys}${where}: not declared by the model`;
}
