/**
 * The compiled-statement cache: per dialect and model, a query shape's key → its SQL text and row
 * factory, so a shape is compiled and its factory generated once.
 *
 * Looking a freshly built key up in a Map costs more than the rest of planning a point query (V8
 * flattens and hashes the new string), so each model also remembers the shape it served last and
 * compares against that first: a string comparison, no hashing.
 */
import type { Dialect } from '../dialect/dialect.js';
import type { SqlValue } from '../ground/values.js';
import type { ModelMeta } from '../model/model-meta.js';
import type { RowFactory } from './hydrate.js';
import type { SelectPlan } from './select-plan.js';

export interface Compiled {
  readonly sql: string;
  readonly factory: RowFactory;
  readonly safeIntegers: boolean;
  readonly tables: readonly string[];
}

const MAX_SHAPES_PER_MODEL = 1000;

class ModelShapes {
  private readonly shapes = new Map<string, Compiled>();
  private lastKey = '';
  private lastHit: Compiled | undefined;

  get(dialect: Dialect, plan: SelectPlan): Compiled {
    if (this.lastHit !== undefined && plan.key === this.lastKey) return this.lastHit;
    let hit = this.shapes.get(plan.key);
    if (!hit) {
      hit = compile(dialect, plan);
      if (this.shapes.size >= MAX_SHAPES_PER_MODEL) this.shapes.clear();
      this.shapes.set(plan.key, hit);
    }
    this.lastKey = plan.key;
    this.lastHit = hit;
    return hit;
  }
}

function compile(dialect: Dialect, plan: SelectPlan): Compiled {
  const built = plan.build();
  const out = dialect.compile(built.node);
  if (!sameParams(out.params, plan.params)) {
    // The key would map different parameter orders to one SQL text: never cache such a shape.
    throw new Error(`internal: parameter order mismatch for shape ${plan.key}`);
  }
  return { sql: out.sql, factory: built.factory, safeIntegers: built.safeIntegers, tables: built.tables };
}

function sameParams(a: readonly SqlValue[], b: readonly SqlValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const byDialect = new WeakMap<Dialect, WeakMap<ModelMeta, ModelShapes>>();
/** The shapes of the last (dialect, model) asked for (a strong reference to one model, harmless). */
let last: { dialect: Dialect; meta: ModelMeta; shapes: ModelShapes } | undefined;

function shapesFor(dialect: Dialect, meta: ModelMeta): ModelShapes {
  if (last !== undefined && last.dialect === dialect && last.meta === meta) return last.shapes;
  let perDialect = byDialect.get(dialect);
  if (!perDialect) byDialect.set(dialect, (perDialect = new WeakMap()));
  let shapes = perDialect.get(meta);
  if (!shapes) perDialect.set(meta, (shapes = new ModelShapes()));
  last = { dialect, meta, shapes };
  return shapes;
}

export function compiledFor(dialect: Dialect, meta: ModelMeta, plan: SelectPlan): Compiled {
  return shapesFor(dialect, meta).get(dialect, plan);
}
