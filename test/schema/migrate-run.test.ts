/**
 * The runner on each database and executor: up applies the files in order with their history rows
 * and the database then holds the replayed state, rows surviving; `to`; down back to nothing; a
 * failing migration (all-or-nothing on PostgreSQL and SQLite, resumable on MySQL); two runs at once;
 * the lock timeout; the refusals decided before anything runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/core/dialect/dialect.js';
import { dialects } from '../../src/core/dialect/dialects.js';
import type { Executor } from '../../src/core/executor/executor.js';
import { readHistory } from '../../src/core/schema/migrate/history.js';
import { lockKey } from '../../src/core/schema/migrate/migration-lock.js';
import { migrateDown } from '../../src/core/schema/migrate/run-down.js';
import { migrateUp } from '../../src/core/schema/migrate/run-migrations.js';
import { testTargets } from '../support/orm.js';
import { col } from './migrate-support.js';
import { dropAll, expectState, file, HISTORY, migrations, open, rows, sqlAll, tableNames } from './migrate-run-support.js';

describe.each(testTargets())('migrate runner on $label', (target) => {
  let executor: Executor;
  let dialect: Dialect;
  const files = migrations();
  const run = { historyTable: HISTORY, url: target.url, lockTimeoutS: 10 };
  const history = () => readHistory({ db: executor, dialect, table: HISTORY });
  const names = async () => (await history()).map((r) => r.name);

  beforeAll(async () => {
    ({ executor, dialect } = await open(target.url, target.executor));
    await dropAll(executor, dialect);
  });
  afterAll(async () => {
    try {
      await dropAll(executor, dialect);
    } finally {
      await executor.close();
    }
  });

  it('dry run: the SQL, nothing run, no history table', async () => {
    const result = await migrateUp({ executor, dialect, files, ...run, dryRun: true });
    expect(result.migrations.map((m) => m.name)).toEqual(files.map((f) => f.name));
    expect(result.migrations[0]!.statements.join('\n')).toMatch(/CREATE TABLE/);
    expect(result.migrations[3]!.statements).toContain('-- runJs addBook: runs in JS');
    expect(await tableNames(executor)).not.toContain(HISTORY);
  });

  it('up --to stops after that migration; an unknown name is refused', async () => {
    await expect(migrateUp({ executor, dialect, files, ...run, to: '0009_nope' })).rejects.toThrow(/--to 0009_nope: no migration of that name/);
    const result = await migrateUp({ executor, dialect, files, ...run, to: '0002_age' });
    expect(result.migrations.map((m) => m.name)).toEqual(['0001_create', '0002_age']);
    expect(await names()).toEqual(['0001_create', '0002_age']);
    await expectState(executor, files, 2);
    await executor.execute({ sql: "INSERT INTO mgr_author (name, age) VALUES ('kept', 41)", params: [] });
  });

  it('up applies the rest: the database holds the replayed state, rows survive, history rows complete', async () => {
    const result = await migrateUp({ executor, dialect, files, ...run });
    expect(result.migrations.map((m) => m.name)).toEqual(['0003_rename', '0004_data']);
    await expectState(executor, files, 4);
    expect(await rows(executor, 'SELECT full_name, age FROM mgr_author ORDER BY id')).toEqual([['kept', 41], ['by sql', null]]);
    expect(await rows(executor, 'SELECT title FROM mgr_book')).toEqual([['by js']]);
    const h = await history();
    expect(h.map((r) => [r.name, r.checksum, r.operationsDone])).toEqual(files.map((f) => [f.name, f.checksum, null]));
    for (const r of h) {
      expect(r.appliedAt).toBeInstanceOf(Date);
      expect(Math.abs(r.appliedAt.getTime() - Date.now())).toBeLessThan(120_000);
      expect(r.oxenVersion).toMatch(/\S/);
    }
    expect((await migrateUp({ executor, dialect, files, ...run })).migrations).toEqual([]);
  });

  it('refuses, before anything runs, an applied file missing or edited, or a pending file sorting before applied ones', async () => {
    await expect(migrateUp({ executor, dialect, files: files.slice(1), ...run })).rejects.toThrow(/0001_create is applied .* file is missing/);
    const edited = files.map((f, i) => (i === 1 ? { ...f, checksum: 'f'.repeat(64) } : f));
    await expect(migrateUp({ executor, dialect, files: edited, ...run })).rejects.toThrow(/0002_age was edited after it was applied/);
    const late = [...files, file('0002_late', [{ op: 'runSql', sql: sqlAll('SELECT 1') }])];
    await expect(migrateUp({ executor, dialect, files: late, ...run })).rejects.toThrow(/0002_late is not applied but sorts before 0004_data/);
    expect(await names()).toEqual(files.map((f) => f.name));
  });

  it('down refuses an irreversible operation and a data loss before anything runs', async () => {
    const extra = [...files, file('0005_oneway', [{ op: 'runSql', sql: sqlAll('SELECT 1') }])];
    await migrateUp({ executor, dialect, files: extra, ...run });
    await expect(migrateDown({ executor, dialect, files: extra, ...run })).rejects.toThrow(/0005_oneway operation 1: runSql "SELECT 1" has no down/);
    expect(await names()).toContain('0005_oneway');
    // Forget it (as if never applied) to go on.
    await executor.execute({ sql: `DELETE FROM ${dialect.quoteIdent(HISTORY)} WHERE name = '0005_oneway'`, params: [] });

    const dropping = [...files, file('0005_drop', [{ op: 'dropColumn', table: 'mgr_author', column: 'age' }])];
    await migrateUp({ executor, dialect, files: dropping, ...run });
    await expect(migrateDown({ executor, dialect, files: dropping, ...run })).rejects.toThrow(/cannot bring back 0005_drop: the values of column mgr_author.age/);
    const back = await migrateDown({ executor, dialect, files: dropping, ...run, acceptDataLoss: true });
    expect(back.migrations.map((m) => m.name)).toEqual(['0005_drop']);
    await expectState(executor, files, 4);
  });

  it('down reverts newest first: --steps, --to, then all, leaving only the history table', async () => {
    expect((await migrateDown({ executor, dialect, files, ...run })).migrations.map((m) => m.name)).toEqual(['0004_data']);
    expect(await rows(executor, 'SELECT full_name FROM mgr_author')).toEqual([['kept']]);
    await expectState(executor, files, 3);
    expect((await migrateDown({ executor, dialect, files, ...run, to: '0001_create' })).migrations.map((m) => m.name)).toEqual(['0003_rename', '0002_age']);
    await expectState(executor, files, 1);
    expect(await rows(executor, 'SELECT name FROM mgr_author')).toEqual([['kept']]);
    await migrateDown({ executor, dialect, files, ...run, steps: Infinity });
    const left = await tableNames(executor);
    expect(left).toContain(HISTORY);
    expect(left.filter((t) => t.startsWith('mgr_') && t !== HISTORY)).toEqual([]);
    expect(await history()).toEqual([]);
  });

  it('a failing migration: all or nothing where DDL is transactional; on MySQL a partial row, resumed by the next up', async () => {
    const base = files.slice(0, 1);
    await migrateUp({ executor, dialect, files: base, ...run });
    const bad = file('0002_bad', [
      { op: 'addColumn', table: 'mgr_author', column: col('extra', 'int', { nullable: true }) },
      { op: 'runSql', sql: sqlAll('UPDATE mgr_nowhere SET x = 1') },
      { op: 'addColumn', table: 'mgr_book', column: col('more', 'int', { nullable: true }) },
    ]);
    await expect(migrateUp({ executor, dialect, files: [...base, bad], ...run })).rejects.toThrow(/migration 0002_bad failed at operation 2/);
    const columns = async (t: string) => (await executor.query({ sql: `SELECT * FROM ${t} WHERE 1 = 0`, params: [] })).columns;
    if (dialects[target.dialect].adapter.capabilities.transactionalDdl) {
      expect(await columns('mgr_author')).not.toContain('extra');
      expect(await names()).toEqual(['0001_create']);
      return;
    }
    expect(await columns('mgr_author')).toContain('extra');
    expect((await history()).map((r) => [r.name, r.operationsDone])).toEqual([['0001_create', null], ['0002_bad', 1]]);
    const fixed = { ...bad, checksum: 'c'.repeat(64), operations: bad.operations.map((op, i) => (i === 1 ? { op: 'runSql' as const, sql: sqlAll('UPDATE mgr_author SET extra = 1'), down: sqlAll('UPDATE mgr_author SET extra = NULL') } : op)) };
    const resumed = await migrateUp({ executor, dialect, files: [...base, fixed], ...run });
    expect(resumed.migrations.map((m) => [m.name, m.resumedAt])).toEqual([['0002_bad', 1]]);
    expect(await columns('mgr_book')).toContain('more');
    expect((await history()).map((r) => [r.name, r.checksum, r.operationsDone])).toEqual([['0001_create', base[0]!.checksum, null], ['0002_bad', fixed.checksum, null]]);
    await migrateDown({ executor, dialect, files: [...base, fixed], ...run, steps: Infinity });
  });

  it('two runs at once apply each migration once', async () => {
    await migrateDown({ executor, dialect, files, ...run, steps: Infinity });
    const second = await open(target.url, target.executor);
    try {
      const [a, b] = await Promise.all([migrateUp({ executor, dialect, files, ...run }), migrateUp({ ...second, files, ...run })]);
      const applied = [...a.migrations, ...b.migrations].map((m) => m.name).sort();
      expect(applied).toEqual(files.map((f) => f.name));
      expect(await names()).toEqual(files.map((f) => f.name));
      expect(await rows(executor, 'SELECT title FROM mgr_book')).toEqual([['by js']]);
    } finally {
      await second.executor.close();
    }
  });

  it('gives up after the lock timeout, naming the database redacted', async () => {
    await migrateDown({ executor, dialect, files, ...run, steps: 1 });
    const holder = await open(target.url, target.executor);
    const conn = await holder.executor.acquire();
    const lock = dialects[target.dialect].adapter.migrationLock;
    try {
      if (lock) expect((await conn.query(lock.tryAcquire(lockKey(HISTORY)))).rows[0]![0]).toBeTruthy();
      else await conn.execute({ sql: 'BEGIN IMMEDIATE', params: [] });
      const started = Date.now();
      const error = await migrateUp({ executor, dialect, files, ...run, lockTimeoutS: 0.5 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'LOCK_TIMEOUT' });
      expect(String((error as Error).message)).toMatch(/another `oxen migrate` holds the migration lock on .* \(waited 0\.\ds\); try again, or --lock-timeout/);
      expect(String((error as Error).message)).not.toMatch(/:[^@/]*[^*]@/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await names()).toEqual(files.slice(0, 3).map((f) => f.name));
    } finally {
      if (lock) await conn.query(lock.release(lockKey(HISTORY)));
      else await conn.execute({ sql: 'ROLLBACK', params: [] });
      conn.release();
      await holder.executor.close();
    }
    expect((await migrateUp({ executor, dialect, files, ...run })).migrations.map((m) => m.name)).toEqual(['0004_data']);
  });
});
