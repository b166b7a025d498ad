/**
 * `post.tags` / `tag.posts`: one instance's side of a many-to-many relation. Reads are query sets of
 * the related model; writes go to the join model (many-to-many-writes.ts).
 */
import { getDatabase } from '../database/registry.js';
import { transaction } from '../database/transaction.js';
import { UsageError } from '../ground/errors.js';
import { manyRelationEnds, type ManyRelation } from '../model/model-meta.js';
import type { AnyModel } from '../model/model-types.js';
import { checkFillable, insertPairs, isThroughDefaults, keyOf, pairsOf, throughDefaults, type PairSide } from './many-to-many-writes.js';
import type { Database } from '../database/database.js';
import { WITH_ROWS } from './query-state.js';

type Obj = Record<string, unknown>;

/** The query-set methods used here, reached through the model's statics to keep the import graph acyclic. */
interface Statics {
  using(name: string): Filterable;
  filter(c: Obj): Deletable;
}
interface Filterable {
  filter(c: Obj): Deletable;
}
interface Deletable {
  exclude(c: Obj): Deletable;
  delete(): Promise<number>;
  using(name: string): Deletable;
  [WITH_ROWS](rows: readonly unknown[]): Deletable;
}

export class ManyRelatedManagerImpl {
  /** Set by prefetchRelated; `all()` answers from it until add, remove, set or clear change the pairs. */
  loaded: Obj[] | undefined = undefined;

  constructor(
    private readonly instance: Obj,
    private readonly model: AnyModel,
    private readonly relation: ManyRelation,
    /** Set by `using()`; otherwise reads are routed as any query set's and writes go to `default`. */
    private readonly dbName?: string,
  ) {}

  /** This manager on another database, as Django's `db_manager()`: its reads and writes go there. */
  using(name: string): ManyRelatedManagerImpl {
    if (typeof name !== 'string' || name === '') throw new UsageError('VALUE_INVALID', `${this.describe('using')}: expects a database name from the connection config`);
    getDatabase(name);
    return new ManyRelatedManagerImpl(this.instance, this.model, this.relation, name);
  }

  /** After prefetchRelated, the prefetched objects with no statement (a chained call queries again), as Django's. */
  all(): unknown {
    const { target } = manyRelationEnds(this.relation);
    const { field } = this.relation;
    // A symmetrical relation stores each pair both ways, so the declared side names the way back.
    const otherSide = this.relation.reverse ? field.name : field.symmetrical ? field.name : field.reverseName;
    let qs = (target as unknown as Statics).filter({ [otherSide]: this.ownId('all') });
    if (this.dbName !== undefined) qs = qs.using(this.dbName);
    return this.loaded === undefined ? qs : qs[WITH_ROWS](this.loaded);
  }

  async add(...objects: unknown[]): Promise<void> {
    const where = this.describe('add');
    const ownId = this.ownId('add');
    const db = this.db();
    const side = this.side();
    const last = objects.at(-1);
    const options = isThroughDefaults(last) ? last : undefined;
    const defaults = options ? throughDefaults(side, options, where, db.dialect.name) : {};
    checkFillable(side, where, defaults);
    const ids = this.idsOf(options ? objects.slice(0, -1) : objects, where, db);
    this.loaded = undefined;
    if (ids.length) await insertPairs(db, side, pairsOf(ownId, ids, this.symmetrical), defaults);
  }

  /** Returns the number of related objects unpaired (a symmetrical relation also drops each pair's mirror). */
  async remove(...objects: unknown[]): Promise<number> {
    const where = this.describe('remove');
    const ownId = this.ownId('remove');
    const db = this.db();
    const ids = this.idsOf(objects, where, db);
    this.loaded = undefined;
    if (ids.length === 0) return 0;
    const { from, to } = this.side();
    return this.unpair(db, { [from.attname]: ownId, [`${to.attname}__in`]: ids }, { [to.attname]: ownId, [`${from.attname}__in`]: ids });
  }

  async clear(): Promise<number> {
    const { from, to } = this.side();
    const ownId = this.ownId('clear');
    this.loaded = undefined;
    return this.unpair(this.db(), { [from.attname]: ownId }, { [to.attname]: ownId });
  }

  async set(objects: readonly unknown[], options?: unknown): Promise<void> {
    const where = this.describe('set');
    if (!Array.isArray(objects)) throw new UsageError('VALUE_INVALID', `${where}: expects an array of objects or ids`);
    if (options !== undefined && !isThroughDefaults(options)) throw new UsageError('VALUE_INVALID', `${where}: its second argument is { throughDefaults: {...} }`);
    const ownId = this.ownId('set');
    const db = this.db();
    const side = this.side();
    const defaults = options === undefined ? {} : throughDefaults(side, options, where, db.dialect.name);
    checkFillable(side, where, defaults);
    const ids = this.idsOf(objects, where, db);
    const { from, to } = side;
    this.loaded = undefined;
    await transaction(
      async () => {
        const others = (own: string, other: string): Deletable => {
          const mine = this.through(db).filter({ [own]: ownId });
          return ids.length ? mine.exclude({ [`${other}__in`]: ids }) : mine;
        };
        await others(from.attname, to.attname).delete();
        if (this.symmetrical) await others(to.attname, from.attname).delete();
        if (ids.length) await insertPairs(db, side, pairsOf(ownId, ids, this.symmetrical), defaults);
      },
      { using: db.name },
    );
  }

  /** Deletes the join rows `forward` finds, and for a symmetrical relation their mirrors, which `mirror` finds; counts the first. */
  private async unpair(db: Database, forward: Obj, mirror: Obj): Promise<number> {
    if (!this.symmetrical) return this.through(db).filter(forward).delete();
    return transaction(
      async () => {
        const removed = await this.through(db).filter(forward).delete();
        await this.through(db).filter(mirror).delete();
        return removed;
      },
      { using: db.name },
    );
  }

  private get symmetrical(): boolean {
    return !this.relation.reverse && this.relation.field.symmetrical;
  }

  private through(db: Database): Filterable {
    return (this.side().through as unknown as Statics).using(db.name);
  }

  private db(): Database {
    return getDatabase(this.dbName);
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
  private idsOf(objects: readonly unknown[], where: string, db: Database): unknown[] {
    const { target } = manyRelationEnds(this.relation);
    const pk = target.meta.pk;
    const name = target.meta.name;
    const dialect = db.dialect.name;
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
