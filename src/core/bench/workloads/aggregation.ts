/** aggregation: GROUP BY author with COUNT and AVG, over the posts of the first 50 users. */
import { Avg, Count } from '../../query/expressions.js';
import { AGGREGATION_AUTHORS } from '../dataset/dataset.js';
import { driverNumber, type Reading } from '../dataset/row-mismatch.js';
import type { Operation } from '../run-chunk.js';
import { columnsFor, pick } from './row-columns.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, expectCount, replay, rowsOf, sampled } from './workload.js';

/** MySQL returns AVG of integers rounded to 4 decimals. */
const AVG_TOLERANCE = 1e-3;

/** The SELECT lists the grouped column, then the annotations in the order given. */
const POSITIONS = { authorId: 0, n: 1, avgViews: 2 };

interface Group {
  readonly authorId: unknown;
  readonly n: unknown;
  readonly avgViews: unknown;
}

export const aggregation: Workload = {
  name: 'aggregation',
  description: `Post.filter({ authorId__lte: ${AGGREGATION_AUTHORS} }).values('authorId').annotate({ n: Count('id'), avgViews: Avg('views') })`,
  async prepare(ctx) {
    const { Post } = ctx.models;
    const query = (db: string) => Post.using(db).filter({ authorId__lte: AGGREGATION_AUTHORS }).values('authorId').annotate({ n: Count('id'), avgViews: Avg('views') });
    const [stmt] = await captureExactly(ctx, this.name, 1, (db) => query(db.name).fetch());
    const sample = rowsOf(await replay(ctx.raw, stmt!))[0];
    const { aggregationGroups, aggregationByAuthor } = ctx.facts;
    /** Groups come in no set order: the sampled one must be its author's, as the dataset computes it. */
    const check = (groups: readonly unknown[], read: (row: unknown) => Group, seq: number, reading: Reading): string | undefined => {
      if (groups.length !== aggregationGroups) return expectCount('groups', groups.length, aggregationGroups);
      const g = read(sampled(groups, seq));
      const num = reading === 'typed' ? (v: unknown) => (typeof v === 'number' ? v : NaN) : driverNumber;
      const authorId = num(g.authorId);
      const want = aggregationByAuthor.get(authorId);
      if (want === undefined) return `unexpected group for author ${String(g.authorId)}`;
      if (num(g.n) !== want.posts) return `author ${authorId}: expected ${want.posts} posts, got ${String(g.n)}`;
      if (!(Math.abs(num(g.avgViews) - want.avgViews) <= AVG_TOLERANCE)) return `author ${authorId}: expected avgViews ${want.avgViews}, got ${String(g.avgViews)}`;
      return undefined;
    };
    const rawOp = (form: RowForm): Operation<readonly unknown[]> => {
      const columns = columnsFor(form, POSITIONS, sample);
      return {
        run: () => replay(ctx.raw, stmt!, stmt!.params, form) as Promise<readonly unknown[]>,
        verify: (rows, seq) => check(rows, (row) => pick<Group>(row, columns), seq, 'driver'),
      };
    };
    return {
      rowsPerOp: aggregationGroups,
      orm: (db) => {
        const name = db.name;
        return {
          run: () => query(name).fetch(),
          verify: (groups: Group[], seq) => check(groups, (g) => g as Group, seq, 'typed'),
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ postStatsByAuthor }) =>
        postStatsByAuthor && {
          run: () => postStatsByAuthor(AGGREGATION_AUTHORS),
          verify: (groups: readonly Group[], seq) => check(groups, (g) => g as Group, seq, 'driver'),
        },
    };
  },
};
