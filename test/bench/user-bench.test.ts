/**
 * User benchmark files: `BenchmarkSuite` files loaded with jiti (TypeScript importing 'oxen-orm' and the
 * user's own models) and run by the built `oxen benchmark run` on real databases, on both executors
 * where the native one is built.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchmarkSuite } from '../../src/core/bench/benchmark-suite.js';
import { loadBenchFiles } from '../../src/core/bench/user-bench/load-bench-files.js';
import { findBenchFiles } from '../../src/core/bench/user-bench/find-bench-files.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { loadNative } from '../../src/core/executor/create-executor.js';
import { assertBuilt, runOxen, type OxenRun } from '../cli/run-oxen.js';
import { postgresUrl } from '../support/databases.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const table = `oxen_ub_orders_${process.pid}`;

const MODELS = `
import { model, AutoField, CharField, IntField } from 'oxen-orm';

export const Order = model('Order', {
  id: AutoField(),
  customer: CharField({ maxLength: 50 }),
  total: IntField(),
}, { tableName: '${table}' });
`;

const ORDERS_BENCH = `
import { BenchmarkSuite, createTables, dropTables } from 'oxen-orm';
import { Order } from './models.js';

const suite = new BenchmarkSuite({ iterations: 40, rounds: 4, concurrency: 2 });
suite.setup(async () => {
  await createTables([Order]);
  await Order.bulkCreate(Array.from({ length: 50 }, (_, i) => ({ customer: \`c\${i % 5}\`, total: i })));
});
suite.teardown(() => dropTables([Order]));
suite.benchmark('by_customer', () => Order.filter({ customer: 'c1' }).fetch(), {
  verify: (rows) => (rows.length === 10 ? undefined : \`expected 10 orders, got \${rows.length}\`),
});
suite.benchmark('count', () => Order.all().count(), {
  verify: (n: number) => (n === 50 ? undefined : \`expected 50 orders, got \${n}\`),
});
export default suite;
`;

const WRONG_BENCH = `
import { BenchmarkSuite, createTables, dropTables } from 'oxen-orm';
import { Order } from './models.js';

const suite = new BenchmarkSuite({ iterations: 8, rounds: 2 });
suite.setup(() => createTables([Order]));
suite.teardown(() => dropTables([Order]));
suite.benchmark('wrong', () => Order.all().count(), { verify: (n) => (n === 3 ? undefined : \`expected 3 orders, got \${n}\`) });
export default suite;
`;

let cwd: string;
let executors: string[];
const write = (name: string, text: string): void => {
  mkdirSync(join(cwd, name, '..'), { recursive: true });
  writeFileSync(join(cwd, name), text);
};
const readJson = <T>(name: string): T => JSON.parse(readFileSync(join(cwd, name), 'utf8')) as T;
const run = (args: string[], env?: Record<string, string>): OxenRun => runOxen(['benchmark', 'run', ...args], { cwd, env });
/** The error is one line, the last; progress lines (plain mode) may precede it, a stack trace never. */
const oneLineError = (r: OxenRun, progress = false): void => {
  const lines = r.stderr.trimEnd().split('\n');
  if (!progress) expect(lines).toHaveLength(1);
  expect(lines.filter((l) => l.startsWith('Error: '))).toEqual([lines.at(-1)]);
  expect(r.stderr).not.toMatch(/^\s+at /m);
};

interface Report {
  tool: string;
  settings: { variants: string[]; workloads: string[]; concurrency: number[]; iterations: number | null };
  environment: { database: { dialect: string; url: string } };
  results: { workload: string; concurrency: number; variants: { variant: string; ops: number; errors: number; firstError: string | null }[] }[];
  warnings: string[];
}

