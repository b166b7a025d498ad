import type { AnyModel, InstanceOf, PkValueOf } from './model-types.js';

/** What every model instance can do; installed on each model's prototype by the query layer. */
export interface SaveOptions {
  /** Database name from the connection config; default 'default' (or the transaction's). */
  using?: string;
  /** Update only these attributes (an UPDATE, never an INSERT). */
  updateFields?: readonly string[];
  /** Force an INSERT even when the primary key is set. */
  forceInsert?: boolean;
}

export interface ModelInstanceMethods {
  /** INSERT when new (primary key unset), UPDATE otherwise; fills the generated primary key. */
  save(options?: SaveOptions): Promise<this>;
  /** DELETE this row; returns the number of rows deleted (cascades are the database's). */
  delete(options?: { using?: string }): Promise<number>;
  /** The primary key's value. */
  readonly pk: unknown;
  /** Attribute values plus loaded relations, for JSON.stringify. */
  toJSON(): Record<string, unknown>;
}

/** Values for a through model's own fields on the pairs add() or set() creates, as Django's `through_defaults`. */
export interface ThroughDefaults {
  readonly throughDefaults: Readonly<Record<string, unknown>>;
}

/** One side of a many-to-many relation, for one instance: `post.tags`, `tag.posts`. */
export interface ManyRelatedManager<M extends AnyModel> {
  /** Adds the pairs not there yet, in one statement; instances must be saved. A last `{ throughDefaults }` fills the through model's fields. */
  add(...objects: (InstanceOf<M> | PkValueOf<M> | ThroughDefaults)[]): Promise<void>;
  /** Removes these pairs; returns how many were removed. */
  remove(...objects: (InstanceOf<M> | PkValueOf<M>)[]): Promise<number>;
  /** Makes these exactly the related objects: removes the others, adds the missing ones, in one transaction. */
  set(objects: readonly (InstanceOf<M> | PkValueOf<M>)[], options?: ThroughDefaults): Promise<void>;
  /** Removes every pair of this instance; returns how many were removed. */
  clear(): Promise<number>;
  /** The related objects as a query set, to filter, order or await. */
  all(): M extends { all(): infer Q } ? Q : never;
  /** This manager on another database from the connection config (Django's `db_manager`): its reads and writes go there. */
  using(name: string): ManyRelatedManager<M>;
  /** What prefetchRelated loaded (undefined when it was not asked for). */
  readonly loaded: InstanceOf<M>[] | undefined;
}
