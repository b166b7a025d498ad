/**
 * Where a raw variant's verify finds a field in a row. The ORM's SELECT lists a model's fields in
 * declaration order, a joined model's right after its base model's, so a field's column is its
 * position in that list: array rows are read at that position, object rows under the key the driver
 * put there. Should the ORM ever list them otherwise, the raw variants fail their checks loudly.
 */
import { OxenError } from '../../ground/errors.js';
import type { AnyModel } from '../../model/model-types.js';
import type { RowForm } from './workload.js';

/** Field attribute name (`authorId`, not `author`) → array position or object key. */
export type Columns = Readonly<Record<string, number | string>>;

/** A model's fields at their positions in the ORM's SELECT, the first at `offset`. */
export function modelColumns(model: AnyModel, offset = 0): Readonly<Record<string, number>> {
  return Object.fromEntries(model.meta.fields.map((f, i) => [f.attname, offset + i]));
}

/**
 * The columns as `form` reads them: positions for array rows; for object rows the keys of `sample`,
 * one object row of the same statement read while preparing.
 */
export function columnsFor(form: RowForm, positions: Readonly<Record<string, number>>, sample: Readonly<Record<string, unknown>> | undefined): Columns {
  if (form === 'array') return positions;
  if (sample === undefined) throw new OxenError('INTERNAL', 'the raw variant read no rows while preparing');
  const keys = Object.keys(sample);
  return Object.fromEntries(
    Object.entries(positions).map(([field, i]) => {
      if (keys[i] === undefined) throw new OxenError('INTERNAL', `the raw variant's rows have no column ${i} for ${field}`);
      return [field, keys[i]!];
    }),
  );
}

/** The named fields of one raw row, by `columns`. */
export function pick<F>(row: unknown, columns: Columns): F {
  const out: Record<string, unknown> = {};
  const cells = row as Record<string | number, unknown>;
  for (const field in columns) out[field] = cells[columns[field]!];
  return out as F;
}

/** One column of a raw row: `columns` as `columnsFor` gave them, `field` one of theirs. */
export function cell(row: unknown, columns: Columns, field: string): unknown {
  return (row as Record<string | number, unknown>)[columns[field]!];
}
