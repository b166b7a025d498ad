/**
 * prefetchRelated across a many-to-many relation: one query over the join rows of every loaded
 * instance, joined with the related table (selectRelated on the join model's key), so each pair
 * arrives with its related object; they are handed to each instance's manager (`post.tags.loaded`).
 */
import type { Database } from '../database/database.js';
import { manyRelationEnds, type ManyRelation } from '../model/model-meta.js';
import type { AnyModel } from '../model/model-types.js';
import { managerOf } from './many-accessors.js';
import { keyOf } from './many-to-many-writes.js';
import type { QueryState } from './query-state.js';

type Obj = Record<string, unknown>;

/** prefetch.ts's query for rows whose `attname` is one of `keys`, passed in to keep the import graph acyclic. */
export type FetchIn = (db: Database, model: AnyModel, attname: string, keys: unknown[], extra?: Partial<QueryState>) => Promise<Obj[]>;

export async function prefetchMany(db: Database, model: AnyModel, rows: Obj[], relation: ManyRelation, fetchIn: FetchIn): Promise<{ model: AnyModel; rows: Obj[] }> {
  const { through, from, to, target } = manyRelationEnds(relation);
  const pk = model.meta.pk.attname;
  const keys = [...new Set(rows.map((r) => r[pk]).filter((k) => k !== null && k !== undefined))];
  // The related model's own ordering, else the order the pairs were made in.
  const order = target.meta.ordering.filter((o) => o !== '?').map((o) => (o.startsWith('-') ? `-${to.name}__${o.slice(1)}` : `${to.name}__${o}`));
  const pairs = keys.length ? await fetchIn(db, through, from.attname, keys, { selectRelated: [to.name], order: order.length ? order : ['pk'] }) : [];
  const groups = new Map<unknown, Obj[]>();
  const related: Obj[] = [];
  for (const pair of pairs) {
    const k = keyOf(pair[from.attname]);
    const object = pair[to.name] as Obj;
    related.push(object);
    const list = groups.get(k);
    if (list) list.push(object);
    else groups.set(k, [object]);
  }
  for (const r of rows) managerOf(r, relation, model).loaded = groups.get(keyOf(r[pk])) ?? [];
  return { model: target, rows: related };
}