beforeAll(async () => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'oxen-user-bench-'));
  write('bench/models.ts', MODELS);
  write('bench/orders.bench.ts', ORDERS_BENCH);
  write('wrong/models.ts', MODELS);
  write('wrong/wrong.bench.ts', WRONG_BENCH);
  executors = (await loadNative())?.isNativeAvailable() ? ['js', 'native'] : ['js'];
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function expectOrdersReport(report: Report, dialect: string): void {
  expect(reportSchemaError(report)).toBeUndefined();
  expect(report.tool).toBe('BenchmarkSuite');
  expect(report.environment.database.dialect).toBe(dialect);
  expect(report.settings.variants).toEqual(executors);
  expect(report.settings.workloads).toEqual(['orders.bench.ts:by_customer', 'orders.bench.ts:count']);
  expect(report.results.map((c) => [c.workload, c.concurrency])).toEqual([
    ['orders.bench.ts:by_customer', 2],
    ['orders.bench.ts:count', 2],
  ]);
  for (const cell of report.results) {
    expect(cell.variants.map((v) => v.variant)).toEqual(executors);
    for (const v of cell.variants) {
      expect(v.ops, `${cell.workload} ${v.variant}`).toBe(40);
      expect(v.errors).toBe(0);
    }
  }
  expect(report.warnings.filter((w) => /skipped|teardown/.test(w))).toEqual([]);
}

describe('BenchmarkSuite: hooks, list and verify', () => {
  it('run() calls setup once before and teardown once after (last given first); a wrong answer is an error', async () => {
    const events: string[] = [];
    const suite = new BenchmarkSuite({ iterations: 10, rounds: 2, warmup: 0 });
    suite.setup(() => events.push('setup 1')).setup(async () => void events.push('setup 2'));
    suite.teardown(() => events.push('teardown 1')).teardown(() => events.push('teardown 2'));
    suite.benchmark('right', () => (events.push('right'), 2), { verify: (n) => (n === 2 ? undefined : 'not 2') });
    suite.benchmark('wrong', async () => 3, { verify: (n) => (n === 2 ? undefined : `expected 2, got ${n}`) });
    suite.benchmark('bad_check', () => 1, {
      verify: () => {
        throw new Error('no idea');
      },
    });
    suite.benchmark('plain')(() => 4);
    expect(suite.options).toEqual({ iterations: 10, rounds: 2, warmup: 0 });
    expect(suite.list().map((e) => [e.name, typeof e.verify])).toEqual([
      ['right', 'function'],
      ['wrong', 'function'],
      ['bad_check', 'function'],
      ['plain', 'undefined'],
    ]);

    const results = await suite.run();
    expect(events).toEqual(['setup 1', 'setup 2', ...Array<string>(10).fill('right'), 'teardown 2', 'teardown 1']);
    expect(results.right).toMatchObject({ samples: 10, errors: 0 });
    expect(results.wrong).toMatchObject({ samples: 0, errors: 10 });
    expect(results.plain).toMatchObject({ samples: 10, errors: 0 });
    const firstErrors = suite.report!.results.map((c) => c.variants[0]!.firstError);
    expect(firstErrors).toEqual([null, 'wrong result: expected 2, got 3', 'wrong result: verify threw: no idea', null]);
  });

  it('a failing setup still runs the teardown, and run() rejects with the setup error', async () => {
    const events: string[] = [];
    const suite = new BenchmarkSuite({ iterations: 2 })
      .setup(() => {
        throw new Error('setup broke');
      })
      .teardown(() => {
        events.push('teardown');
        throw new Error('teardown broke too');
      })
      .benchmark('x', () => events.push('x'));
    await expect(suite.run()).rejects.toThrow('setup broke');
    expect(events).toEqual(['teardown']);
  });
});

