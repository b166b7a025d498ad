/**
 * Row, instance and input types are inferred from model definitions. These assertions are checked by
 * `tsc -p test/tsconfig.json` (part of `npm test`); a wrong inference fails the type check.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  AutoField, BigIntField, BooleanField, CharField, DateTimeField, DecimalField, ForeignKey, IntField, JSONField, ManyToManyField, model,
  type CreateInput, type Instance, type InstanceOf, type ManyRelatedManager, type Row, type ThroughDefaults,
} from '../../src/index.js';

const User = model('User', {
  id: AutoField(),
  email: CharField({ maxLength: 255, unique: true }),
  age: IntField({ null: true }),
  isActive: BooleanField({ default: true }),
  balance: DecimalField({ maxDigits: 10, decimalPlaces: 2 }),
  big: BigIntField({ null: true }),
  createdAt: DateTimeField({ autoNowAdd: true }),
  settings: JSONField({ null: true }).$type<{ theme: 'dark' | 'light' }>(),
});
const Post = model('Post', { author: ForeignKey(() => User, { relatedName: 'posts' }), title: CharField({ maxLength: 10 }) });

const Tag = model('Tag', { name: CharField({ maxLength: 20 }) });
const Article = model('Article', { title: CharField({ maxLength: 20 }), tags: ManyToManyField(() => Tag, { relatedName: 'articles' }) });

type U = InstanceOf<typeof User>;
type P = InstanceOf<typeof Post>;

describe('type inference', () => {
  it('infers attribute types and nullability', () => {
    expectTypeOf<U['email']>().toEqualTypeOf<string>();
    expectTypeOf<U['age']>().toEqualTypeOf<number | null>();
    expectTypeOf<U['isActive']>().toEqualTypeOf<boolean>();
    expectTypeOf<U['balance']>().toEqualTypeOf<string>();
    expectTypeOf<U['big']>().toEqualTypeOf<bigint | null>();
    expectTypeOf<U['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<U['settings']>().toEqualTypeOf<{ theme: 'dark' | 'light' } | null>();
  });

  it('adds an id primary key when none is declared, and maps foreign keys to <name>Id', () => {
    expectTypeOf<P['id']>().toEqualTypeOf<number>();
    expectTypeOf<P['authorId']>().toEqualTypeOf<number>();
    expectTypeOf<P['author']>().toEqualTypeOf<U | undefined>();
  });

  it('requires exactly the fields without default, null or generation on create', () => {
    type In = CreateInput<typeof User extends { prototype: Instance<infer F> } ? F : never>;
    expectTypeOf<{ email: string; balance: string }>().toMatchTypeOf<In>();
    // @ts-expect-error email is required
    const missing: In = { balance: '1.00' };
    void missing;
  });

  it('types query results', () => {
    const qs = () => User.filter({ age__gte: 18, email__contains: '@' }).orderBy('-createdAt').limit(10);
    expectTypeOf<Awaited<ReturnType<typeof qs>>>().toEqualTypeOf<U[]>();
    const values = () => User.all().values('email', 'age');
    expectTypeOf<Awaited<ReturnType<typeof values>>>().toEqualTypeOf<{ email: string; age: number | null }[]>();
    const flat = () => User.all().valuesList('email', { flat: true });
    expectTypeOf<Awaited<ReturnType<typeof flat>>>().toEqualTypeOf<string[]>();
    expectTypeOf(User.get).returns.toEqualTypeOf<Promise<U>>();
    // @ts-expect-error unknown field in a filter
    void (() => User.filter({ emial: 'x' }));
  });

  it('types a many-to-many relation as a manager, with no column', () => {
    type A = InstanceOf<typeof Article>;
    type T = InstanceOf<typeof Tag>;
    expectTypeOf<A['tags']>().toEqualTypeOf<ManyRelatedManager<typeof Tag>>();
    expectTypeOf<Awaited<ReturnType<A['tags']['all']>>>().toEqualTypeOf<T[]>();
    expectTypeOf<A['tags']['loaded']>().toEqualTypeOf<T[] | undefined>();
    expectTypeOf<Parameters<A['tags']['add']>>().toEqualTypeOf<(T | number | ThroughDefaults)[]>();
    expectTypeOf<keyof Row<typeof Article extends { prototype: Instance<infer F> } ? F : never>>().toEqualTypeOf<'title' | 'id'>();
    void (() => Article.filter({ tags__name: 'orm', tags: 3 }).prefetchRelated('tags'));
    // @ts-expect-error the relation is not a create input: add() after saving
    void (() => Article.create({ title: 'x', tags: [] }));
  });
});
