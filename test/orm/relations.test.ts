/** selectRelated joins; prefetchRelated loads a relation with one more query however many rows: no N+1. */
import { beforeAll, describe, expect, it } from 'vitest';
import { blogModels } from '../support/blog-models.js';
import { recordQueries, testTargets, useDatabase } from '../support/orm.js';

const { Author, Post, Comment, all } = blogModels('rel');

describe.each(testTargets())('relations on $label', (target) => {
  useDatabase(target, all);
  const queries = recordQueries();

  beforeAll(async () => {
    const authors = await Author.bulkCreate(Array.from({ length: 10 }, (_, i) => ({ name: `author ${i}`, email: `a${i}@x.test`, age: 20 + i })));
    expect(authors.every((a) => typeof a.id === 'number')).toBe(true);
    const posts = await Post.bulkCreate(Array.from({ length: 100 }, (_, i) => ({ authorId: authors[i % 10]!.id, title: `post ${i}`, views: i })));
    await Comment.bulkCreate(posts.slice(0, 20).map((p, i) => ({ postId: p.id, text: `c${i}`, editorId: i % 2 ? authors[0]!.id : null })));
  });

  it('prefetchRelated of 100 posts with their authors issues exactly 2 queries', async () => {
    const posts = await Post.all().prefetchRelated('author').orderBy('id');
    expect(posts).toHaveLength(100);
    expect(posts.every((p) => p.author && p.author.id === p.authorId)).toBe(true);
    expect(posts[13]!.author!.name).toBe('author 3');
    expect(queries.list.filter((e) => !e.cached)).toHaveLength(2);
  });

  it('reverse prefetch: authors with their posts, and nested comments, one query per level', async () => {
    const authors = await Author.all().prefetchRelated('posts', 'posts__comments').orderBy('id');
    expect(queries.list).toHaveLength(3);
    const first = authors[0] as unknown as { posts: { title: string; comments: unknown[] }[] };
    expect(first.posts).toHaveLength(10);
    expect(first.posts.map((p) => p.title)).toContain('post 10');
    expect(first.posts.find((p) => p.title === 'post 0')!.comments).toHaveLength(1);
  });

  it('selectRelated joins in the same query, nullable keys with LEFT JOIN', async () => {
    const posts = await Post.filter({ views__lt: 3 }).selectRelated('author').orderBy('views');
    expect(queries.list).toHaveLength(1);
    expect(posts.map((p) => p.author!.name)).toEqual(['author 0', 'author 1', 'author 2']);
    const comments = await Comment.all().selectRelated('editor', 'post__author').orderBy('id').limit(4);
    expect(queries.list).toHaveLength(2);
    expect(comments.map((c) => c.editor?.name ?? null)).toEqual([null, 'author 0', null, 'author 0']);
    expect(comments[1]!.post!.author!.name).toBe('author 1');
  });

  it('deleting a parent cascades, SET NULL clears', async () => {
    const victim = await Author.get({ name: 'author 9' });
    expect(await victim.delete()).toBe(1);
    expect(await Post.filter({ authorId: victim.id }).count()).toBe(0);
    const editor = await Author.get({ name: 'author 0' });
    await editor.delete();
    expect(await Comment.all().count()).toBe(16);
    expect(await Comment.filter({ editor__isnull: false }).count()).toBe(0);
  });
});
