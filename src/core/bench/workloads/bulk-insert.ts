/** bulk_insert: 1,000 rows per bulkCreate into the benchmark's own items table (emptied per cell). */
import { OxenError } from '../../ground/errors.js';
import type { SqlValue } from '../../ground/values.js';
import { driverNumber } from '../dataset/row-mismatch.js';
import type { Operation } from '../run-chunk.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, expectCount, replay, sampled } from './workload.js';

const ROWS = 1_000;

interface ItemInput {
  name: string;
  qty: number;
  price: number;
}

interface ItemRow extends ItemInput {
  id: unknown;
}

function generatedKey(id: unknown, k: number): string | undefined {
  const n = driverNumber(id);
  return Number.isSafeInteger(n) && n > 0 ? undefined : `item ${k} got no generated id: ${String(id)}`;
}

export const bulkInsert: Workload = {
  name: 'bulk_insert',
  description: `Item.bulkCreate(${ROWS.toLocaleString('en-US')} rows)`,
  async prepare(ctx) {
    const { Item } = ctx.models;
    await Item.using(ctx.db.name).delete();
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
    const [stmt] = await captureExactly(ctx, this.name, 1, (db) => Item.using(db.name).bulkCreate(rows));
    // A peer that writes generated ids into the rows it is given (TypeORM's insert does) would change
    // what every later variant inserts: peers get rows they cannot change, and must copy them.
    const frozen: readonly ItemInput[] = rows.map((r) => Object.freeze({ ...r }));
    if (JSON.stringify(stmt!.params) !== JSON.stringify(flatten())) {
      throw new OxenError('INTERNAL', `${this.name}: the ORM's INSERT binds its values in an order the raw variant does not reproduce`);
    }
    // Reading a written row back would add a query to every operation, so the checks are the counts,
    // and the key the database generated for one sampled row where the call returns keys (the ORM
    // always; the bare driver where the INSERT has RETURNING). Their content was what was sent.
    const rawOp = (form: RowForm): Operation<unknown> => ({
      run: () => replay(ctx.raw, stmt!, flatten(), form),
      verify: (result, seq) => {
        if (!Array.isArray(result)) return expectCount('rows inserted', Number(result), ROWS);
        if (result.length !== ROWS) return expectCount('rows returned', result.length, ROWS);
        const row = sampled(result, seq) as unknown[] | Record<string, unknown>;
        return generatedKey(Array.isArray(row) ? row[0] : Object.values(row)[0], seq % ROWS);
      },
    });
    return {
      rowsPerOp: ROWS,
      orm: (db) => {
        const name = db.name;
        return {
          run: () => Item.using(name).bulkCreate(rows),
          verify: (created: ItemRow[], seq) => {
            if (created.length !== ROWS) return expectCount('rows', created.length, ROWS);
            const k = seq % ROWS;
            const item = created[k]!;
            const want = rows[k]!;
            if (item.name !== want.name || item.qty !== want.qty || item.price !== want.price) return `item ${k} is not the one sent`;
            return generatedKey(item.id, k);
          },
        };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ insertItems }) => insertItems && { run: () => insertItems(frozen), verify: (n: number) => expectCount('rows inserted', n, ROWS) },
    };
  },
};
