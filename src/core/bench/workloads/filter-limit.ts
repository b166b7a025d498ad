/** filter_limit: the ten newest active users, through the (isActive, createdAt) index. */
import type { Workload } from './workload.js';
import { captureExactly, firstKey, replay, rowsOf } from './workload.js';

export const filterLimit: Workload = {
  name: 'filter_limit',
  description: "User.filter({ isActive: true }).orderBy('-createdAt').limit(10)",
  async prepare(ctx) {
    const { User } = ctx.models;
    const query = () => User.filter({ isActive: true }).orderBy('-createdAt').limit(10);
    const [stmt] = await captureExactly(ctx, this.name, 1, () => query().fetch());
    const key = firstKey(rowsOf(await replay(ctx.raw, stmt!)));
    const want = ctx.facts.newestActiveIds.join(',');
    return {
      rowsPerOp: 10,
      orm: {
        run: () => query().fetch(),
        verify: (users: { id: number; isActive: boolean }[]) => {
          const got = users.map((u) => u.id).join(',');
          return got === want && users.every((u) => u.isActive === true) ? undefined : `expected users ${want}, got ${got}`;
        },
      },
      raw: {
        run: () => replay(ctx.raw, stmt!),
        verify: (rows: Record<string, unknown>[]) => {
          const got = rows.map((r) => Number(r[key])).join(',');
          return got === want ? undefined : `expected users ${want}, got ${got}`;
        },
      },
    };
  },
};
