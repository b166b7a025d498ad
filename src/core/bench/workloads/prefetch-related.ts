/** prefetch_related: 50 posts, then their authors in one IN (…) query, joined up in memory. */
import { OxenError } from '../../errors.js';
import type { SqlValue } from '../../executor/executor.js';
import type { Workload } from './workload.js';
import { captureExactly, expectCount, replay, rowsOf } from './workload.js';

const POSTS = 50;

export const prefetchRelated: Workload = {
  name: 'prefetch_related',
  description: `Post.all().orderBy('id').prefetchRelated('author').limit(${POSTS})`,
  async prepare(ctx) {
    const { Post } = ctx.models;
    const query = () => Post.all().orderBy('id').prefetchRelated('author').limit(POSTS);
    const [posts, authors] = await captureExactly(ctx, this.name, 2, () => query().fetch());
    // Find which column of the raw rows holds the author id: the one whose values the ORM put in IN (…).
    const wanted = new Set(authors!.params);
    const sample = rowsOf(await replay(ctx.raw, posts!));
    const key = Object.keys(sample[0] ?? {}).find((k) => {
      const values = new Set(sample.map((r) => r[k] as SqlValue));
      return values.size === wanted.size && [...values].every((v) => wanted.has(v));
    });
    if (key === undefined) throw new OxenError('INTERNAL', `${this.name}: cannot find the author ids the ORM prefetched`);
    return {
      rowsPerOp: POSTS,
      orm: {
        run: () => query().fetch(),
        verify: (list: { authorId: number; author?: { id: number } }[]) => {
          if (list.length !== POSTS) return expectCount('posts', list.length, POSTS);
          return list.every((p) => p.author?.id === p.authorId) ? undefined : 'a post came back without its author';
        },
      },
      raw: {
        run: async () => {
          const rows = rowsOf(await replay(ctx.raw, posts!));
          const ids = [...new Set(rows.map((r) => r[key] as SqlValue))];
          const users = rowsOf(await replay(ctx.raw, authors!, ids));
          return [rows, users];
        },
        verify: ([rows, users]: unknown[][]) => expectCount('posts', rows!.length, POSTS) ?? expectCount('authors', users!.length, wanted.size),
      },
    };
  },
};
