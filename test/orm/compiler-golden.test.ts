/**
 * Golden SQL: every lookup, Q combination and ordering, compiled for each dialect without a database.
 * Also checks the shape key contract: the parameters collected while building equal the compiled ones.
 */
import { describe, expect, it } from 'vitest';
import { F, Q, Count, Avg, CharField, ManyToManyField, model } from '../../src/index.js';
import { MySqlDialect } from '../../src/core/dialect/mysql/mysql-dialect.js';
import { PostgresDialect } from '../../src/core/dialect/postgres/postgres-dialect.js';
import { SqliteDialect } from '../../src/core/dialect/sqlite/sqlite-dialect.js';
import type { Dialect } from '../../src/core/dialect/dialect.js';
import type { QuerySet } from '../../src/core/query/query-set.js';
import { planSelect } from '../../src/core/query/select-plan.js';
import { blogModels } from '../support/blog-models.js';

const { Author, Post } = blogModels('g');
const Tag = model('Tag', { name: CharField({ maxLength: 50 }) }, { tableName: 'g_tag' });
const Article = model('Article', { title: CharField({ maxLength: 50 }), tags: ManyToManyField(() => Tag, { relatedName: 'articles' }) }, { tableName: 'g_article' });
const dialects: Record<string, Dialect> = { postgres: new PostgresDialect(), mysql: new MySqlDialect(true), sqlite: new SqliteDialect() };

function sql(qs: QuerySet<any, any>, dialect: Dialect): { sql: string; params: unknown[] } {
  const plan = planSelect(qs.state, dialect);
  const out = dialect.compile(plan.build().node);
  expect(out.params).toEqual(plan.params);
  return { sql: out.sql, params: out.params };
}

const AUTHOR_COLS = (q: string) =>
  ['id', 'name', 'email', 'age', 'is_active', 'created_at'].map((c, i) => `${q}t0${q}.${q}${c}${q} AS ${q}c${i}${q}`).join(', ');

