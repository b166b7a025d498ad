/** aggregation: GROUP BY author with COUNT and AVG, over the posts of the first 50 users. */
import { Avg, Count } from '../../query/expressions.js';
import { AGGREGATION_AUTHORS } from '../dataset/dataset.js';
import type { Workload } from './workload.js';
import { captureExactly, expectCount, replay } from './workload.js';

export const aggregation: Workload = {
  name: 'aggregation',
  description: `Post.filter({ authorId__lte: ${AGGREGATION_AUTHORS} }).values('authorId').annotate({ n: Count('id'), avgViews: Avg('views') })`,
  async prepare(ctx) {
    const { Post } = ctx.models;
    const query = () => Post.filter({ authorId__lte: AGGREGATION_AUTHORS }).values('authorId').annotate({ n: Count('id'), avgViews: Avg('views') });
    const [stmt] = await captureExactly(ctx, this.name, 1, () => query().fetch());
    const { aggregationGroups, aggregationPosts } = ctx.facts;
    return {
      rowsPerOp: aggregationGroups,
      orm: {
        run: () => query().fetch(),
        verify: (groups: { n: unknown; avgViews: unknown }[]) => {
          if (groups.length !== aggregationGroups) return expectCount('groups', groups.length, aggregationGroups);
          let total = 0;
          for (const g of groups) {
            total += Number(g.n);
            if (!Number.isFinite(Number(g.avgViews))) return `avgViews is not a number: ${String(g.avgViews)}`;
          }
          return expectCount('posts in the groups', total, aggregationPosts);
        },
      },
      raw: {
        run: () => replay(ctx.raw, stmt!),
        verify: (rows: unknown[]) => expectCount('groups', rows.length, aggregationGroups),
      },
    };
  },
};
