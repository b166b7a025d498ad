/** The models most ORM tests use. Each test file passes its own prefix, so files can run in parallel on one server. */
import {
  AutoField, BooleanField, CharField, DateTimeField, DecimalField, ForeignKey, IntField, model, TextField,
} from '../../src/index.js';

export function blogModels(prefix: string) {
  const Author = model('Author', {
    id: AutoField(),
    name: CharField({ maxLength: 100 }),
    email: CharField({ maxLength: 255, unique: true }),
    age: IntField({ null: true }),
    isActive: BooleanField({ default: true }),
    createdAt: DateTimeField({ autoNowAdd: true }),
  }, { tableName: `${prefix}_author`, indexes: [['isActive', 'createdAt']] });

  const Post = model('Post', {
    id: AutoField(),
    author: ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'posts' }),
    title: CharField({ maxLength: 200 }),
    body: TextField({ default: '' }),
    views: IntField({ default: 0 }),
    rating: DecimalField({ maxDigits: 6, decimalPlaces: 2, null: true }),
    published: BooleanField({ default: false }),
    createdAt: DateTimeField({ autoNowAdd: true }),
  }, { tableName: `${prefix}_post` });

  const Comment = model('Comment', {
    id: AutoField(),
    post: ForeignKey(() => Post, { onDelete: 'CASCADE', relatedName: 'comments' }),
    editor: ForeignKey(() => Author, { onDelete: 'SET NULL', null: true, relatedName: 'edited' }),
    text: TextField(),
  }, { tableName: `${prefix}_comment` });

  return { Author, Post, Comment, all: [Author, Post, Comment] as const };
}
