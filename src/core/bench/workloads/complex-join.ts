/** complex_join: posts joined to their authors, filtered on both tables, ordered, limit 20. */
import type { Workload } from './workload.js';
import { captureExactly, expectCount, replay } from './workload.js';

interface JoinedPost {
  views: number;
  authorId: number;
  author?: { id: number; isActive: boolean };
}

export const complexJoin: Workload = {
  name: 'complex_join',
  description: "Post.filter({ author__isActive: true, views__gte: 10 }).selectRelated('author').orderBy('-views').limit(20)",
  async prepare(ctx) {
    const { Post } = ctx.models;
    const query = () => Post.filter({ author__isActive: true, views__gte: 10 }).selectRelated('author').orderBy('-views').limit(20);
    const [stmt] = await captureExactly(ctx, this.name, 1, () => query().fetch());
    const top = ctx.facts.maxViewsOfActiveAuthors;
    return {
      rowsPerOp: 20,
      orm: {
        run: () => query().fetch(),
        verify: (posts: JoinedPost[]) => {
          if (posts.length !== 20) return expectCount('posts', posts.length, 20);
          if (posts[0]!.views !== top) return `expected the top post to have ${top} views, got ${posts[0]!.views}`;
          for (let i = 0; i < posts.length; i++) {
            const p = posts[i]!;
            if (!p.author || p.author.id !== p.authorId || p.author.isActive !== true) return `post ${i} lacks its active author`;
            if (p.views < 10 || (i > 0 && p.views > posts[i - 1]!.views)) return `post ${i} is out of order or filter`;
          }
          return undefined;
        },
      },
      raw: {
        run: () => replay(ctx.raw, stmt!),
        verify: (rows: unknown[]) => expectCount('rows', rows.length, 20),
      },
    };
  },
};
