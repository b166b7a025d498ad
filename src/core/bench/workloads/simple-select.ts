/** simple_select: one user by primary key, a different one each operation. */
import { userMismatch, type UserFields } from '../dataset/row-mismatch.js';
import type { PeerUser } from '../peers/peer-queries.js';
import type { Operation } from '../run-chunk.js';
import { columnsFor, modelColumns, pick } from './row-columns.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, onlyPosition, replay, rowsOf } from './workload.js';

export const simpleSelect: Workload = {
  name: 'simple_select',
  description: 'User.get({ id }) — one row by primary key',
  async prepare(ctx) {
    const { User } = ctx.models;
    const idFor = (seq: number): number => 1 + ((seq * 7919) % ctx.facts.users);
    const probe = idFor(1);
    const [stmt] = await captureExactly(ctx, this.name, 1, (db) => User.using(db.name).get({ id: probe }));
    const pos = onlyPosition(this.name, stmt!.params, probe);
    const sample = rowsOf(await replay(ctx.raw, stmt!))[0];
    const rawOp = (form: RowForm): Operation<readonly unknown[]> => {
      const columns = columnsFor(form, modelColumns(User), sample);
      return {
        run: (seq) => {
          const params = stmt!.params.slice();
          params[pos] = idFor(seq);
          return replay(ctx.raw, stmt!, params, form) as Promise<readonly unknown[]>;
        },
        verify: (rows, seq) =>
          rows.length === 1 ? userMismatch(pick<UserFields>(rows[0], columns), idFor(seq), ctx.facts, 'driver') : `expected user ${idFor(seq)}, got ${rows.length} rows`,
      };
    };
    return {
      rowsPerOp: 1,
      orm: (db) => {
        const name = db.name;
        return {
          run: (seq) => User.using(name).get({ id: idFor(seq) }),
          verify: (user: UserFields, seq) => userMismatch(user, idFor(seq), ctx.facts, 'typed'),
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ userById }) =>
        userById && {
          run: (seq) => userById(idFor(seq)),
          verify: (user: PeerUser | null | undefined, seq) => (user ? userMismatch(user, idFor(seq), ctx.facts, 'driver') : `expected user ${idFor(seq)}, got none`),
        },
    };
  },
};
