/**
 * The shape tokens and parameters of a WHERE made only of plain comparisons on the model's own
 * columns (`id: 5`, `age__gte: 18`, nested in Q objects any way), found without building the expression
 * tree: on a compiled-statement cache hit — nearly every call — the tree is never used.
 *
 * It must produce exactly what buildWhere (select-plan.ts) and buildCondition (lookups.ts) produce, in
 * the same order, so it makes the same calls for the conditions it accepts (resolvePath, then
 * field.toDb) and gives up on anything else: relations, other lookups, F expressions, null and undefined.
 * Compiling a shape re-checks its parameters against the tree (run-select.ts), so a divergence fails loudly.
 */
import type { Dialect } from '../dialect/dialect.js';
import type { SqlValue } from '../ground/values.js';
import type { ModelMeta } from '../model/model-meta.js';
import { FExpression } from './expressions.js';
import { Q } from './q.js';
import { resolvePath } from './resolve-path.js';

/** The lookups that bind their value as one parameter of a plain comparison (lookupExpr's `compare`). */
const COMPARISONS: ReadonlySet<string> = new Set(['exact', 'gt', 'gte', 'lt', 'lte']);

/**
 * The WHERE part of the shape key — buildWhere's shape tokens joined by spaces — when every condition
 * is plain, its parameters appended to `params`; undefined: use buildWhere.
 */
export function plainWhere(meta: ModelMeta, dialect: Dialect, conditions: readonly Q[], params: SqlValue[]): string | undefined {
  let shape = '';
  for (const q of conditions) {
    const part = plainQ(meta, dialect, q, params);
    if (part === undefined) return undefined;
    shape = shape === '' ? part : `${shape} ${part}`;
  }
  return shape;
}

function plainQ(meta: ModelMeta, dialect: Dialect, q: Q, params: SqlValue[]): string | undefined {
  let shape = `${q.negated ? '!(' : '('} ${q.connector}`;
  for (const child of q.children) {
    if (child instanceof Q) {
      const part = plainQ(meta, dialect, child, params);
      if (part === undefined) return undefined;
      shape += ` ${part}`;
      continue;
    }
    const [key, value] = child;
    if (value === null || value === undefined || value instanceof FExpression) return undefined;
    const resolved = resolvePath(meta, key);
    if (resolved.steps.length !== 0 || !COMPARISONS.has(resolved.lookup)) return undefined;
    shape += ` ${key}`;
    params.push(resolved.field.toDb(value, dialect.name));
  }
  return `${shape} )`;
}
