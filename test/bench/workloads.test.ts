import { describe, expect, it } from 'vitest';
import { defineBenchModels } from '../../src/core/bench/dataset/bench-models.js';
import { datasetFacts } from '../../src/core/bench/dataset/dataset.js';
import { seedDataset, dropDataset } from '../../src/core/bench/dataset/seed-dataset.js';
import { runCell } from '../../src/core/bench/engine.js';
import { openOrmSession } from '../../src/core/bench/orm-session.js';
import { openRawDriver } from '../../src/core/bench/raw/open-raw-driver.js';
import { runPerformance } from '../../src/core/bench/run-performance.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { simpleSelect } from '../../src/core/bench/workloads/simple-select.js';
import { WORKLOAD_NAMES } from '../../src/core/bench/workloads/index.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { connect, disconnect } from '../../src/index.js';
import { sqliteUrl, testDatabases } from '../support/databases.js';
import { testExecutors } from '../support/orm.js';

describe.each(testDatabases())('every workload on $dialect', ({ dialect, url }) => {
  it('runs through the ORM and the raw driver (object and array rows) with verified answers, and drops its tables', async () => {
    const prefix = `oxen_bench_wl_${dialect}_`;
    const executors = testExecutors();
    const report = await runPerformance({
      url: parseDatabaseUrl(url),
      executors,
      workloads: WORKLOAD_NAMES,
      concurrency: [1, 4],
      engine: { iterations: 12, warmup: 2, rounds: 3, timeoutMs: 30_000 },
      scale: 0.1,
      keep: false,
      tablePrefix: prefix,
    });
    expect(reportSchemaError(report)).toBeUndefined();
    expect(report.warnings).toEqual([]);
    expect(report.settings.variants).toEqual(['raw', 'raw_array', ...executors]);
    expect(report.results.map((c) => `${c.workload} c=${c.concurrency}`)).toEqual(WORKLOAD_NAMES.flatMap((w) => [`${w} c=1`, `${w} c=4`]));
    for (const cell of report.results) {
      expect(cell.variants.map((v) => [v.variant, v.ops, v.errors, v.timeouts, v.firstError])).toEqual(
        ['raw', 'raw_array', ...executors].map((name) => [name, 12, 0, 0, null]),
      );
      for (const name of ['raw_array', ...executors]) expect(cell.ratios[name]).toBeGreaterThan(0);
    }
    expect(report.environment.database).toMatchObject({ dialect });
    expect(report.environment.database!.serverVersion).not.toBe('');
    expect(Object.keys(report.environment.database!.settings).length).toBeGreaterThan(0);
    expect(report.environment.dataset).toEqual({ users: 1000, posts: 2000 });

    await connect({ databases: { default: url }, executor: 'js' });
    try {
      await expect(defineBenchModels(prefix).User.count()).rejects.toMatchObject({ code: 'QUERY_FAILED' });
    } finally {
      await disconnect();
    }
  });
});

describe('verification', () => {
  it('a wrong or empty answer counts as an error, not as a fast operation', async () => {
    const url = sqliteUrl();
    const models = defineBenchModels('oxen_bench_verify_');
    const orm = await openOrmSession(parseDatabaseUrl(url), ['js'], 2);
    const raw = await openRawDriver(parseDatabaseUrl(url), 2);
    const db = orm.primary.name;
    try {
      await seedDataset(models, 0.1, db);
      const prepared = await simpleSelect.prepare({ models, facts: datasetFacts(0.1), raw, db: orm.primary, counter: { value: 1 } });
      await models.Post.using(db).all().delete();
      await models.User.using(db).filter({ id__gt: 500 }).delete();
      const cell = await runCell(
        {
          workload: 'simple_select',
          concurrency: 1,
          variants: [
            { name: 'raw', ...prepared.raw },
            { name: 'raw_array', ...prepared.rawArray },
            { name: 'js', ...prepared.orm(orm.primary) },
          ],
        },
        { iterations: 40, warmup: 0, rounds: 4, timeoutMs: 30_000 },
      );
      for (const v of cell.variants) {
        expect(v.errors).toBeGreaterThan(0);
        expect(v.ops + v.errors).toBe(40);
        expect(v.latencyMs === null || v.ops > 0).toBe(true);
      }
      expect(cell.variants[0]!.firstError).toMatch(/^wrong result: expected user \d+, got 0 rows/);
      expect(cell.variants[1]!.firstError).toMatch(/^wrong result: expected user \d+, got 0 rows/);
      expect(cell.variants[2]!.firstError).toMatch(/does not exist/);
    } finally {
      await dropDataset(models, db);
      await raw.close();
      await orm.close();
    }
  });
});
