/**
 * only() and defer() across selectRelated: `only('title', 'author__name')` loads the post's title, its
 * author's name and the keys that link them, in one query, on every database and executor; a path that
 * is not selected, or a field that does not exist, is one clear error.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/index.js';
import { blogModels } from '../support/blog-models.js';
import { recordQueries, testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, Comment, all } = blogModels('oar');

describe.each(testTargets())('only/defer across relations on $label', (target) => {
  useDatabase(target, all);
  const queries = recordQueries();

  it('seeds', async () => {
    const ann = await Author.create({ name: 'ann', email: 'ann@x', age: 41 });
    const post = await Post.create({ author: ann, title: 'Hello', body: 'long body', views: 7 });
    await Comment.create({ post, text: 'hi', editor: ann });
  });

  it("only('title', 'author__name') loads just those, the keys and the primary keys, in one query", async () => {
    queries.clear();
    const [post] = await Post.all().selectRelated('author').only('title', 'author__name');
    expect(queries.list).toHaveLength(1);
    const columns = queries.list[0]!.sql.slice(0, queries.list[0]!.sql.indexOf(' FROM '));
    expect(columns.match(/\bAS\b/g)).toHaveLength(5); // post id, author_id, title; author id, name
    const p = post as unknown as Record<string, unknown>;
    expect([p.title, p.authorId, (p.author as Record<string, unknown>).name, (p.author as Record<string, unknown>).id]).toEqual(['Hello', expect.any(Number), 'ann', p.authorId]);
    expect(p.body).toBeUndefined();
    expect((p.author as Record<string, unknown>).email).toBeUndefined();
  });

  it('only() naming no field of a selected relation loads all of it; defer() drops fields there', async () => {
    const [post] = await Post.all().selectRelated('author').only('title');
    expect((post as unknown as { author: Record<string, unknown> }).author.email).toBe('ann@x');
    const [deferred] = await Post.all().selectRelated('author').defer('body', 'author__email', 'author__age');
    const d = deferred as unknown as Record<string, unknown> & { author: Record<string, unknown> };
    expect([d.title, d.body, d.author.name, d.author.email, d.author.age]).toEqual(['Hello', undefined, 'ann', undefined, undefined]);
  });

  it('reaches two levels down, keeping the key it goes through', async () => {
    const [comment] = await Comment.all().selectRelated('post__author').only('text', 'post__title', 'post__author__name');
    const c = comment as unknown as { text: string; post: { title: string; authorId: number; body?: string; author: { name: string; email?: string } } };
    expect([c.text, c.post.title, c.post.author.name, c.post.body, c.post.author.email]).toEqual(['hi', 'Hello', 'ann', undefined, undefined]);
    expect(c.post.authorId).toEqual(expect.any(Number));
  });

  it('a related path not selected, or an unknown field, is one clear error', async () => {
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const notSelected = error(() => Post.all().only('title', 'author__name').toSQL());
    expect(notSelected).toBeInstanceOf(UsageError);
    expect((notSelected as Error).message).toBe('only("author__name"): author is not loaded with the rows; add selectRelated("author") to load it in the same query');
    expect((error(() => Post.all().selectRelated('author').only('author__nmae').toSQL()) as Error).message).toBe(
      'only("author__nmae"): Author has no field "nmae"; fields: id, name, email, age, isActive, createdAt',
    );
    expect((error(() => Post.all().selectRelated('author').defer('author__x').toSQL()) as Error).message).toMatch(/^defer\("author__x"\): Author has no field "x"/);
  });
});
