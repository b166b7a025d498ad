/**
 * The plain-WHERE fast path (plain-where.ts) must key and bind exactly as the general path does, so the
 * two can share compiled statements: same shape tokens, same parameters, for every condition it accepts.
 */
import { describe, expect, it } from 'vitest';
import { F, Q, q } from '../../src/index.js';
import { SqliteDialect } from '../../src/core/dialect/sqlite/sqlite-dialect.js';
import { BuildContext } from '../../src/core/query/build-context.js';
import { plainWhere } from '../../src/core/query/plain-where.js';
import { buildWhere } from '../../src/core/query/select-plan.js';
import type { QuerySet } from '../../src/core/query/query-set.js';
import type { SqlValue } from '../../src/core/ground/values.js';
import { blogModels } from '../support/blog-models.js';

const { Author, Post } = blogModels('pw');
const dialect = new SqliteDialect();

function general(qs: QuerySet<any, any>): { shape: string; params: unknown[] } {
  const ctx = new BuildContext(dialect, qs.state.model.meta, 't0');
  buildWhere(ctx, qs.state.where);
  return { shape: ctx.shape.join(' '), params: ctx.params };
}

function fast(qs: QuerySet<any, any>): { shape: string; params: unknown[] } | undefined {
  const params: SqlValue[] = [];
  const shape = plainWhere(qs.state.model.meta, dialect, qs.state.where, params);
  return shape === undefined ? undefined : { shape, params };
}

describe('plainWhere', () => {
  const when = new Date('2024-03-01T10:00:00.000Z');
  const plain: [string, QuerySet<any, any>][] = [
    ['no conditions', Author.all()],
    ['pk', Author.filter({ id: 5 })],
    ['pk alias', Author.filter({ pk: 5 })],
    ['comparisons', Author.filter({ age__gte: 18, age__lt: 65, name: 'Ann' })],
    ['boolean and date', Author.filter({ isActive: true, createdAt__gt: when })],
    ['chained filters', Author.filter({ age__gt: 1 }).filter({ name__exact: 'B' })],
    ['exclude', Author.exclude({ name: 'Ann' })],
    ['Q or / not', Author.filter(q({ age__lte: 3 }).or(Q.not({ name: 'x' })))],
    ['empty Q', Author.filter(new Q([]))],
    ['foreign key id', Post.filter({ authorId: 3 })],
    ['foreign key by target pk', Post.filter({ author__id: 3 })],
  ];
  for (const [name, qs] of plain) {
    it(`matches the general path: ${name}`, () => {
      expect(fast(qs)).toEqual(general(qs));
    });
  }

  const other: [string, QuerySet<any, any>][] = [
    ['null', Author.filter({ age: null })],
    ['in', Author.filter({ id__in: [1, 2] })],
    ['like', Author.filter({ name__icontains: 'a' })],
    ['isnull', Author.filter({ age__isnull: true })],
    ['F expression', Author.filter({ age__gt: F('id') })],
    ['forward relation', Post.filter({ author__name: 'Ann' })],
    ['reverse relation', Author.filter({ posts__title: 'T' })],
    ['plain, then not', Author.filter({ id: 1 }, { age__range: [1, 2] })],
  ];
  for (const [name, qs] of other) {
    it(`leaves to the general path: ${name}`, () => {
      expect(fast(qs)).toBeUndefined();
    });
  }

  it('throws what the general path throws for an unknown field', () => {
    const qs = Author.filter({ nope: 1 } as never);
    expect(() => fast(qs)).toThrow(/nope/);
    expect(() => general(qs)).toThrow(/nope/);
  });
});
