/**
 * One difference between the state the models describe (expected) and the state a database holds
 * (actual): what `inspect diff` lists and `migrate status --check` will count. Plain data, so a
 * renderer can group it and JSON carries it unchanged.
 */
export type DifferenceObject = 'table' | 'column' | 'primary key' | 'unique' | 'index' | 'foreign key' | 'check';

export interface SchemaDifference {
  /** missing: the models have it, the database does not; extra: the reverse; changed: both, differently. */
  readonly change: 'missing' | 'extra' | 'changed';
  readonly object: DifferenceObject;
  readonly table: string;
  /** The column, index or constraint name; absent for a table or a primary key. */
  readonly name?: string;
  /** For `changed`: which property differs (type, null, default, columns, on delete, …). */
  readonly property?: string;
  /** The models' side and the database's side, as short text. */
  readonly expected?: string;
  readonly actual?: string;
}

/** One line: `users.age: column missing from the database (int NOT NULL)`. */
export function describeDifference(d: SchemaDifference): string {
  const where = d.name === undefined ? d.table : `${d.table}.${d.name}`;
  switch (d.change) {
    case 'missing':
      return `${where}: ${d.object} missing from the database${d.expected ? ` (models: ${d.expected})` : ''}`;
    case 'extra':
      return `${where}: ${d.object} in the database but not in the models${d.actual ? ` (${d.actual})` : ''}`;
    case 'changed':
      return `${where}: ${d.object} ${d.property ?? 'definition'} differs: models ${d.expected ?? '?'}, database ${d.actual ?? '?'}`;
  }
}
