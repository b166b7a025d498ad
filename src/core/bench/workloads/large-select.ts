/** large_select: 10,000 users (fewer below scale 1) hydrated into instances. */
import { driverNumber, userMismatch, type UserFields } from '../dataset/row-mismatch.js';
import type { PeerUser } from '../peers/peer-queries.js';
import type { Operation } from '../run-chunk.js';
import { cell, columnsFor, modelColumns, pick } from './row-columns.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, expectCount, replay, rowsOf } from './workload.js';

export const largeSelect: Workload = {
  name: 'large_select',
  description: "User.all().orderBy('id').limit(10000)",
  async prepare(ctx) {
    const { User } = ctx.models;
    const n = ctx.facts.largeSelectRows;
    // `using()` starts a query set of all rows, as `all()` does.
    const query = (db: string) => User.using(db).orderBy('id').limit(n);
    const [stmt] = await captureExactly(ctx, this.name, 1, (db) => query(db.name).fetch());
    const sample = rowsOf(await replay(ctx.raw, stmt!))[0];
    // Rows come ordered by id from 1, so row k must be user k + 1; the last one proves none is missing.
    const rawOp = (form: RowForm): Operation<readonly unknown[]> => {
      const columns = columnsFor(form, modelColumns(User), sample);
      return {
        run: () => replay(ctx.raw, stmt!, stmt!.params, form) as Promise<readonly unknown[]>,
        verify: (rows, seq) => {
          if (rows.length !== n) return expectCount('rows', rows.length, n);
          if (Number(cell(rows[n - 1], columns, 'id')) !== n) return 'rows out of order';
          const k = seq % n;
          return userMismatch(pick<UserFields>(rows[k], columns), k + 1, ctx.facts, 'driver');
        },
      };
    };
    return {
      rowsPerOp: n,
      orm: (db) => {
        const name = db.name;
        return {
          run: () => query(name).fetch(),
          verify: (users: UserFields[], seq) => {
            if (users.length !== n) return expectCount('users', users.length, n);
            if (users[n - 1]!.id !== n) return 'rows out of order';
            const k = seq % n;
            return userMismatch(users[k]!, k + 1, ctx.facts, 'typed');
          },
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ usersById }) =>
        usersById && {
          run: () => usersById(n),
          verify: (users: readonly PeerUser[], seq) => {
            if (users.length !== n) return expectCount('users', users.length, n);
            if (driverNumber(users[n - 1]!.id) !== n) return 'rows out of order';
            const k = seq % n;
            return userMismatch(users[k]!, k + 1, ctx.facts, 'driver');
          },
        },
    };
  },
};
