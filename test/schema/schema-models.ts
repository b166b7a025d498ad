/** Models for the schema tests; `prefix` keeps each test file's tables apart on the shared servers. */
import { BinaryField, JSONField } from '../../src/core/model/fields/data-fields.js';
import { ForeignKey } from '../../src/core/model/fields/foreign-key.js';
import { AutoField, BigIntField, DecimalField, FloatField, IntField } from '../../src/core/model/fields/numeric-fields.js';
import { DateField, DateTimeField } from '../../src/core/model/fields/temporal-fields.js';
import { BooleanField, CharField, TextField, UUIDField } from '../../src/core/model/fields/text-fields.js';
import { model } from '../../src/core/query/model.js';
import type { AnyModel } from '../../src/core/model/model-types.js';

export function schemaModels(prefix: string) {
  const Author = model('Author', {
    id: AutoField(),
    name: CharField({ maxLength: 100 }),
    email: CharField({ maxLength: 255, unique: true }),
    country: CharField({ maxLength: 2, dbIndex: true }),
    createdAt: DateTimeField({ autoNowAdd: true }),
  }, { tableName: `${prefix}author`, indexes: [['name', 'createdAt']] });

  const Book = model('Book', {
    id: AutoField(),
    author: ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'books' }),
    editor: ForeignKey(() => Author, { onDelete: 'SET NULL', null: true, relatedName: 'editedBooks' }),
    title: CharField({ maxLength: 200 }),
    edition: IntField({ default: 1 }),
  }, { tableName: `${prefix}book`, uniqueTogether: [['author', 'title']] });

  const Review = model('Review', {
    id: AutoField(),
    book: ForeignKey(() => Book, { onDelete: 'RESTRICT', dbIndex: false }),
    stars: IntField(),
  }, { tableName: `${prefix}review` });

  return { Author, Book, Review };
}

/** One column of every kind, a UUID primary key, and a ForeignKey to it. */
export function kindModels(prefix: string) {
  const Everything = model('Everything', {
    key: UUIDField({ primaryKey: true }),
    small: IntField({ null: true }),
    big: BigIntField({ default: 9007199254740993n }),
    ratio: FloatField({ default: 0.5 }),
    price: DecimalField({ maxDigits: 12, decimalPlaces: 2, default: '9.90' }),
    active: BooleanField({ default: true }),
    code: CharField({ maxLength: 20, column: 'code_text' }),
    body: TextField({ null: true }),
    seenAt: DateTimeField({ null: true, default: new Date('2024-01-02T03:04:05.678Z') }),
    updatedAt: DateTimeField({ autoNow: true }),
    day: DateField({ null: true }),
    data: JSONField({ default: () => ({ tags: [] }) }),
    extra: JSONField({ null: true, default: { a: [1, 'x'] } }),
    ref: UUIDField({ null: true }),
    blob: BinaryField({ null: true }),
  }, { tableName: `${prefix}everything` });

  const Child = model('Child', {
    id: AutoField(),
    parent: ForeignKey(() => Everything, { onDelete: 'NO ACTION' }),
  }, { tableName: `${prefix}child` });

  return { Everything, Child };
}

/** Two tables that reference each other, and one that references itself. */
export function cycleModels(prefix: string) {
  // Annotated as AnyModel: mutually referring definitions cannot infer each other's types.
  const Team: AnyModel = model('Team', {
    id: AutoField(),
    name: CharField({ maxLength: 50 }),
    captain: ForeignKey((): AnyModel => Player, { onDelete: 'SET NULL', null: true }),
  }, { tableName: `${prefix}team` });
  const Player: AnyModel = model('Player', {
    id: AutoField(),
    team: ForeignKey(() => Team, { onDelete: 'CASCADE', null: true }),
    mentor: ForeignKey((): AnyModel => Player, { onDelete: 'SET NULL', null: true }),
  }, { tableName: `${prefix}player` });
  return { Team, Player };
}
