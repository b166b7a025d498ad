/** filter_limit: the ten newest active users, through the (isActive, createdAt) index. */
import { driverNumber, userMismatch, type UserFields } from '../dataset/row-mismatch.js';
import type { PeerUser } from '../peers/peer-queries.js';
import type { Operation } from '../run-chunk.js';
import { cell, columnsFor, modelColumns, pick } from './row-columns.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, replay, rowsOf } from './workload.js';

export const filterLimit: Workload = {
  name: 'filter_limit',
  description: "User.filter({ isActive: true }).orderBy('-createdAt').limit(10)",
  async prepare(ctx) {
    const { User } = ctx.models;
    const query = (db: string) => User.using(db).filter({ isActive: true }).orderBy('-createdAt').limit(10);
    const [stmt] = await captureExactly(ctx, this.name, 1, (db) => query(db.name).fetch());
    const sample = rowsOf(await replay(ctx.raw, stmt!))[0];
    const want = ctx.facts.newestActiveIds;
    /** The ids in order, then every field of one of the users. */
    const check = (ids: readonly number[], fieldsAt: (k: number) => UserFields, seq: number, reading: 'typed' | 'driver'): string | undefined => {
      if (ids.length !== want.length || ids.some((id, k) => id !== want[k])) return `expected users ${want.join(',')}, got ${ids.join(',')}`;
      const k = seq % want.length;
      return userMismatch(fieldsAt(k), want[k]!, ctx.facts, reading);
    };
    const rawOp = (form: RowForm): Operation<readonly unknown[]> => {
      const columns = columnsFor(form, modelColumns(User), sample);
      return {
        run: () => replay(ctx.raw, stmt!, stmt!.params, form) as Promise<readonly unknown[]>,
        verify: (rows, seq) =>
          check(
            rows.map((r) => driverNumber(cell(r, columns, 'id'))),
            (k) => pick<UserFields>(rows[k], columns),
            seq,
            'driver',
          ),
      };
    };
    return {
      rowsPerOp: 10,
      orm: (db) => {
        const name = db.name;
        return {
          run: () => query(name).fetch(),
          verify: (users: UserFields[], seq) =>
            check(
              users.map((u) => u.id as number),
              (k) => users[k]!,
              seq,
              'typed',
            ),
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ newestActiveUsers }) =>
        newestActiveUsers && {
          run: () => newestActiveUsers(want.length),
          verify: (users: readonly PeerUser[], seq) =>
            check(
              users.map((u) => driverNumber(u.id)),
              (k) => users[k]!,
              seq,
              'driver',
            ),
        },
    };
  },
};
