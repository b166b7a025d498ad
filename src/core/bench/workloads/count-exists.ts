/** count_exists: a COUNT(*) and an EXISTS probe by unique email, one after the other. */
import { userRow } from '../dataset/dataset.js';
import { driverNumber } from '../dataset/row-mismatch.js';
import type { Operation } from '../run-chunk.js';
import { cell, columnsFor } from './row-columns.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, onlyPosition, replay, rowsOf } from './workload.js';

/** Each statement selects one column: the count, and the constant 1 of the probe. */
const VALUE = { value: 0 };

export const countExists: Workload = {
  name: 'count_exists',
  description: "User.filter({ isActive: true }).count() then User.filter({ email }).exists()",
  async prepare(ctx) {
    const { User } = ctx.models;
    const emailFor = (seq: number): string => userRow(1 + ((seq * 6007) % ctx.facts.users)).email;
    const run = async (db: string, seq: number): Promise<[number, boolean]> => [
      await User.using(db).filter({ isActive: true }).count(),
      await User.using(db).filter({ email: emailFor(seq) }).exists(),
    ];
    const [count, exists] = await captureExactly(ctx, this.name, 2, (db) => run(db.name, 1));
    const pos = onlyPosition(this.name, exists!.params, emailFor(1));
    const countSample = rowsOf(await replay(ctx.raw, count!))[0];
    const existsSample = rowsOf(await replay(ctx.raw, exists!))[0];
    const active = ctx.facts.activeUsers;
    const rawOp = (form: RowForm): Operation<[readonly unknown[], readonly unknown[]]> => {
      const countColumns = columnsFor(form, VALUE, countSample);
      const existsColumns = columnsFor(form, VALUE, existsSample);
      return {
        run: async (seq): Promise<[readonly unknown[], readonly unknown[]]> => {
          const params = exists!.params.slice();
          params[pos] = emailFor(seq);
          return [(await replay(ctx.raw, count!, count!.params, form)) as readonly unknown[], (await replay(ctx.raw, exists!, params, form)) as readonly unknown[]];
        },
        verify: ([n, found], seq) => {
          const value = n.length === 1 ? driverNumber(cell(n[0], countColumns, 'value')) : NaN;
          if (value !== active) return `expected a count of ${active}, got ${n.length === 1 ? String(cell(n[0], countColumns, 'value')) : `${n.length} rows`}`;
          const probe = found.length === 1 ? driverNumber(cell(found[0], existsColumns, 'value')) : NaN;
          return probe === 1 ? undefined : `expected one row for ${emailFor(seq)}, got ${found.length} rows`;
        },
      };
    };
    return {
      rowsPerOp: null,
      orm: (db) => {
        const name = db.name;
        return {
          run: (seq) => run(name, seq),
          verify: ([n, found]: [number, boolean], seq) => (n === active && found === true ? undefined : `expected ${active} and true for ${emailFor(seq)}, got ${n} and ${String(found)}`),
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ countActiveUsers, emailExists }) =>
        countActiveUsers &&
        emailExists && {
          run: async (seq): Promise<[unknown, boolean]> => [await countActiveUsers(), await emailExists(emailFor(seq))],
          verify: ([n, found]: [unknown, boolean], seq) =>
            driverNumber(n) === active && found === true ? undefined : `expected ${active} and true for ${emailFor(seq)}, got ${String(n)} and ${String(found)}`,
        },
    };
  },
};
