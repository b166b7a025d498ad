/** count_exists: a COUNT(*) and an EXISTS probe by unique email, one after the other. */
import { userRow } from '../dataset/dataset.js';
import type { Workload } from './workload.js';
import { captureExactly, onlyPosition, replay, rowsOf } from './workload.js';

export const countExists: Workload = {
  name: 'count_exists',
  description: "User.filter({ isActive: true }).count() then User.filter({ email }).exists()",
  async prepare(ctx) {
    const { User } = ctx.models;
    const emailFor = (seq: number): string => userRow(1 + ((seq * 6007) % ctx.facts.users)).email;
    const run = async (seq: number): Promise<[number, boolean]> => [await User.filter({ isActive: true }).count(), await User.filter({ email: emailFor(seq) }).exists()];
    const [count, exists] = await captureExactly(ctx, this.name, 2, () => run(1));
    const pos = onlyPosition(this.name, exists!.params, emailFor(1));
    const active = ctx.facts.activeUsers;
    return {
      rowsPerOp: null,
      orm: {
        run,
        verify: ([n, found]: [number, boolean]) => (n === active && found ? undefined : `expected ${active} and true, got ${n} and ${String(found)}`),
      },
      raw: {
        run: async (seq) => {
          const params = exists!.params.slice();
          params[pos] = emailFor(seq);
          return [rowsOf(await replay(ctx.raw, count!)), rowsOf(await replay(ctx.raw, exists!, params))];
        },
        verify: ([n, found]: Record<string, unknown>[][]) => {
          const value = Number(Object.values(n![0] ?? {})[0]);
          return value === active && found!.length === 1 ? undefined : `expected ${active} and one row, got ${value} and ${found!.length} rows`;
        },
      },
    };
  },
};
