/** prefetch_related: 50 posts, then their authors in one IN (…) query, joined up in memory. */
import { OxenError } from '../../ground/errors.js';
import type { SqlValue } from '../../ground/values.js';
import { driverNumber, postMismatch, userMismatch, type PostFields, type UserFields } from '../dataset/row-mismatch.js';
import type { PeerPostWithAuthor } from '../peers/peer-queries.js';
import type { Operation } from '../run-chunk.js';
import { cell, columnsFor, modelColumns, pick } from './row-columns.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, expectCount, replay, rowsOf, sampled } from './workload.js';

const POSTS = 50;

type PrefetchedPost = PostFields & { readonly author?: UserFields };

export const prefetchRelated: Workload = {
  name: 'prefetch_related',
  description: `Post.all().orderBy('id').prefetchRelated('author').limit(${POSTS})`,
  async prepare(ctx) {
    const { Post, User } = ctx.models;
    // `using()` starts a query set of all rows, as `all()` does.
    const query = (db: string) => Post.using(db).orderBy('id').prefetchRelated('author').limit(POSTS);
    const [posts, authors] = await captureExactly(ctx, this.name, 2, (db) => query(db.name).fetch());
    const wanted = new Set(authors!.params);
    const postSample = rowsOf(await replay(ctx.raw, posts!));
    const userSample = rowsOf(await replay(ctx.raw, authors!))[0];
    // The raw variants build the IN (…) list from the posts' author column: it must hold what the ORM put there.
    const authorKey = columnsFor('object', modelColumns(Post), postSample[0]).authorId!;
    const sampleIds = new Set(postSample.map((r) => r[authorKey] as SqlValue));
    if (sampleIds.size !== wanted.size || ![...sampleIds].every((v) => wanted.has(v))) {
      throw new OxenError('INTERNAL', `${this.name}: the posts' author column does not hold the author ids the ORM prefetched`);
    }
    // Posts come ordered by id from 1, so post k must be post k + 1; authors come in no set order.
    const rawOp = (form: RowForm): Operation<[readonly unknown[], readonly unknown[]]> => {
      const postColumns = columnsFor(form, modelColumns(Post), postSample[0]);
      const userColumns = columnsFor(form, modelColumns(User), userSample);
      return {
        run: async (): Promise<[readonly unknown[], readonly unknown[]]> => {
          const rows = (await replay(ctx.raw, posts!, posts!.params, form)) as readonly unknown[];
          const ids = [...new Set(rows.map((r) => cell(r, postColumns, 'authorId') as SqlValue))];
          return [rows, (await replay(ctx.raw, authors!, ids, form)) as readonly unknown[]];
        },
        verify: ([rows, found], seq) => {
          if (rows.length !== POSTS) return expectCount('posts', rows.length, POSTS);
          if (found.length !== wanted.size) return expectCount('authors', found.length, wanted.size);
          const k = seq % POSTS;
          const problem = postMismatch(pick<PostFields>(rows[k], postColumns), k + 1, ctx.facts, 'driver');
          if (problem !== undefined) return problem;
          const author = pick<UserFields>(sampled(found, seq), userColumns);
          const id = driverNumber(author.id);
          return wanted.has(id) ? userMismatch(author, id, ctx.facts, 'driver') : `author ${String(author.id)} was not asked for`;
        },
      };
    };
    return {
      rowsPerOp: POSTS,
      orm: (db) => {
        const name = db.name;
        return {
          run: () => query(name).fetch(),
          verify: (list: PrefetchedPost[], seq) => {
            if (list.length !== POSTS) return expectCount('posts', list.length, POSTS);
            const k = seq % POSTS;
            const post = list[k]!;
            const problem = postMismatch(post, k + 1, ctx.facts, 'typed');
            if (problem !== undefined) return problem;
            return post.author === undefined ? `post ${k + 1} came back without its author` : userMismatch(post.author, post.authorId as number, ctx.facts, 'typed');
          },
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ postsWithAuthors }) =>
        postsWithAuthors && {
          run: () => postsWithAuthors(POSTS),
          verify: (list: readonly PeerPostWithAuthor[], seq) => {
            if (list.length !== POSTS) return expectCount('posts', list.length, POSTS);
            const k = seq % POSTS;
            const post = list[k]!;
            const problem = postMismatch(post, k + 1, ctx.facts, 'driver');
            if (problem !== undefined) return problem;
            return post.author ? userMismatch(post.author, driverNumber(post.authorId), ctx.facts, 'driver') : `post ${k + 1} came back without its author`;
          },
        },
    };
  },
};
