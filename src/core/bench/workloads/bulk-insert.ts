/** bulk_insert: 1,000 rows per bulkCreate into the benchmark's own items table (emptied per cell). */
import { OxenError } from '../../errors.js';
import type { SqlValue } from '../../executor/executor.js';
import type { Workload } from './workload.js';
import { captureExactly, expectCount, replay } from './workload.js';

const ROWS = 1_000;

interface ItemInput {
  name: string;
  qty: number;
  price: number;
}

export const bulkInsert: Workload = {
  name: 'bulk_insert',
  description: `Item.bulkCreate(${ROWS.toLocaleString('en-US')} rows)`,
  async prepare(ctx) {
    const { Item } = ctx.models;
    await Item.all().delete();
    const rows: ItemInput[] = Array.from({ length: ROWS }, (_, k) => ({ name: `item ${k}`, qty: k, price: k / 4 }));
    // What a bare-driver user does per insert: flatten their rows into the parameter list.
    const flatten = (): SqlValue[] => {
      const params: SqlValue[] = new Array(ROWS * 3);
      for (let k = 0, p = 0; k < ROWS; k++) {
        const r = rows[k]!;
        params[p++] = r.name;
        params[p++] = r.qty;
        params[p++] = r.price;
      }
      return params;
    };
    const [stmt] = await captureExactly(ctx, this.name, 1, () => Item.bulkCreate(rows));
    if (JSON.stringify(stmt!.params) !== JSON.stringify(flatten())) {
      throw new OxenError('INTERNAL', `${this.name}: the ORM's INSERT binds its values in an order the raw variant does not reproduce`);
    }
    return {
      rowsPerOp: ROWS,
      orm: {
        run: () => Item.bulkCreate(rows),
        verify: (created: unknown[]) => expectCount('rows', created.length, ROWS),
      },
      raw: {
        run: () => replay(ctx.raw, stmt!, flatten()),
        verify: (result: unknown) => expectCount('rows', Array.isArray(result) ? result.length : Number(result), ROWS),
      },
    };
  },
};
