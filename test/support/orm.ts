/**
 * Runs a suite once per database and executor: connects before, creates the given models' tables,
 * drops them and disconnects after.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { connect, disconnect, onQuery, type OxenConfig, type QueryEvent } from '../../src/index.js';
import { createTables, dropTables } from '../../src/index.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { testDatabases, type TestDatabase } from './databases.js';
import type { ExecutorKind } from '../../src/core/ground/values.js';

export interface TestTarget extends TestDatabase {
  readonly executor: ExecutorKind;
  readonly label: string;
}

/** Executors under test: OXEN_TEST_EXECUTORS=js,native (default: js). */
export function testExecutors(): ExecutorKind[] {
  return (process.env.OXEN_TEST_EXECUTORS ?? 'js').split(',').map((s) => s.trim()).filter(Boolean) as ExecutorKind[];
}

export function testTargets(): TestTarget[] {
  return testDatabases().flatMap((db) => testExecutors().map((executor) => ({ ...db, executor, label: `${db.dialect}/${executor}` })));
}

export function useDatabase(target: TestTarget, models: readonly AnyModel[], extra: Omit<OxenConfig, 'databases' | 'executor'> = {}): void {
  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor, ...extra });
    await dropTables([...models], { ifExists: true });
    await createTables([...models]);
  });
  afterAll(async () => {
    try {
      await dropTables([...models], { ifExists: true });
    } finally {
      await disconnect();
    }
  });
}

/** The query events of each test (collected from beforeEach to afterEach); `clear()` starts afresh mid-test. */
export function recordQueries(): { readonly list: QueryEvent[]; clear(): void } {
  let list: QueryEvent[] = [];
  let stop: () => void = () => {};
  beforeEach(() => {
    list = [];
    stop = onQuery((e) => list.push(e));
  });
  afterEach(() => stop());
  return {
    get list() {
      return list;
    },
    clear: () => void (list = []),
  };
}
