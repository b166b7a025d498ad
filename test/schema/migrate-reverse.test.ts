/** reverseOperation(s): `down` derived from `up` puts the state back, says what data it cannot, and refuses what it cannot know. */
import { describe, expect, it } from 'vitest';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { applyOperation, applyOperations } from '../../src/core/schema/migrate/apply-operation.js';
import { detectChanges } from '../../src/core/schema/migrate/detect-changes.js';
import type { Operation, OperationKind } from '../../src/core/schema/migrate/operation.js';
import { reverseOperation, reverseOperations } from '../../src/core/schema/migrate/reverse-operation.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { col, id, inColumnOrderOf, state, table } from './migrate-support.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';

const before: SchemaState = state(
  table('p', { columns: [id, col('code')], uniques: [{ name: 'p_code_key', columns: ['code'] }] }),
  table('c', {
    columns: [id, col('p_id'), col('n'), col('gone', 'text', { nullable: true })],
    indexes: [{ name: 'c_n_idx', columns: ['n'], unique: false }],
    uniques: [{ name: 'c_n_key', columns: ['n'] }],
    foreignKeys: [{ name: 'c_p_id_fk', columns: ['p_id'], referencedTable: 'p', referencedColumns: ['id'], onDelete: 'CASCADE' }],
    checks: [{ name: 'c_n_check', expression: 'n > 0' }],
  }),
  table('lone', { columns: [id, col('x')] }),
);

const up = async (): Promise<void> => {};
const down = async (): Promise<void> => {};

/** One operation of every kind that fits `before`. */
const everyKind: Record<OperationKind, Operation> = {
  createTable: { op: 'createTable', table: table('fresh', { columns: [id, col('p_id')], foreignKeys: [{ name: 'fresh_p_fk', columns: ['p_id'], referencedTable: 'p', referencedColumns: ['id'], onDelete: 'RESTRICT' }] }) },
  dropTable: { op: 'dropTable', table: 'lone' },
  renameTable: { op: 'renameTable', from: 'p', to: 'parent' },
  addColumn: { op: 'addColumn', table: 'c', column: col('extra', 'boolean', { default: { kind: 'value', value: false } }) },
  dropColumn: { op: 'dropColumn', table: 'c', column: 'gone' },
  alterColumn: { op: 'alterColumn', table: 'c', column: col('n', 'bigint', { nullable: true }) },
  renameColumn: { op: 'renameColumn', table: 'p', from: 'code', to: 'label' },
  addIndex: { op: 'addIndex', table: 'c', index: { name: 'c_p_n_idx', columns: ['p_id', 'n'], unique: true, where: 'n > 1' } },
  dropIndex: { op: 'dropIndex', table: 'c', name: 'c_n_idx' },
  addUnique: { op: 'addUnique', table: 'lone', unique: { name: 'lone_x_key', columns: ['x'] } },
  dropUnique: { op: 'dropUnique', table: 'c', name: 'c_n_key' },
  addForeignKey: { op: 'addForeignKey', table: 'lone', foreignKey: { name: 'lone_x_fk', columns: ['x'], referencedTable: 'p', referencedColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'CASCADE' } },
  dropForeignKey: { op: 'dropForeignKey', table: 'c', name: 'c_p_id_fk' },
  addCheck: { op: 'addCheck', table: 'lone', check: { name: 'lone_x_check', expression: 'x <> 0' } },
  dropCheck: { op: 'dropCheck', table: 'c', name: 'c_n_check' },
  runSql: { op: 'runSql', sql: { postgres: 'UPDATE c SET n = 1' }, down: { postgres: 'UPDATE c SET n = 0' } },
  runJs: { op: 'runJs', up, down },
};

