/**
 * The benchmark's own tables. Every name carries the prefix (`oxen_bench_` by default), so a run
 * never reads or writes a table it did not create.
 */
import { AutoField, FloatField, IntField } from '../../model/fields/numeric-fields.js';
import { BooleanField, CharField } from '../../model/fields/text-fields.js';
import { DateTimeField } from '../../model/fields/temporal-fields.js';
import { ForeignKey } from '../../model/fields/foreign-key.js';
import { model } from '../../query/model.js';

export const DEFAULT_TABLE_PREFIX = 'oxen_bench_';

export function defineBenchModels(prefix: string = DEFAULT_TABLE_PREFIX) {
  const User = model(
    'BenchUser',
    {
      id: AutoField(),
      name: CharField({ maxLength: 100 }),
      email: CharField({ maxLength: 255, unique: true }),
      age: IntField({ null: true }),
      isActive: BooleanField({ default: true }),
      createdAt: DateTimeField(),
    },
    { tableName: `${prefix}users`, indexes: [['isActive', 'createdAt']] },
  );
  const Post = model(
    'BenchPost',
    {
      id: AutoField(),
      author: ForeignKey(() => User, { onDelete: 'CASCADE', relatedName: 'posts' }),
      title: CharField({ maxLength: 200 }),
      views: IntField({ default: 0 }),
      createdAt: DateTimeField(),
    },
    { tableName: `${prefix}posts`, indexes: [['views']] },
  );
  const Item = model(
    'BenchItem',
    { id: AutoField(), name: CharField({ maxLength: 100 }), qty: IntField(), price: FloatField() },
    { tableName: `${prefix}items` },
  );
  return { User, Post, Item };
}

export type BenchModels = ReturnType<typeof defineBenchModels>;

/** Referenced tables last, the order dropTables and createTables accept either way. */
export function benchTables(models: BenchModels) {
  return [models.Item, models.Post, models.User];
}
