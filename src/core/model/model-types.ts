/**
 * The types a model definition produces: rows, instances, create inputs, filter inputs. Everything is
 * computed from the field objects' phantom types, so there is no code generation step.
 */
import type { AnyField, Field } from './field.js';
import type { ForeignKeyDef } from './fields/foreign-key.js';
import type { AnyManyToMany, ManyToManyDef } from './fields/many-to-many.js';
import type { AutoFieldDef } from './fields/numeric-fields.js';
import type { ModelMeta } from './model-meta.js';
import type { ManyRelatedManager, ModelInstanceMethods } from './instance-types.js';

/** A model's declarations: fields with a column, and many-to-many relations, which have none. */
export type Fields = Record<string, AnyField | AnyManyToMany>;

/** The names of the declarations that are columns (everything but many-to-many relations). */
type ColumnKeys<F extends Fields> = { [K in keyof F & string]: F[K] extends AnyField ? K : never }[keyof F & string];

type HasPk<F extends Fields> = true extends { [K in keyof F]: F[K] extends Field<any, any, any, true> ? true : false }[keyof F] ? true : false;
/** Models without a primary key get `id: AutoField()`, as in Django. */
export type WithPk<F extends Fields> = HasPk<F> extends true ? F : F & { id: AutoFieldDef };

type FieldValue<X> = X extends Field<infer T, infer N, any, any> ? (N extends true ? T | null : T) : never;
type AttrKey<K extends string, X> = X extends ForeignKeyDef<any, any> ? `${K}Id` : K;

/** Column values as attributes: ForeignKey `author` appears as `authorId`. */
export type Row<F extends Fields> = { [K in ColumnKeys<F> as AttrKey<K, F[K]>]: FieldValue<F[K]> };

/** Loaded relations: `post.author` after selectRelated/prefetchRelated('author'). */
export type RelationAttrs<F extends Fields> = {
  [K in keyof F & string as F[K] extends ForeignKeyDef<any, any> ? K : never]?: F[K] extends ForeignKeyDef<infer M, infer N>
    ? InstanceOf<M> | (N extends true ? null : never)
    : never;
};

/** Many-to-many managers: `post.tags.add(tag)`, `post.tags.all()`. */
export type ManyAttrs<F extends Fields> = {
  readonly [K in keyof F & string as F[K] extends ManyToManyDef<any> ? K : never]: F[K] extends ManyToManyDef<infer M> ? ManyRelatedManager<M> : never;
};

type ManyNames<F extends Fields> = { [K in keyof F & string]: F[K] extends ManyToManyDef<any> ? K : never }[keyof F & string];

export type Instance<F extends Fields> = Row<WithPk<F>> & RelationAttrs<F> & ManyAttrs<F> & ModelInstanceMethods;

type OptionalKeys<F extends Fields> = { [K in ColumnKeys<F>]: F[K] extends Field<any, any, true, any> ? K : F[K] extends ForeignKeyDef<any, any> ? K : never }[ColumnKeys<F>];
type RequiredKeys<F extends Fields> = Exclude<ColumnKeys<F>, OptionalKeys<F>>;

/** What `create()` and `new Model()` take: fields with a default, nullable or generated may be left out. */
export type CreateInput<F extends Fields> = { [K in RequiredKeys<F> as AttrKey<K, F[K]>]: FieldValue<F[K]> } & {
  [K in OptionalKeys<F> as AttrKey<K, F[K]>]?: FieldValue<F[K]>;
} & RelationAttrs<F>;

export type AttrName<F extends Fields> = keyof Row<WithPk<F>> & string;

export type Lookup =
  | 'exact' | 'iexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith' | 'endswith' | 'iendswith'
  | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'range' | 'isnull';

/**
 * Filter arguments: `{ age__gte: 18, email__contains: '@x' }`. Own attributes and their lookups are typed;
 * paths across relations (`author__name__icontains`) are accepted as strings and checked at run time.
 */
export type FilterInput<F extends Fields> = {
  [K in AttrName<F> | 'pk' | ManyNames<F>]?: unknown;
} & {
  [K in `${AttrName<F> | 'pk'}__${Lookup}`]?: unknown;
} & Record<`${string}__${string}`, unknown>;

export type OrderKey<F extends Fields> = AttrName<F> | `-${AttrName<F>}` | 'pk' | '-pk' | '?' | `${string}__${string}` | `-${string}__${string}`;

export interface ModelClass<F extends Fields = Fields> {
  new (values?: CreateInput<F>): Instance<F>;
  readonly meta: ModelMeta;
  readonly prototype: Instance<F>;
}

/** Any model, as metadata and a constructor; the query-set methods it also has are typed in query/model-api.ts. */
export type AnyModel = ModelClass<any>;
export type FieldsOf<M> = M extends ModelClass<infer F> ? F : never;
export type InstanceOf<M> = M extends ModelClass<infer F> ? Instance<F> : never;
export type PkValueOf<M> = M extends ModelClass<infer F>
  ? HasPk<F> extends true
    ? { [K in keyof F]: F[K] extends Field<infer T, any, any, true> ? T : never }[keyof F]
    : number
  : number | string | bigint;