describe('reverseOperation', () => {
  for (const [kind, op] of Object.entries(everyKind)) {
    it(`puts the state back after ${kind}`, () => {
      const after = applyOperation(before, op);
      if (kind !== 'runSql' && kind !== 'runJs') expect(after).not.toEqual(before);
      const r = reverseOperation(op, before);
      if (!('operation' in r)) throw new Error(r.irreversible);
      const back = applyOperation(after, r.operation);
      // A dropped column comes back last: a database appends it.
      expect(kind === 'dropColumn' ? inColumnOrderOf(back, before) : back).toStrictEqual(before);
    });
  }

  it('says which data the reverse of a drop cannot bring back', () => {
    expect(reverseOperation(everyKind.dropColumn, before)).toMatchObject({ losesData: 'the values of column c.gone' });
    expect(reverseOperation(everyKind.dropTable, before)).toMatchObject({ losesData: 'the rows of table lone' });
    expect('losesData' in reverseOperation(everyKind.addColumn, before)).toBe(false);
  });

  it('swaps up and down of runSql and runJs', () => {
    expect(reverseOperation(everyKind.runSql, before)).toEqual({ operation: { op: 'runSql', sql: { postgres: 'UPDATE c SET n = 0' }, down: { postgres: 'UPDATE c SET n = 1' } } });
    expect(reverseOperation(everyKind.runJs, before)).toEqual({ operation: { op: 'runJs', up: down, down: up } });
  });

  it('refuses runSql and runJs without a down, naming them', () => {
    async function backfillSlugs(): Promise<void> {}
    expect(reverseOperation({ op: 'runSql', sql: { mysql: ['UPDATE c SET n = 1', 'x'] } }, before)).toEqual({
      irreversible: 'runSql "UPDATE c SET n = 1" has no down: give it `down` (the SQL that undoes it, per dialect)',
    });
    expect(reverseOperation({ op: 'runJs', up: backfillSlugs }, before)).toEqual({ irreversible: 'runJs backfillSlugs has no down: give it a `down` function that undoes it' });
  });

  it('refuses an operation that does not fit the state before it', () => {
    expect(() => reverseOperation({ op: 'dropIndex', table: 'c', name: 'nope' }, before)).toThrow(/dropIndex: nope does not exist/);
  });
});

describe('reverseOperations', () => {
  it('undoes whole migrations detected between model states, back to where they started', () => {
    const models = [schemaModels('mgd_'), kindModels('mgd_'), cycleModels('mgd_')].map((m) => schemaFromModels(Object.values(m)));
    const steps: SchemaState[] = [state(), models[0]!, schemaFromModels([...Object.values(schemaModels('mgd_')), ...Object.values(cycleModels('mgd_'))]), models[1]!, state()];
    for (let i = 1; i < steps.length; i++) {
      const { operations } = detectChanges(steps[i - 1]!, steps[i]!, { renames: [] });
      const down = reverseOperations(operations, steps[i - 1]!);
      if (!('operations' in down)) throw new Error(down.irreversible.join('\n'));
      const back = applyOperations(applyOperations(steps[i - 1]!, operations), down.operations);
      expect(inColumnOrderOf(back, steps[i - 1]!)).toStrictEqual(steps[i - 1]);
    }
  });

  it('computes each reverse against the state just before its operation, in reverse order', () => {
    const ops: Operation[] = [
      { op: 'addColumn', table: 'lone', column: col('y') },
      { op: 'dropColumn', table: 'lone', column: 'x' },
      { op: 'renameColumn', table: 'lone', from: 'y', to: 'x' },
      { op: 'alterColumn', table: 'lone', column: col('x', 'text') },
    ];
    const down = reverseOperations(ops, before);
    expect(down).toEqual({
      operations: [
        { op: 'alterColumn', table: 'lone', column: col('x') },
        { op: 'renameColumn', table: 'lone', from: 'x', to: 'y' },
        { op: 'addColumn', table: 'lone', column: col('x') },
        { op: 'dropColumn', table: 'lone', column: 'y' },
      ],
      losesData: ['the values of column lone.x'],
    });
    if ('operations' in down) expect(applyOperations(applyOperations(before, ops), down.operations)).toStrictEqual(before);
  });

  it('lists every operation without a reverse, by position', () => {
    const ops: Operation[] = [{ op: 'runJs', up }, everyKind.addColumn, { op: 'runSql', sql: {} }];
    expect(reverseOperations(ops, before)).toEqual({
      irreversible: ['operation 1: runJs up has no down: give it a `down` function that undoes it', 'operation 3: runSql (no SQL) has no down: give it `down` (the SQL that undoes it, per dialect)'],
    });
  });
});
