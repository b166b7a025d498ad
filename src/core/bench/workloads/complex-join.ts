/** complex_join: posts joined to their authors, filtered on both tables, ordered, limit 20. */
import { userRow } from '../dataset/dataset.js';
import { driverNumber, postMismatch, userMismatch, type PostFields, type Reading, type UserFields } from '../dataset/row-mismatch.js';
import type { PeerPostWithAuthor } from '../peers/peer-queries.js';
import type { Operation } from '../run-chunk.js';
import { cell, columnsFor, modelColumns, pick } from './row-columns.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, expectCount, replay, rowsOf } from './workload.js';

const LIMIT = 20;
const MIN_VIEWS = 10;

type JoinedPost = PostFields & { readonly author?: UserFields };

export const complexJoin: Workload = {
  name: 'complex_join',
  description: "Post.filter({ author__isActive: true, views__gte: 10 }).selectRelated('author').orderBy('-views').limit(20)",
  async prepare(ctx) {
    const { Post, User } = ctx.models;
    const query = (db: string) => Post.using(db).filter({ author__isActive: true, views__gte: MIN_VIEWS }).selectRelated('author').orderBy('-views').limit(LIMIT);
    const [stmt] = await captureExactly(ctx, this.name, 1, (db) => query(db.name).fetch());
    const sample = rowsOf(await replay(ctx.raw, stmt!))[0];
    const top = ctx.facts.maxViewsOfActiveAuthors;
    /**
     * Posts tied on views may come in any order, so the sampled one is checked against the dataset
     * row of its own id, its author against the row of its author id, and both against the filter.
     */
    const check = (count: number, viewsAt: (k: number) => number, post: (k: number) => PostFields, author: (k: number) => UserFields | undefined, seq: number, reading: Reading) => {
      if (count !== LIMIT) return expectCount('posts', count, LIMIT);
      if (viewsAt(0) !== top) return `expected the top post to have ${top} views, got ${viewsAt(0)}`;
      const k = seq % LIMIT;
      const p = post(k);
      const id = reading === 'typed' ? (p.id as number) : driverNumber(p.id);
      const authorId = reading === 'typed' ? (p.authorId as number) : driverNumber(p.authorId);
      const problem = postMismatch(p, id, ctx.facts, reading);
      if (problem !== undefined) return problem;
      const a = author(k);
      if (a === undefined) return `post ${id} lacks its author`;
      const authorProblem = userMismatch(a, authorId, ctx.facts, reading);
      if (authorProblem !== undefined) return authorProblem;
      if (!userRow(authorId).isActive || viewsAt(k) < MIN_VIEWS || (k > 0 && viewsAt(k) > viewsAt(k - 1))) return `post ${id} is out of order or filter`;
      return undefined;
    };
    const rawOp = (form: RowForm): Operation<readonly unknown[]> => {
      const postColumns = columnsFor(form, modelColumns(Post), sample);
      const authorColumns = columnsFor(form, modelColumns(User, Post.meta.fields.length), sample);
      return {
        run: () => replay(ctx.raw, stmt!, stmt!.params, form) as Promise<readonly unknown[]>,
        verify: (rows, seq) =>
          check(
            rows.length,
            (k) => driverNumber(cell(rows[k], postColumns, 'views')),
            (k) => pick<PostFields>(rows[k], postColumns),
            (k) => pick<UserFields>(rows[k], authorColumns),
            seq,
            'driver',
          ),
      };
    };
    return {
      rowsPerOp: LIMIT,
      orm: (db) => {
        const name = db.name;
        return {
          run: () => query(name).fetch(),
          verify: (posts: JoinedPost[], seq) =>
            check(
              posts.length,
              (k) => posts[k]!.views as number,
              (k) => posts[k]!,
              (k) => posts[k]!.author,
              seq,
              'typed',
            ),
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ topPostsOfActiveAuthors }) =>
        topPostsOfActiveAuthors && {
          run: () => topPostsOfActiveAuthors(MIN_VIEWS, LIMIT),
          verify: (posts: readonly PeerPostWithAuthor[], seq) =>
            check(
              posts.length,
              (k) => driverNumber(posts[k]!.views),
              (k) => posts[k]!,
              (k) => posts[k]!.author ?? undefined,
              seq,
              'driver',
            ),
        },
    };
  },
};
