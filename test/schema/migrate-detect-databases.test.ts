/**
 * The order detectChanges chooses, tried on each database and executor: the acceptance sequence's
 * plans compiled and run one operation at a time, the database read back after each migration equal
 * to the models' state; then every plan's `down` (reverseOperations) back to no tables. A row inserted
 * at the start survives every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, disconnect, getDatabase, type Database } from '../../src/index.js';
import { ddlFor } from '../../src/core/dialect/dialects.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { inspectWith } from '../../src/core/schema/inspect/inspect-url.js';
import { applyOperation } from '../../src/core/schema/migrate/apply-operation.js';
import { compileOperation } from '../../src/core/schema/migrate/compile-operation.js';
import { detectChanges, type RenameAnswer } from '../../src/core/schema/migrate/detect-changes.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { reverseOperations } from '../../src/core/schema/migrate/reverse-operation.js';
import { UsageError } from '../../src/core/ground/errors.js';
import { ForeignKey } from '../../src/core/model/fields/foreign-key.js';
import { AutoField } from '../../src/core/model/fields/numeric-fields.js';
import { CharField } from '../../src/core/model/fields/text-fields.js';
import { model } from '../../src/core/query/model.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { cycleModels } from './schema-models.js';
import { testTargets } from '../support/orm.js';
import { inColumnOrderOf, state, step } from './migrate-support.js';
import { runStatements } from './migrate-sqlite-support.js';
import { column, insert } from './sql-helpers.js';

const TABLES = ['mgd_book', 'mgd_author', 'mgd_writer', 'mgd_player', 'mgd_team', 'mgd_source', 'mgd_target'];
const ANSWERS: RenameAnswer[] = [
  { kind: 'column', table: 'mgd_author', from: 'name', to: 'full_name', rename: true },
  { kind: 'table', table: 'mgd_writer', from: 'mgd_author', to: 'mgd_writer', rename: true },
];

describe.each(testTargets())('detected migrations on $label', (target) => {
  const d = target.dialect;
  let db: Database;
  const run = async (statements: readonly string[]) => {
    for (const sql of statements) await db.execute({ sql, params: [] });
  };
  const dropAll = () => run(TABLES.map((t) => `DROP TABLE IF EXISTS ${db.dialect.quoteIdent(t)}`));

  /** Runs the operations one by one from `before`; the database must then hold the state they lead to. */
  async function migrate(before: SchemaState, operations: readonly Operation[]): Promise<SchemaState> {
    let s = before;
    for (const op of operations) {
      const statements = compileOperation(op, s, ddlFor(db.dialect), d);
      // SQLite rebuilds tables with foreign keys off, set outside a transaction, as the runner will.
      if (d === 'sqlite') await runStatements(db.executor, statements, true);
      else await run(statements);
      s = applyOperation(s, op);
    }
    expect(comparableState(inColumnOrderOf(await read(), s), d)).toEqual(comparableState(s, d));
    return s;
  }

  /** The sequence's tables that exist (inspect refuses a table it cannot find). */
  async function read(): Promise<SchemaState> {
    const tables = [];
    for (const t of TABLES) {
      try {
        tables.push(...(await inspectWith(db.executor, d, { tables: [t] })).state.tables);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
      }
    }
    return state(...tables);
  }

  const authorRows = (table: string): Promise<unknown[]> => column(db, table, 'country');

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    db = getDatabase();
    await dropAll();
  });
  afterAll(async () => {
    try {
      await dropAll();
    } finally {
      await disconnect();
    }
  });

  it('goes through the sequence, each migration giving the models\' state, and back down to nothing', async () => {
    const states: SchemaState[] = [state()];
    const plans: Operation[][] = [];
    for (let n = 1; n <= 9; n++) {
      const to = n === 9 ? state() : step(n);
      const { operations, questions } = detectChanges(states[n - 1]!, to, { renames: ANSWERS });
      expect(questions).toEqual([]);
      plans.push(operations);
      states.push(await migrate(states[n - 1]!, operations));
      if (n === 1) await insert(db, 'mgd_author', { name: 'Ann', country: 'NO' });
      if (n < 9) expect(await authorRows(n >= 8 ? 'mgd_writer' : 'mgd_author')).toEqual(['NO']);
    }
    for (let n = 9; n >= 1; n--) {
      const down = reverseOperations(plans[n - 1]!, states[n - 1]!);
      if (!('operations' in down)) throw new Error(down.irreversible.join('\n'));
      await migrate(states[n]!, down.operations);
    }
    expect((await read()).tables).toEqual([]);
  });

  it('creates and drops a cycle of foreign keys, and widens a referenced key', async () => {
    const keyed = (wide: boolean): SchemaState => {
      const Target = model('MgdTarget', { code: CharField({ maxLength: wide ? 20 : 10, primaryKey: true }) });
      const Source = model('MgdSource', { id: AutoField(), target: ForeignKey(() => Target, { onDelete: 'CASCADE' }) });
      return schemaFromModels([Target, Source, ...Object.values(cycleModels('mgd_'))]);
    };
    const sequence = [state(), keyed(false), keyed(true), state()];
    for (let n = 1; n < sequence.length; n++) {
      const { operations } = detectChanges(sequence[n - 1]!, sequence[n]!);
      await migrate(sequence[n - 1]!, operations);
      if (n === 1) {
        await insert(db, 'mgd_target', { code: 'k7' });
        await insert(db, 'mgd_source', { target_id: 'k7' });
      }
      if (n === 2) expect(await column(db, 'mgd_source', 'target_id')).toEqual(['k7']);
    }
  });
});