describe('golden SQL: lookups', () => {
  const cases: [string, QuerySet<any, any>, Record<string, [string, unknown[]]>][] = [
    ['exact', Author.filter({ name: 'Ann' }), {
      postgres: [`SELECT ${AUTHOR_COLS('"')} FROM "g_author" AS "t0" WHERE "t0"."name" = $1`, ['Ann']],
      mysql: [`SELECT ${AUTHOR_COLS('`')} FROM \`g_author\` AS \`t0\` WHERE \`t0\`.\`name\` = ?`, ['Ann']],
      sqlite: [`SELECT ${AUTHOR_COLS('"')} FROM "g_author" AS "t0" WHERE "t0"."name" = ?`, ['Ann']],
    }],
    ['exact null → IS NULL', Author.filter({ age: null }), {
      postgres: [`SELECT ${AUTHOR_COLS('"')} FROM "g_author" AS "t0" WHERE "t0"."age" IS NULL`, []],
      mysql: [`SELECT ${AUTHOR_COLS('`')} FROM \`g_author\` AS \`t0\` WHERE \`t0\`.\`age\` IS NULL`, []],
      sqlite: [`SELECT ${AUTHOR_COLS('"')} FROM "g_author" AS "t0" WHERE "t0"."age" IS NULL`, []],
    }],
  ];
  for (const [name, qs, expected] of cases) {
    for (const [d, [text, params]] of Object.entries(expected)) {
      it(`${name} on ${d}`, () => expect(sql(qs, dialects[d]!)).toEqual({ sql: text, params }));
    }
  }
});

/** The WHERE clause (and what follows) of a query, per dialect: the rest is covered above. */
function where(qs: QuerySet<any, any>, d: string): [string, unknown[]] {
  const out = sql(qs, dialects[d]!);
  const i = out.sql.indexOf(' WHERE ');
  const j = out.sql.indexOf(' ORDER BY ');
  return [out.sql.slice(i >= 0 ? i + 1 : j >= 0 ? j + 1 : out.sql.length), out.params];
}

describe('golden SQL: every lookup on every dialect', () => {
  const table: [string, QuerySet<any, any>, [string, unknown[]], [string, unknown[]], [string, unknown[]]][] = [
    ['iexact', Author.filter({ name__iexact: 'ann' }),
      ['WHERE LOWER("t0"."name") = LOWER($1)', ['ann']], ['WHERE LOWER(`t0`.`name`) = LOWER(?)', ['ann']], ['WHERE LOWER("t0"."name") = LOWER(?)', ['ann']]],
    ['contains (escaped)', Author.filter({ name__contains: '50%_a\\b' }),
      ['WHERE "t0"."name" LIKE $1', ['%50\\%\\_a\\\\b%']], ['WHERE `t0`.`name` LIKE ?', ['%50\\%\\_a\\\\b%']], ['WHERE "t0"."name" GLOB ?', ['*50%_a\\b*']]],
    ['icontains', Author.filter({ name__icontains: 'An' }),
      ['WHERE "t0"."name" ILIKE $1', ['%An%']], ['WHERE LOWER(`t0`.`name`) LIKE LOWER(?)', ['%An%']], ['WHERE "t0"."name" LIKE ? ESCAPE \'\\\'', ['%An%']]],
    ['startswith (glob escaped)', Author.filter({ name__startswith: 'a*[?' }),
      ['WHERE "t0"."name" LIKE $1', ['a*[?%']], ['WHERE `t0`.`name` LIKE ?', ['a*[?%']], ['WHERE "t0"."name" GLOB ?', ['a[*][[][?]*']]],
    ['istartswith', Author.filter({ name__istartswith: 'a' }),
      ['WHERE "t0"."name" ILIKE $1', ['a%']], ['WHERE LOWER(`t0`.`name`) LIKE LOWER(?)', ['a%']], ['WHERE "t0"."name" LIKE ? ESCAPE \'\\\'', ['a%']]],
    ['endswith', Author.filter({ email__endswith: '@x.io' }),
      ['WHERE "t0"."email" LIKE $1', ['%@x.io']], ['WHERE `t0`.`email` LIKE ?', ['%@x.io']], ['WHERE "t0"."email" GLOB ?', ['*@x.io']]],
    ['iendswith', Author.filter({ email__iendswith: '@X.IO' }),
      ['WHERE "t0"."email" ILIKE $1', ['%@X.IO']], ['WHERE LOWER(`t0`.`email`) LIKE LOWER(?)', ['%@X.IO']], ['WHERE "t0"."email" LIKE ? ESCAPE \'\\\'', ['%@X.IO']]],
    ['in', Author.filter({ id__in: [1, 2, 3] }),
      ['WHERE "t0"."id" IN ($1, $2, $3)', [1, 2, 3]], ['WHERE `t0`.`id` IN (?, ?, ?)', [1, 2, 3]], ['WHERE "t0"."id" IN (?, ?, ?)', [1, 2, 3]]],
    ['in [] → FALSE', Author.filter({ id__in: [] }), ['WHERE FALSE', []], ['WHERE FALSE', []], ['WHERE FALSE', []]],
    ['gt/gte/lt/lte', Author.filter({ age__gt: 1, age__gte: 2, age__lt: 9, age__lte: 8 }),
      ['WHERE "t0"."age" > $1 AND "t0"."age" >= $2 AND "t0"."age" < $3 AND "t0"."age" <= $4', [1, 2, 9, 8]],
      ['WHERE `t0`.`age` > ? AND `t0`.`age` >= ? AND `t0`.`age` < ? AND `t0`.`age` <= ?', [1, 2, 9, 8]],
      ['WHERE "t0"."age" > ? AND "t0"."age" >= ? AND "t0"."age" < ? AND "t0"."age" <= ?', [1, 2, 9, 8]]],
    ['range', Author.filter({ age__range: [18, 65] }),
      ['WHERE "t0"."age" BETWEEN $1 AND $2', [18, 65]], ['WHERE `t0`.`age` BETWEEN ? AND ?', [18, 65]], ['WHERE "t0"."age" BETWEEN ? AND ?', [18, 65]]],
    ['isnull', Author.filter({ age__isnull: false }),
      ['WHERE "t0"."age" IS NOT NULL', []], ['WHERE `t0`.`age` IS NOT NULL', []], ['WHERE "t0"."age" IS NOT NULL', []]],
    ['boolean per dialect', Author.filter({ isActive: true }),
      ['WHERE "t0"."is_active" = $1', [true]], ['WHERE `t0`.`is_active` = ?', [1]], ['WHERE "t0"."is_active" = ?', [1]]],
    ['Q or / not', Author.filter(Q.of({ age__gte: 18 }).or({ name: 'kid' }).and(Q.not({ email__endswith: '.spam' }))),
      ['WHERE ("t0"."age" >= $1 OR "t0"."name" = $2) AND NOT ("t0"."email" LIKE $3)', [18, 'kid', '%.spam']],
      ['WHERE (`t0`.`age` >= ? OR `t0`.`name` = ?) AND NOT (`t0`.`email` LIKE ?)', [18, 'kid', '%.spam']],
      ['WHERE ("t0"."age" >= ? OR "t0"."name" = ?) AND NOT ("t0"."email" GLOB ?)', [18, 'kid', '*.spam']]],
    ['exclude', Author.exclude({ name: 'x', age: 3 }),
      ['WHERE NOT ("t0"."name" = $1 AND "t0"."age" = $2)', ['x', 3]], ['WHERE NOT (`t0`.`name` = ? AND `t0`.`age` = ?)', ['x', 3]], ['WHERE NOT ("t0"."name" = ? AND "t0"."age" = ?)', ['x', 3]]],
    ['F in a filter', Post.filter({ views__gt: F('id').mul(2) }),
      ['WHERE "t0"."views" > ("t0"."id" * $1)', [2]], ['WHERE `t0`.`views` > (`t0`.`id` * ?)', [2]], ['WHERE "t0"."views" > ("t0"."id" * CAST(? AS INTEGER))', [2]]],
    ['F division: integers truncate, other numbers are doubles', Post.filter({ views__gt: F('id').div(F('views')).add(1.5) }),
      ['WHERE "t0"."views" > (("t0"."id" / "t0"."views") + CAST($1 AS double precision))', [1.5]],
      ['WHERE `t0`.`views` > ((`t0`.`id` DIV `t0`.`views`) + ?)', [1.5]],
      ['WHERE "t0"."views" > (("t0"."id" / "t0"."views") + ?)', [1.5]]],
    ['orderBy, limit, offset', Author.all().orderBy('-createdAt', 'name').limit(10).offset(20),
      ['ORDER BY "t0"."created_at" DESC, "t0"."name" ASC LIMIT 10 OFFSET 20', []], ['ORDER BY `t0`.`created_at` DESC, `t0`.`name` ASC LIMIT 10 OFFSET 20', []], ['ORDER BY "t0"."created_at" DESC, "t0"."name" ASC LIMIT 10 OFFSET 20', []]],
  ];
  for (const [name, qs, pg, my, lite] of table) {
    it(`${name}`, () => {
      expect(where(qs, 'postgres')).toEqual(pg);
      expect(where(qs, 'mysql')).toEqual(my);
      expect(where(qs, 'sqlite')).toEqual(lite);
    });
  }

  it('offset without limit', () => {
    expect(sql(Author.all().offset(5), dialects.mysql!).sql).toMatch(/LIMIT 18446744073709551615 OFFSET 5$/);
    expect(sql(Author.all().offset(5), dialects.sqlite!).sql).toMatch(/LIMIT -1 OFFSET 5$/);
    expect(sql(Author.all().offset(5), dialects.postgres!).sql).toMatch(/ OFFSET 5$/);
  });
});

describe('golden SQL: relations and aggregates', () => {
  it('filters across a relation join once and quote every identifier', () => {
    const out = sql(Post.filter({ author__name__icontains: 'a', author__isActive: true }).selectRelated('author'), dialects.postgres!);
    expect(out.sql).toContain('FROM "g_post" AS "t0" INNER JOIN "g_author" AS "t1" ON "t1"."id" = "t0"."author_id"');
    expect(out.sql.match(/JOIN/g)).toHaveLength(1);
    expect(out.sql).toContain('WHERE "t1"."name" ILIKE $1 AND "t1"."is_active" = $2');
    expect(out.params).toEqual(['%a%', true]);
  });

  it('author__id needs no join', () => {
    const out = sql(Post.filter({ author__id: 7 }), dialects.sqlite!);
    expect(out.sql).not.toContain('JOIN');
    expect(out.sql).toContain('WHERE "t0"."author_id" = ?');
  });

  it('reverse relations filter through EXISTS', () => {
    const out = sql(Author.filter({ posts__views__gte: 100 }), dialects.postgres!);
    expect(out.sql).toContain('WHERE EXISTS (SELECT 1 AS "one" FROM "g_post" AS "ts1_0" WHERE "ts1_0"."author_id" = "t0"."id" AND "ts1_0"."views" >= $1)');
  });

  describe('multi-valued relations: Django\'s rule', () => {
    const EXISTS = (q: string, n: number, cond: string) =>
      `EXISTS (SELECT 1 AS ${q}one${q} FROM ${q}g_post${q} AS ${q}ts${n}_0${q} WHERE ${q}ts${n}_0${q}.${q}author_id${q} = ${q}t0${q}.${q}id${q} AND ${cond})`;
    const cases: [string, QuerySet<any, any>, (q: string, p: (i: number) => string) => string][] = [
      // One filter() object: the same post must have both.
      ['one filter() call: one row satisfies every condition', Author.filter({ posts__views__gte: 100, posts__title__startswith: 'SQL' }),
        (q, p) => `WHERE ${EXISTS(q, 1, `${q}ts1_0${q}.${q}views${q} >= ${p(1)} AND ${q}ts1_0${q}.${q}title${q} ${q === '`' ? 'LIKE' : '%LIKE%'} ${p(2)}`)}`],
      // Chained filter() calls: each condition may be met by a different post.
      ['chained filter() calls: each its own row', Author.filter({ posts__views__gte: 100 }).filter({ posts__title__startswith: 'SQL' }),
        (q, p) => `WHERE ${EXISTS(q, 1, `${q}ts1_0${q}.${q}views${q} >= ${p(1)}`)} AND ${EXISTS(q, 2, `${q}ts2_0${q}.${q}title${q} ${q === '`' ? 'LIKE' : '%LIKE%'} ${p(2)}`)}`],
      // exclude(): a sub-select per condition (Django's exclude does not tie them to one row), never an inverted join.
      ['exclude(): NOT over sub-selects, no join', Author.exclude({ posts__views__gte: 100, posts__title__startswith: 'SQL' }),
        (q, p) => `WHERE NOT (${EXISTS(q, 1, `${q}ts1_0${q}.${q}views${q} >= ${p(1)}`)} AND ${EXISTS(q, 2, `${q}ts2_0${q}.${q}title${q} ${q === '`' ? 'LIKE' : '%LIKE%'} ${p(2)}`)})`],
      // Own-field conditions stay beside the sub-select, in the order given.
      ['own fields beside the shared sub-select', Author.filter({ name: 'Ann', posts__views__gte: 100, age__gt: 3, posts__views__lt: 500 }),
        (q, p) => `WHERE ${q}t0${q}.${q}name${q} = ${p(1)} AND ${EXISTS(q, 1, `${q}ts1_0${q}.${q}views${q} >= ${p(2)} AND ${q}ts1_0${q}.${q}views${q} < ${p(3)}`)} AND ${q}t0${q}.${q}age${q} > ${p(4)}`],
    ];
    // No join: a multi-valued relation never multiplies the rows, so no DISTINCT is needed.
    whereCasesOnEveryDialect(cases, /JOIN|DISTINCT/);
  });

  it('values + annotate groups by the values', () => {
    const out = sql(Post.all().values('authorId').annotate({ n: Count('id'), avgViews: Avg('views') }).orderBy('authorId'), dialects.mysql!);
    expect(out.sql).toBe('SELECT `t0`.`author_id` AS `c0`, COUNT(`t0`.`id`) AS `c1`, AVG(`t0`.`views`) AS `c2` FROM `g_post` AS `t0` GROUP BY `t0`.`author_id` ORDER BY `t0`.`author_id` ASC');
  });

  it('identifiers with quote characters are escaped, never closed early', () => {
    expect(dialects.postgres!.quoteIdent('a"b')).toBe('"a""b"');
    expect(dialects.mysql!.quoteIdent('a`b')).toBe('`a``b`');
  });
});

describe('golden SQL: many-to-many filters', () => {
  // One EXISTS over the join table per filter() object, joined to the other side only when a condition
  // needs its columns; `tags__id` reads the join table's own key.
  const cases: [string, QuerySet<any, any>, (q: string, p: (i: number) => string) => string][] = [
    ['forward, one filter() object: one join row', Article.filter({ tags__name: 'orm', tags__id__gt: 3 }),
      (q, p) => `WHERE EXISTS (SELECT 1 AS ${q}one${q} FROM ${q}g_article_tags${q} AS ${q}ts1_0${q} INNER JOIN ${q}g_tag${q} AS ${q}ts1_1${q} ON ${q}ts1_1${q}.${q}id${q} = ${q}ts1_0${q}.${q}tag_id${q} WHERE ${q}ts1_0${q}.${q}article_id${q} = ${q}t0${q}.${q}id${q} AND ${q}ts1_1${q}.${q}name${q} = ${p(1)} AND ${q}ts1_0${q}.${q}tag_id${q} > ${p(2)})`],
    ['reverse exclude(): NOT EXISTS', Tag.exclude({ articles__title__contains: 'x' }),
      (q, p) => `WHERE NOT (EXISTS (SELECT 1 AS ${q}one${q} FROM ${q}g_article_tags${q} AS ${q}ts1_0${q} INNER JOIN ${q}g_article${q} AS ${q}ts1_1${q} ON ${q}ts1_1${q}.${q}id${q} = ${q}ts1_0${q}.${q}article_id${q} WHERE ${q}ts1_0${q}.${q}tag_id${q} = ${q}t0${q}.${q}id${q} AND ${q}ts1_1${q}.${q}title${q} %LIKE% ${p(1)}))`],
    ['an id: no join', Article.filter({ tags: 5 }),
      (q, p) => `WHERE EXISTS (SELECT 1 AS ${q}one${q} FROM ${q}g_article_tags${q} AS ${q}ts1_0${q} WHERE ${q}ts1_0${q}.${q}article_id${q} = ${q}t0${q}.${q}id${q} AND ${q}ts1_0${q}.${q}tag_id${q} = ${p(1)})`],
  ];
  whereCasesOnEveryDialect(cases, /DISTINCT/);
});

/**
 * One test per case and dialect: the WHERE clause as `expected` spells it with the dialect's quote and
 * placeholders (`%LIKE%` is LIKE, or GLOB on SQLite), and nothing in the SQL matching `absent`.
 */
function whereCasesOnEveryDialect(cases: readonly [string, QuerySet<any, any>, (q: string, p: (i: number) => string) => string][], absent: RegExp): void {
  const like = { postgres: 'LIKE', mysql: 'LIKE', sqlite: 'GLOB' } as const;
  for (const [name, qs, expected] of cases) {
    for (const d of ['postgres', 'mysql', 'sqlite'] as const) {
      it(`${name} on ${d}`, () => {
        const q = d === 'mysql' ? '`' : '"';
        const text = expected(q, (i) => (d === 'postgres' ? `$${i}` : '?')).replace('%LIKE%', like[d]);
        expect(where(qs, d)[0]).toBe(text);
        expect(sql(qs, dialects[d]!).sql).not.toMatch(absent);
      });
    }
  }
}