describe('loadBenchFiles', () => {
  it("loads a TypeScript bench file that imports 'oxen-orm' and a local models file", async () => {
    const [loaded] = await loadBenchFiles(['bench/orders.bench.ts'], { cwd });
    expect(loaded!.file).toBe(join(cwd, 'bench/orders.bench.ts'));
    expect(loaded!.suite.options).toEqual({ iterations: 40, rounds: 4, concurrency: 2 });
    const list = loaded!.suite.list();
    expect(list.map((e) => e.name)).toEqual(['by_customer', 'count']);
    expect(list[1]!.verify?.(50)).toBeUndefined();
    expect(list[1]!.verify?.(49)).toBe('expected 50 orders, got 49');
  });

  it('loads a file with top-level await', async () => {
    write('tla/tla.bench.ts', "import { BenchmarkSuite } from 'oxen-orm';\nconst n = await Promise.resolve(7);\nexport default new BenchmarkSuite().benchmark(`n${n}`, () => n);\n");
    const [loaded] = await loadBenchFiles(['tla/tla.bench.ts'], { cwd });
    expect(loaded!.suite.list().map((e) => e.name)).toEqual(['n7']);
  });

  it("binds 'oxen-orm' to packageRoot's build, and evaluates the user's modules again for it", async () => {
    // A copy of this package: dist copied (Node resolves symlinks, so a linked dist would be this very
    // build), node_modules and the native addon linked.
    const copy = mkdtempSync(join(tmpdir(), 'oxen-user-bench-pkg-'));
    try {
      cpSync(join(root, 'package.json'), join(copy, 'package.json'));
      cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
      symlinkSync(join(root, 'native'), join(copy, 'native'));
      const own = (await import(pathToFileURL(join(root, 'dist/index.js')).href)) as typeof import('../../src/index.js');
      const other = (await import(pathToFileURL(join(copy, 'dist/index.js')).href)) as typeof import('../../src/index.js');
      expect(other.BenchmarkSuite).not.toBe(own.BenchmarkSuite);

      const [mine] = await loadBenchFiles(['bench/orders.bench.ts'], { cwd });
      const [theirs] = await loadBenchFiles(['bench/orders.bench.ts'], { cwd, packageRoot: copy });
      expect(mine!.suite).toBeInstanceOf(own.BenchmarkSuite);
      expect(theirs!.suite).toBeInstanceOf(other.BenchmarkSuite);
      expect(theirs!.suite).not.toBeInstanceOf(own.BenchmarkSuite);
      expect(theirs!.suite.constructor).not.toBe(mine!.suite.constructor);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('finds *.bench.{ts,js,mts,mjs} files, skipping node_modules, dist and .git', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxen-user-bench-find-'));
    try {
      for (const f of ['a.bench.ts', 'sub/b.bench.mjs', 'sub/c.bench.js', 'd.bench.mts', 'e.ts', 'node_modules/x/f.bench.ts', 'dist/g.bench.js', '.git/h.bench.ts']) {
        mkdirSync(join(dir, f, '..'), { recursive: true });
        writeFileSync(join(dir, f), '');
      }
      expect(findBenchFiles(dir)).toEqual(['a.bench.ts', 'd.bench.mts', 'sub/b.bench.mjs', 'sub/c.bench.js']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('oxen benchmark run', () => {
  it('runs a bench file on SQLite on each executor: setup before, teardown after, a valid report', () => {
    const db = join(cwd, 'orders.sqlite');
    const r = run(['bench/orders.bench.ts', '--url', `sqlite://${db}`, '--output', 'sqlite.json']);
    expect(r.stderr).toMatch(/orders\.bench\.ts: setup\n/);
    expect(r.stderr).toMatch(/orders\.bench\.ts: teardown\n/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ orders\.bench\.ts:by_customer\s+│\s+2 │ js /);
    expectOrdersReport(readJson<Report>('sqlite.json'), 'sqlite');
    // The benchmarks read the table setup filled (their answers were verified); teardown dropped it.
    const tables = new Database(db, { readonly: true }).prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    expect(tables).toEqual([]);
  });

  it.runIf(postgresUrl)('runs a bench file on PostgreSQL; teardown drops the table', async () => {
    const r = run(['bench/orders.bench.ts', '--url', postgresUrl!, '--output', 'postgres.json']);
    expect(r.code, r.stderr).toBe(0);
    expectOrdersReport(readJson<Report>('postgres.json'), 'postgres');
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT to_regclass($1) AS t', [table]);
      expect(rows).toEqual([{ t: null }]);
    } finally {
      await client.end();
    }
  });

  it('flags override the suite options, and --json prints the report it writes', () => {
    const r = run(['bench/orders.bench.ts', '--iterations', '12', '--rounds', '3', '--concurrency', '1,3', '--executor', 'js', '--json', '--output', 'flags.json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toEqual(readJson('flags.json'));
    expect(report.settings).toMatchObject({ iterations: 12, concurrency: [1, 3], variants: ['js'] });
    expect(report.results.map((c) => `${c.workload} c=${c.concurrency} ${c.variants.map((v) => `${v.variant}:${v.ops}`).join(',')}`)).toEqual([
      'orders.bench.ts:by_customer c=1 js:12',
      'orders.bench.ts:by_customer c=3 js:12',
      'orders.bench.ts:count c=1 js:12',
      'orders.bench.ts:count c=3 js:12',
    ]);
    // Nothing configured: the embedded default database, ./oxen.sqlite.
    expect(report.environment.database.url).toBe(`sqlite://${join(cwd, 'oxen.sqlite')}`);
  });

  it('a verify that names a problem fails the run (exit 1) and the report says what was wrong', () => {
    const r = run(['wrong/wrong.bench.ts', '--url', `sqlite://${join(cwd, 'wrong.sqlite')}`, '--output', 'wrong.json']);
    expect(r.code).toBe(1);
    oneLineError(r, true);
    expect(r.stderr).toMatch(/Error: the benchmark had failures \(wrong\.bench\.ts:wrong c=1 js: \d+ failed/);
    const report = readJson<Report>('wrong.json');
    expect(reportSchemaError(report)).toBeUndefined();
    for (const v of report.results[0]!.variants) {
      expect(v.ops).toBe(0);
      expect(v.firstError).toBe('wrong result: expected 3 orders, got 0');
    }
  });

  it('a failing setup skips the file, still runs its teardown, and fails the run', () => {
    write('broken/broken.bench.ts', `
      import { BenchmarkSuite } from 'oxen-orm';
      const suite = new BenchmarkSuite({ iterations: 4, rounds: 2 });
      suite.setup(() => { throw new Error('no seed data today'); });
      suite.teardown(() => { console.error('teardown ran'); });
      suite.benchmark('never', () => 1);
      export default suite;
    `);
    const r = run(['broken/broken.bench.ts', '--url', `sqlite://${join(cwd, 'broken.sqlite')}`, '--output', 'broken.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/teardown ran/);
    expect(r.stderr).toMatch(/Error: the benchmark had failures \(broken\.bench\.ts skipped: setup failed: no seed data today\)/);
    expect(readJson<Report>('broken.json').results).toEqual([]);
  });

  it('without file names, runs every *.bench.* file under the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxen-user-bench-all-'));
    try {
      mkdirSync(join(dir, 'bench'));
      mkdirSync(join(dir, 'node_modules'));
      writeFileSync(join(dir, 'bench/one.bench.ts'), "import { BenchmarkSuite } from 'oxen-orm';\nexport default new BenchmarkSuite({ iterations: 5, rounds: 1 }).benchmark('a', () => 1);\n");
      writeFileSync(join(dir, 'two.bench.mjs'), "import { BenchmarkSuite } from 'oxen-orm';\nexport default new BenchmarkSuite({ iterations: 5, rounds: 1 }).benchmark('b', async () => 2, { verify: (x) => (x === 2 ? undefined : 'not 2') });\n");
      writeFileSync(join(dir, 'node_modules/three.bench.ts'), 'this is not even TypeScript');
      const r = runOxen(['benchmark', 'run', '--executor', 'js', '--output', 'all.json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8')) as Report;
      expect(report.settings.workloads).toEqual(['one.bench.ts:a', 'two.bench.mjs:b']);
      expect(report.results.map((c) => c.variants[0]!.ops)).toEqual([5, 5]);
      expect(existsSync(join(dir, 'bench-results'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes bench-results/<date>-<dialect>-run.json by default', () => {
    const r = run(['bench/orders.bench.ts', '--executor', 'js', '--iterations', '4', '--rounds', '2', '--concurrency', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Report written to bench-results\/\d{4}-\d\d-\d\d-sqlite-run\.json/);
  });

  it('bad input: one line, exit 2, nothing written', () => {
    write('bad/syntax.bench.ts', "import { BenchmarkSuite } from 'oxen-orm';\nexport default new BenchmarkSuite(.benchmark('x', () => 1);\n");
    write('bad/nodefault.bench.ts', "import { BenchmarkSuite } from 'oxen-orm';\nexport const suite = new BenchmarkSuite().benchmark('x', () => 1);\n");
    write('bad/empty.bench.ts', "import { BenchmarkSuite } from 'oxen-orm';\nexport default new BenchmarkSuite();\n");
    write('bad/missing-import.bench.ts', "import { BenchmarkSuite } from 'oxen-orm';\nimport { X } from './nowhere.js';\nexport default new BenchmarkSuite().benchmark('x', () => X);\n");
    write('bad/notes.txt', 'hello');
    const cases: [string[], RegExp][] = [
      [['bad/none.bench.ts'], /benchmark file bad\/none\.bench\.ts does not exist/],
      [['bad/syntax.bench.ts'], /benchmark file bad\/syntax\.bench\.ts could not be loaded: .*Unexpected token/],
      [['bad/nodefault.bench.ts'], /bad\/nodefault\.bench\.ts does not default-export a BenchmarkSuite: end it with `export default suite`/],
      [['bad/empty.bench.ts'], /bad\/empty\.bench\.ts has no benchmarks: register one with suite\.benchmark\(name, fn\)/],
      [['bad/missing-import.bench.ts'], /could not be loaded: Cannot find module '\.\/nowhere\.js'/],
      [['bad/notes.txt'], /bad\/notes\.txt: use a \.ts, \.mts, \.js or \.mjs file/],
      [['bench/orders.bench.ts', 'bench/orders.bench.ts'], /two benchmarks are named orders\.bench\.ts:by_customer/],
      [['bench/orders.bench.ts', '--url', 'notaurl'], /invalid database URL notaurl/],
      [['bench/orders.bench.ts', '--concurrency', '0'], /--concurrency: "0" is not a whole number/],
      [['bench/orders.bench.ts', '--executor', 'turbo'], /--executor: "turbo" is not an executor/],
      [['bench/orders.bench.ts', '--nope'], /--nope/],
    ];
    for (const [args, message] of cases) {
      const r = run([...args, '--output', 'never.json']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      oneLineError(r);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const empty = mkdtempSync(join(tmpdir(), 'oxen-user-bench-none-'));
    try {
      const r = runOxen(['benchmark', 'run'], { cwd: empty });
      expect(r.code).toBe(2);
      oneLineError(r);
      expect(r.stderr).toMatch(/no benchmark files: name them/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(existsSync(join(cwd, 'never.json'))).toBe(false);
  });

  it('reads the database from oxen.config.ts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxen-user-bench-config-'));
    try {
      const db = join(dir, 'from-config.sqlite');
      writeFileSync(
        join(dir, 'oxen.config.ts'),
        `import type { OxenConfig } from 'oxen-orm';\nconst config: OxenConfig = { databases: { default: ${JSON.stringify(`sqlite://${db}`)} } };\nexport default config;\n`,
      );
      cpSync(join(cwd, 'bench'), join(dir, 'bench'), { recursive: true });
      const r = runOxen(['benchmark', 'run', 'bench/orders.bench.ts', '--executor', 'js', '--iterations', '4', '--rounds', '2', '--output', 'c.json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as Report;
      expect(report.environment.database.url).toBe(`sqlite://${db}`);
      expect(existsSync(db)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the README example bench file', () => {
  const template = readFileSync(join(root, 'templates/bench/users.bench.ts'), 'utf8');

  // A ```typescript block: README's ```ts blocks are scripts that test/readme runs on their own; this is a module
  // that only `oxen benchmark run` runs, which the next test does.
  it('is templates/bench/users.bench.ts, word for word', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`typescript\n${template}\`\`\``);
  });

  it('runs as the README shows, and its answers verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxen-user-bench-readme-'));
    try {
      mkdirSync(join(dir, 'bench'));
      writeFileSync(join(dir, 'bench/users.bench.ts'), template);
      const r = runOxen(['benchmark', 'run', 'bench/users.bench.ts', '--duration', '0.2', '--rounds', '2', '--output', 'users.json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')) as Report;
      expect(report.results.map((c) => `${c.workload} c=${c.concurrency}`)).toEqual(['users.bench.ts:active_page c=4', 'users.bench.ts:count_adults c=4']);
      for (const cell of report.results) {
        expect(cell.variants.map((v) => v.variant)).toEqual(executors);
        for (const v of cell.variants) {
          expect(v.ops).toBeGreaterThan(0);
          expect(v.errors).toBe(0);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
