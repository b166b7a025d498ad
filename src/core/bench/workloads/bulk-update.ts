/**
 * bulk_update: 100 loaded users get a new age each and go back in one bulkUpdate. Operations cycle
 * through disjoint blocks of users, so concurrent ones do not wait on each other's row locks.
 */
import { OxenError } from '../../ground/errors.js';
import { UPDATE_BLOCK, UPDATED_AGE_MIN } from '../dataset/dataset.js';
import type { Operation } from '../run-chunk.js';
import type { RowForm, Workload } from './workload.js';
import { captureExactly, expectCount, replay } from './workload.js';

export const bulkUpdate: Workload = {
  name: 'bulk_update',
  description: `User.bulkUpdate(${UPDATE_BLOCK} instances, ['age'])`,
  async prepare(ctx) {
    const { User } = ctx.models;
    const count = ctx.facts.updateBlocks;
    const loaded = await User.using(ctx.db.name).filter({ id__lte: count * UPDATE_BLOCK }).orderBy('id').fetch();
    const blocks = Array.from({ length: count }, (_, b) => loaded.slice(b * UPDATE_BLOCK, (b + 1) * UPDATE_BLOCK));
    const ids = blocks.map((block) => block.map((u) => u.id));
    // Ages far above any id and any seeded age, and never repeated: MySQL counts only rows whose value
    // changed. Counters already past UPDATED_AGE_MIN (`performance` and `ab` start theirs at 100M and
    // 200M) are used as they are, so two builds in one A/B run never write the same age.
    const ageFor = (counter: number): number => (counter >= UPDATED_AGE_MIN ? counter : UPDATED_AGE_MIN + counter);
    const nextAge = (): number => ageFor(ctx.counter.value++);
    const run = (db: string, seq: number): Promise<number> => {
      const block = blocks[seq % count]!;
      const age = nextAge();
      for (const u of block) u.age = age;
      return User.using(db).bulkUpdate(block, ['age']);
    };
    const probeAge = ageFor(ctx.counter.value);
    const [stmt] = await captureExactly(ctx, this.name, 1, (db) => run(db.name, 0));
    const agePositions: number[] = [];
    const idPositions: [number, number][] = [];
    const idIndex = new Map(ids[0]!.map((id, k) => [id, k]));
    stmt!.params.forEach((p, pos) => {
      if (p === probeAge) agePositions.push(pos);
      else if (typeof p === 'number' && idIndex.has(p)) idPositions.push([pos, idIndex.get(p)!]);
    });
    if (agePositions.length !== UPDATE_BLOCK || idPositions.length + agePositions.length !== stmt!.params.length) {
      throw new OxenError('INTERNAL', `${this.name}: cannot map the ORM's UPDATE parameters for the raw variant`);
    }
    // Reading an updated row back would add a query to every operation, so the check is the count of
    // rows the database reports changed (MySQL counts only rows whose value changed: ages never repeat).
    // An UPDATE returns no rows, so `rawArray` runs the same statement as `raw`.
    const rawOp = (form: RowForm): Operation<number> => ({
      run: (seq) => {
        const blockIds = ids[seq % count]!;
        const age = nextAge();
        const params = stmt!.params.slice();
        for (const pos of agePositions) params[pos] = age;
        for (const [pos, k] of idPositions) params[pos] = blockIds[k]!;
        return replay(ctx.raw, stmt!, params, form) as Promise<number>;
      },
      verify: (n) => expectCount('rows updated', n, UPDATE_BLOCK),
    });
    return {
      rowsPerOp: UPDATE_BLOCK,
      orm: (db) => {
        const name = db.name;
        return { run: (seq) => run(name, seq), verify: (n: number) => expectCount('rows updated', n, UPDATE_BLOCK) };
      },
      raw: rawOp('object'),
      rawArray: rawOp('array'),
      peer: ({ updateAges }) =>
        updateAges && {
          run: (seq) => {
            const age = nextAge();
            return updateAges(ids[seq % count]!.map((id) => ({ id, age })));
          },
          verify: (n: number) => expectCount('rows updated', n, UPDATE_BLOCK),
        },
    };
  },
};
