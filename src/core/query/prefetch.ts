/**
 * prefetchRelated: for each relation path, one query with `IN (…)` over the keys collected from the
 * rows already loaded (split only when the keys exceed the parameter limit), then attached in memory.
 * `posts__comments` loads posts, then the comments of all those posts: one query per level.
 */
import type { ModelMeta } from '../model/model-meta.js';
import type { Database } from '../database/database.js';
import { UsageError } from '../ground/errors.js';
import { ForeignKeyDef } from '../model/fields/foreign-key.js';
import type { AnyModel } from '../model/model-types.js';
import { Q } from './q.js';
import { initialState, type QueryState } from './query-state.js';
import { prefetchMany } from './prefetch-many.js';
import { runSelect } from './run-select.js';
import { planSelect } from './select-plan.js';

type Obj = Record<string, unknown>;

export async function prefetchInto(db: Database, model: AnyModel, rows: Obj[], paths: readonly string[]): Promise<void> {
  // Group paths by their first relation so `posts` and `posts__comments` share the posts query.
  const byHead = new Map<string, string[]>();
  for (const path of paths) {
    const [head, ...rest] = path.split('__');
    const tails = byHead.get(head!) ?? [];
    if (rest.length) tails.push(rest.join('__'));
    byHead.set(head!, tails);
  }
  for (const [name, tails] of byHead) {
    const related = await prefetchOne(db, model, rows, name);
    if (tails.length && related.rows.length) await prefetchInto(db, related.model, related.rows, tails);
  }
}

async function fetchIn(db: Database, model: AnyModel, attname: string, keys: unknown[], extra: Partial<QueryState> = {}): Promise<Obj[]> {
  const out: Obj[] = [];
  const chunk = Math.max(1, db.executor.maxParams - 100);
  for (let i = 0; i < keys.length; i += chunk) {
    const state = { ...initialState(model), where: [new Q([[`${attname}__in`, keys.slice(i, i + chunk)]])], order: [] as string[], ...extra };
    out.push(...((await runSelect(db, model.meta, planSelect(state, db.dialect), true)) as Obj[]));
  }
  return out;
}

async function prefetchOne(db: Database, model: AnyModel, rows: Obj[], name: string): Promise<{ model: AnyModel; rows: Obj[] }> {
  const meta = model.meta;
  const field = meta.field(name);
  if (field instanceof ForeignKeyDef) {
    const keys = [...new Set(rows.map((r) => r[field.attname]).filter((k) => k !== null && k !== undefined))];
    const target = field.to;
    const found = keys.length ? await fetchIn(db, target, target.meta.pk.attname, keys) : [];
    const byPk = new Map(found.map((o) => [keyOf(o[target.meta.pk.attname]), o]));
    for (const r of rows) r[field.name] = r[field.attname] === null || r[field.attname] === undefined ? null : byPk.get(keyOf(r[field.attname])) ?? null;
    return { model: target, rows: found };
  }
  const many = meta.manyRelation(name);
  if (many) return prefetchMany(db, model, rows, many, fetchIn);
  const relation = meta.reverseRelation(name);
  if (!relation) {
    throw new UsageError('FIELD_UNKNOWN', `prefetchRelated(${JSON.stringify(name)}): ${meta.name} has no relation of that name; ${relationList(meta)}`);
  }
  const pk = meta.pk.attname;
  const keys = [...new Set(rows.map((r) => r[pk]))];
  const found = await fetchIn(db, relation.model, relation.field.attname, keys);
  const groups = new Map<unknown, Obj[]>();
  for (const o of found) {
    const k = keyOf(o[relation.field.attname]);
    const list = groups.get(k);
    if (list) list.push(o);
    else groups.set(k, [o]);
  }
  for (const r of rows) r[name] = groups.get(keyOf(r[pk])) ?? [];
  return { model: relation.model, rows: found };
}

/** bigint and number keys of the same value must meet in one Map slot. */
function keyOf(v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? String(v) : v;
}

function relationList(meta: ModelMeta): string {
  const names = [...meta.foreignKeys.map((f) => f.name), ...meta.manyRelations().keys(), ...meta.reverseRelationNames()];
  return names.length ? `relations: ${names.join(', ')}` : 'it has no relations';
}
