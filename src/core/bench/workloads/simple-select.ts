/** simple_select: one user by primary key, a different one each operation. */
import type { Workload } from './workload.js';
import { captureExactly, firstKey, onlyPosition, rowsOf } from './workload.js';

export const simpleSelect: Workload = {
  name: 'simple_select',
  description: 'User.get({ id }) — one row by primary key',
  async prepare(ctx) {
    const { User } = ctx.models;
    const idFor = (seq: number): number => 1 + ((seq * 7919) % ctx.facts.users);
    const probe = idFor(1);
    const [stmt] = await captureExactly(ctx, this.name, 1, () => User.get({ id: probe }));
    const pos = onlyPosition(this.name, stmt!.params, probe);
    const key = firstKey(rowsOf(await ctx.raw.query(stmt!.sql, stmt!.params)));
    return {
      rowsPerOp: 1,
      orm: {
        run: (seq) => User.get({ id: idFor(seq) }),
        verify: (user, seq) => (user.id === idFor(seq) ? undefined : `expected user ${idFor(seq)}, got ${String(user.id)}`),
      },
      raw: {
        run: (seq) => {
          const params = stmt!.params.slice();
          params[pos] = idFor(seq);
          return ctx.raw.query(stmt!.sql, params);
        },
        verify: (rows: Record<string, unknown>[], seq) =>
          rows.length === 1 && Number(rows[0]![key]) === idFor(seq) ? undefined : `expected user ${idFor(seq)}, got ${rows.length} rows`,
      },
    };
  },
};
