/**
 * `post.tags` / `tag.posts`: one instance's side of a many-to-many relation. Reads are query sets of
 * the related model; writes go to the join model (many-to-many-writes.ts).
 */
import { getDatabase } from '../database/registry.js';
import { transaction } from '../database/transaction.js';
import { UsageError } from '../ground/errors.js';
import { manyRelationEnds, type ManyRelation } from '../model/model-meta.js';
import type { AnyModel } from '../model/model-types.js';
import { checkFillable, insertPairs, isThroughDefaults, keyOf, throughDefaults, type PairSide } from './many-to-many-writes.js';
import { WITH_ROWS } from './query-state.js';

type Obj = Record<string, unknown>;

/** The query-set methods used here, reached through the model's statics to keep the import graph acyclic. */
interface Statics {
  filter(c: Obj): Deletable;
}
interface Deletable {
  exclude(c: Obj): Deletable;
  delete(): Promise<number>;
  [WITH_ROWS](rows: readonly unknown[]): Deletable;
}

export class ManyRelatedManagerImpl {
  /** Set by prefetchRelated; `all()` answers from it until add, remove, set or clear change the pairs. */
  loaded: Obj[] | undefined = undefined;

  constructor(
    private readonly instance: Obj,
    private readonly model: AnyModel,
    private readonly relation: ManyRelation,
  ) {}

  /** After prefetchRelated, the prefetched objects with no statement (a chained call queries again), as Django's. */
  all(): unknown {
    const { target } = manyRelationEnds(this.relation);
    const otherSide = this.relation.reverse ? this.relation.field.name : this.relation.field.reverseName;
    const qs = (target as unknown as Statics).filter({ [otherSide]: this.ownId('all') });
    return this.loaded === undefined ? qs : qs[WITH_ROWS](this.loaded);
  }

  async add(...objects: unknown[]): Promise<void> {
    const where = this.describe('add');
    const ownId = this.ownId('add');
    const side = this.side();
    const last = objects.at(-1);
    const options = isThroughDefaults(last) ? last : undefined;
    const defaults = options ? throughDefaults(side, options, where, getDatabase().dialect.name) : {};
    checkFillable(side, where, defaults);
    const ids = this.idsOf(options ? objects.slice(0, -1) : objects, where);
    this.loaded = undefined;
    if (ids.length) await insertPairs(getDatabase(), side, ownId, ids, defaults);
  }

  async remove(...objects: unknown[]): Promise<number> {
    const where = this.describe('remove');
    const ownId = this.ownId('remove');
    const ids = this.idsOf(objects, where);
    this.loaded = undefined;
    if (ids.length === 0) return 0;
    const { through, from, to } = this.side();
    return (through as unknown as Statics).filter({ [from.attname]: ownId, [`${to.attname}__in`]: ids }).delete();
  }

  async clear(): Promise<number> {
    const { through, from } = this.side();
    this.loaded = undefined;
    return (through as unknown as Statics).filter({ [from.attname]: this.ownId('clear') }).delete();
  }

  async set(objects: readonly unknown[], options?: unknown): Promise<void> {
    const where = this.describe('set');
    if (!Array.isArray(objects)) throw new UsageError('VALUE_INVALID', `${where}: expects an array of objects or ids`);
    if (options !== undefined && !isThroughDefaults(options)) throw new UsageError('VALUE_INVALID', `${where}: its second argument is { throughDefaults: {...} }`);
    const ownId = this.ownId('set');
    const side = this.side();
    const defaults = options === undefined ? {} : throughDefaults(side, options, where, getDatabase().dialect.name);
    checkFillable(side, where, defaults);
    const ids = this.idsOf(objects, where);
    const { through, from, to } = side;
    const db = getDatabase();
    this.loaded = undefined;
    await transaction(
      async () => {
        const mine = (through as unknown as Statics).filter({ [from.attname]: ownId });
        await (ids.length ? mine.exclude({ [`${to.attname}__in`]: ids }) : mine).delete();
        if (ids.length) await insertPairs(db, side, ownId, ids, defaults);
      },
      { using: db.name },
    );
  }

  private side(): PairSide {
    const { through, from, to } = manyRelationEnds(this.relation);
    const link = this.relation.field.link;
    const pair = new Set([from.name, to.name]);
    const uniquePair = link.autoCreated || through.meta.indexes.some((i) => i.unique && i.fields.length === 2 && i.fields.every((n) => pair.has(n)));
    return { through, from, to, uniquePair };
  }

  private describe(verb: string): string {
    return `${this.model.meta.name}.${this.relation.name}.${verb}()`;
  }

  private ownId(verb: string): unknown {
    const id = this.instance[this.model.meta.pk.attname];
    if (id === undefined || id === null) {
      throw new UsageError('USAGE', `${this.describe(verb)}: this ${this.model.meta.name} is not saved yet; save it before using its ${this.relation.name}`);
    }
    return id;
  }

  /** Saved instances of the related model or its primary-key values, checked, without repeats. */
  private idsOf(objects: readonly unknown[], where: string): unknown[] {
    const { target } = manyRelationEnds(this.relation);
    const pk = target.meta.pk;
    const name = target.meta.name;
    const dialect = getDatabase().dialect.name;
    const seen = new Set<unknown>();
    const ids: unknown[] = [];
    for (const o of objects) {
      let id: unknown = o;
      if (o !== null && typeof o === 'object' && !(o instanceof Date) && !(o instanceof Uint8Array)) {
        const meta = (o.constructor as Partial<AnyModel> | undefined)?.meta;
        if (meta !== target.meta) throw new UsageError('VALUE_INVALID', `${where}: expected a ${name} or a ${name} id, got ${meta ? `a ${meta.name}` : 'a plain object'}`);
        id = (o as Obj)[pk.attname];
        if (id === undefined || id === null) throw new UsageError('VALUE_INVALID', `${where}: the ${name} is not saved yet (no ${pk.attname}); save it first`);
      } else if (id === undefined || id === null) {
        throw new UsageError('VALUE_INVALID', `${where}: expected a ${name} or a ${name} id, got ${String(id)}`);
      } else {
        try {
          pk.toDb(id, dialect);
        } catch (e) {
          throw new UsageError('VALUE_INVALID', `${where}: ${(e as Error).message}`, { cause: e });
        }
      }
      const key = keyOf(id);
      if (!seen.has(key)) {
        seen.add(key);
        ids.push(id);
      }
    }
    return ids;
  }
}
