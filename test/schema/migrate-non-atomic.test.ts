/**
 * `atomic: false`: what PostgreSQL refuses inside a transaction (`CREATE INDEX CONCURRENTLY`) runs in a
 * migration that opts out, with its progress recorded per operation as on MySQL, so a failure half-way
 * is part-applied and `up` resumes it. Elsewhere the flag changes nothing that shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/core/dialect/dialect.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { readHistory } from '../../src/core/schema/migrate/history.js';
import type { MigrationFile } from '../../src/core/schema/migrate/migration.js';
import { migrateUp } from '../../src/core/schema/migrate/run-migrations.js';
import { testTargets } from '../support/orm.js';
import { col, id, table } from './migrate-support.js';
import { file, open, rows } from './migrate-run-support.js';

const HISTORY = 'mna_history';

async function dropOurs(executor: Executor, dialect: Dialect): Promise<void> {
  for (const t of ['mna_author', HISTORY]) await executor.execute({ sql: `DROP TABLE IF EXISTS ${dialect.quoteIdent(t)}`, params: [] });
}

const create = file('0001_create', [{ op: 'createTable', table: table('mna_author', { columns: [id, col('score', 'int', { nullable: true })] }) }]);

function concurrentIndex(atomic: boolean, then: string): MigrationFile {
  return {
    ...file('0002_index', [
      {
        op: 'runSql',
        sql: {
          postgres: 'CREATE INDEX CONCURRENTLY mna_author_score_idx ON mna_author (score)',
          mysql: 'CREATE INDEX mna_author_score_idx ON mna_author (score)',
          sqlite: 'CREATE INDEX mna_author_score_idx ON mna_author (score)',
        },
        down: { postgres: 'DROP INDEX CONCURRENTLY mna_author_score_idx', mysql: 'DROP INDEX mna_author_score_idx ON mna_author', sqlite: 'DROP INDEX mna_author_score_idx' },
      },
      { op: 'runSql', sql: { postgres: then, mysql: then, sqlite: then } },
    ]),
    ...(atomic ? {} : { atomic: false }),
  };
}

describe.each(testTargets().filter((t) => t.dialect === 'postgres'))('atomic: false on $label', (target) => {
  let executor: Executor;
  let dialect: Dialect;
  const run = { historyTable: HISTORY, url: target.url, lockTimeoutS: 10 };
  const history = () => readHistory({ db: executor, dialect, table: HISTORY });
  const indexes = async () => rows(executor, "SELECT indexname FROM pg_indexes WHERE tablename = 'mna_author' AND indexname = 'mna_author_score_idx'");

  beforeAll(async () => {
    ({ executor, dialect } = await open(target.url, target.executor));
    await dropOurs(executor, dialect);
    await migrateUp({ executor, dialect, files: [create], ...run });
  });
  afterAll(async () => {
    try {
      await dropOurs(executor, dialect);
    } finally {
      await executor.close();
    }
  });

  it('in one transaction, PostgreSQL refuses CREATE INDEX CONCURRENTLY and nothing is applied', async () => {
    const error = await migrateUp({ executor, dialect, files: [create, concurrentIndex(true, 'SELECT 1')], ...run }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/cannot run inside a transaction block/);
    expect(await indexes()).toEqual([]);
    expect((await history()).map((r) => r.name)).toEqual(['0001_create']);
  });

  it('opted out, it builds the index; a later failure leaves it part-applied, and up resumes after the index', async () => {
    const failing = concurrentIndex(false, 'SELECT * FROM mna_no_such_table');
    await expect(migrateUp({ executor, dialect, files: [create, failing], ...run })).rejects.toThrow(/mna_no_such_table/);
    expect(await indexes()).toEqual([['mna_author_score_idx']]);
    expect((await history()).map((r) => [r.name, r.operationsDone])).toEqual([['0001_create', null], ['0002_index', 1]]);

    const fixed = concurrentIndex(false, 'SELECT 1');
    const result = await migrateUp({ executor, dialect, files: [create, fixed], ...run, allowEdited: true });
    expect(result.migrations.map((m) => [m.name, m.resumedAt])).toEqual([['0002_index', 1]]);
    expect(result.migrations[0]!.statements.join('\n')).not.toMatch(/CONCURRENTLY/);
    expect((await history()).map((r) => [r.name, r.operationsDone])).toEqual([['0001_create', null], ['0002_index', null]]);
  });
});
