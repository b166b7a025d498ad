/**
 * A table's indexes into the state. Left out: the indexes PostgreSQL makes for a primary key, unique or
 * exclusion constraint, and a partition's indexes attached to its parent's (recreated with it).
 *
 * The key list is cut out of pg_get_indexdef(), the only place PostgreSQL prints a key part whole
 * (DESC, NULLS FIRST, an operator class, a collation); the query reads it only for an index that has
 * more than plain columns (introspect-queries.ts). A key of plain ascending columns is kept as
 * `columns`; any other key keeps the whole list, exactly as printed, in `expression` — with `columns`
 * then naming the columns it reads. Options the state has no field for are warned about.
 */
import type { InspectWarning } from '../introspector.js';
import type { IndexState } from '../schema-state.js';
import type { IndexRow } from './introspect-rows.js';

export interface IndexContext {
  readonly table: string;
  /** Column name and quote_ident() spelling by attribute number. */
  readonly column: (attnum: number) => { readonly name: string; readonly quoted: string };
  readonly warn: (w: InspectWarning) => void;
}

export function readIndex(row: IndexRow, ctx: IndexContext): IndexState | undefined {
  if (row.attached) return undefined;
  const included = row.key.slice(row.keyCount).map((n) => ctx.column(n).quoted);
  if (row.constraint !== null) {
    // A key's or unique constraint's index may carry INCLUDE, NULLS NOT DISTINCT, storage options or a
    // tablespace the constraint does not show (an exclusion constraint is warned about whole).
    if (row.unique) warnUnheld(row, included, `${ctx.table}.${row.constraint}`, ctx.warn);
    return undefined;
  }
  const object = `${ctx.table}.${row.name}`;
  const keys = row.definition === null ? [] : splitTopLevel(keyList(row.definition, row.method));
  const plain = row.definition === null || keys.every((part, i) => row.key[i] !== 0 && part === ctx.column(row.key[i]!).quoted);
  warnUnheld(row, included, object, ctx.warn);

  const keyColumns = row.key.slice(0, row.keyCount).filter((n) => n !== 0);
  const read = plain ? keyColumns : [...new Set([...keyColumns, ...(row.expressionColumns ?? [])])];
  const index: IndexState = { name: row.name, columns: read.map((n) => ctx.column(n).name), unique: row.unique };
  return {
    ...index,
    ...(plain ? {} : { expression: keys.join(', ') }),
    ...(row.where === null ? {} : { where: row.where }),
    ...(row.method === 'btree' ? {} : { method: row.method }),
  };
}

function warnUnheld(row: IndexRow, included: readonly string[], object: string, warn: (w: InspectWarning) => void): void {
  const unheld: string[] = [];
  if (included.length > 0) unheld.push(`INCLUDE (${included.join(', ')})`);
  if (row.nullsNotDistinct) unheld.push('NULLS NOT DISTINCT');
  if (row.options !== null) unheld.push(`WITH (${row.options.join(', ')})`);
  if (row.ownTablespace) unheld.push('its tablespace');
  if (unheld.length > 0) warn({ object, message: `${unheld.join(', ')} is not in the state (recreated without it)${row.definition === null ? '' : `: ${row.definition}`}` });
  if (!row.valid) warn({ object, message: 'the index is INVALID (a failed CREATE INDEX CONCURRENTLY?): the state lists it as a working index' });
  if (row.comment !== null) warn({ object, message: `the index's comment is not in the state: ${JSON.stringify(row.comment)}` });
}

/** The text between the parentheses after `USING <method>` (outside quoted identifiers, which may hold anything). */
export function keyList(definition: string, method: string): string {
  const marker = ` USING ${method} (`;
  let quoted = false;
  for (let i = 0; i < definition.length; i++) {
    const ch = definition[i];
    if (ch === '"') quoted = !quoted;
    if (quoted || !definition.startsWith(marker, i)) continue;
    const start = i + marker.length;
    const end = closingParen(definition, start);
    return definition.slice(start, end);
  }
  throw new Error(`cannot find the key list in ${definition}`);
}

/** The index of the parenthesis closing the one before `start`, skipping string literals and quoted identifiers. */
function closingParen(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      i = text.indexOf(ch, i + 1);
      // A doubled quote inside continues the literal or identifier.
      while (i >= 0 && text[i + 1] === ch) i = text.indexOf(ch, i + 2);
      if (i < 0) break;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in ${text}`);
}

/** Splits at commas outside parentheses, literals and quoted identifiers. */
export function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "'" || ch === '"') {
      i = list.indexOf(ch, i + 1);
      while (i >= 0 && list[i + 1] === ch) i = list.indexOf(ch, i + 2);
      if (i < 0) break;
    } else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(list.slice(from).trim());
  return parts;
}
