/** large_select: 10,000 users (fewer below scale 1) hydrated into instances. */
import type { Workload } from './workload.js';
import { captureExactly, expectCount, firstKey, replay, rowsOf } from './workload.js';

export const largeSelect: Workload = {
  name: 'large_select',
  description: "User.all().orderBy('id').limit(10000)",
  async prepare(ctx) {
    const { User } = ctx.models;
    const n = ctx.facts.largeSelectRows;
    const query = () => User.all().orderBy('id').limit(n);
    const [stmt] = await captureExactly(ctx, this.name, 1, () => query().fetch());
    const key = firstKey(rowsOf(await replay(ctx.raw, stmt!)));
    return {
      rowsPerOp: n,
      orm: {
        run: () => query().fetch(),
        verify: (users: { id: number }[]) => (users.length === n && users[n - 1]!.id === n ? undefined : expectCount('users', users.length, n) ?? 'rows out of order'),
      },
      raw: {
        run: () => replay(ctx.raw, stmt!),
        verify: (rows: Record<string, unknown>[]) =>
          rows.length === n && Number(rows[n - 1]![key]) === n ? undefined : (expectCount('rows', rows.length, n) ?? 'rows out of order'),
      },
    };
  },
};
