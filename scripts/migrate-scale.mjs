#!/usr/bin/env node
/**
 * How long `oxen migrate make` takes for 200 models and `oxen migrate status` with 1,000 applied
 * migrations (issue 11 asks for each under 1 second). A benchmark, not a timed test: it prints the
 * figures and writes them, with the environment, to bench-results/migrate/scale-<date>[-N].json
 * (never overwriting a file).
 *
 *   npm run build
 *   node scripts/migrate-scale.mjs                                   # SQLite (a temporary file)
 *   node scripts/migrate-scale.mjs --url postgres://postgres@127.0.0.1:5432/test --url mysql://root@127.0.0.1:3306/test
 *   (or MIGRATE_SCALE_URLS=url1,url2)
 *
 * `make`: a temp project of --models models (mixed fields, foreign keys to earlier models, indexes),
 * timed end to end with the built binary (a fresh `migrate make initial` per run), and the core part
 * (load models + replay the files + detect changes + write) in this process.
 * `status`: --migrations small migration files (a table each for the first 100, then a nullable
 * column or an index on one of them), applied with `oxen migrate up` on each database, then
 * `oxen migrate status` timed end to end (history read, checksums, replay, drift via inspect), and
 * its core part (migrationStatus) in this process. On a server it works in a database of its own,
 * `mscale_<pid>`, dropped at the end; tables are named mscale_*.
 */
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createExecutor } from '../dist/core/executor/create-executor.js';
import { dialects } from '../dist/core/dialect/dialects.js';
import { parseDatabaseUrl } from '../dist/core/ground/parse-url.js';
import { loadMakeInputs, settleChanges, writeMigration } from '../dist/core/schema/migrate/make-migration.js';
import { loadMigrationFiles } from '../dist/core/schema/migrate/migration-files.js';
import { migrationStatus } from '../dist/core/schema/migrate/migration-status.js';
import { writeMigrationFile } from '../dist/core/schema/migrate/migration-writer.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'oxen.js');
const { values } = parseArgs({
  options: {
    url: { type: 'string', multiple: true },
    models: { type: 'string', default: '200' },
    migrations: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    executor: { type: 'string', default: 'native' },
    'no-sqlite': { type: 'boolean', default: false },
  },
});
const MODELS = Number(values.models);
const MIGRATIONS = Number(values.migrations);
const RUNS = Number(values.runs);
const EXECUTOR = values.executor;
const urls = [
  ...(values['no-sqlite'] ? [] : ['sqlite']),
  ...(values.url ?? []),
  ...(process.env.MIGRATE_SCALE_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean),
];
const POOL = { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 30, poolRecycle: 0, poolPrePing: false };
const DB = `mscale_${process.pid}`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (xs) => ({ medianMs: round(median(xs)), minMs: round(Math.min(...xs)), maxMs: round(Math.max(...xs)), runs: xs.map(round) });
const round = (ms) => Math.round(ms * 10) / 10;

/** Runs the built binary; throws with its stderr when it fails. Returns the wall time in ms. */
function oxen(args, cwd, okCodes = [0]) {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OXEN_'))), CI: 'true' };
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (!okCodes.includes(run.status)) throw new Error(`oxen ${args.join(' ')} exited ${run.status}: ${run.stderr || run.stdout}`.slice(0, 2000));
  return { ms, stdout: run.stdout, stderr: run.stderr };
}

/** Model i: an id, a mix of field kinds, ForeignKeys to models i-1 and i-7, a unique field and two indexes. */
function modelsSource(n) {
  const out = ["import { model, AutoField, IntField, BigIntField, CharField, TextField, BooleanField, DateTimeField, DecimalField, ForeignKey, type AnyModel } from 'oxen-orm';", ''];
  const name = (i) => `M${String(i).padStart(3, '0')}`;
  for (let i = 0; i < n; i++) {
    const fields = [
      '  id: AutoField(),',
      "  title: CharField({ maxLength: 120 }),",
      "  code: CharField({ maxLength: 32, unique: true }),",
      '  body: TextField({ null: true }),',
      "  amount: DecimalField({ maxDigits: 12, decimalPlaces: 2, default: '0.00' }),",
      '  active: BooleanField({ default: true }),',
      '  createdAt: DateTimeField({ autoNowAdd: true }),',
      '  counter: IntField({ default: 0 }),',
      '  big: BigIntField({ null: true }),',
    ];
    if (i >= 1) fields.push(`  parent: ForeignKey((): AnyModel => ${name(i - 1)}, { onDelete: 'CASCADE' }),`);
    if (i >= 7) fields.push(`  other: ForeignKey((): AnyModel => ${name(i - 7)}, { onDelete: 'SET NULL', null: true }),`);
    out.push(
      `export const ${name(i)} = model('${name(i)}', {`,
      ...fields,
      '}, {',
      `  tableName: 'mscale_m${i}',`,
      `  indexes: [{ fields: ['title'], name: 'mscale_m${i}_title' }, { fields: ['active', 'createdAt'], name: 'mscale_m${i}_active_created' }],`,
      '});',
      '',
    );
  }
  out.push(`export const models = [${Array.from({ length: n }, (_, i) => name(i)).join(', ')}];`, '');
  return out.join('\n');
}

function project(url) {
  const dir = mkdtempSync(join(tmpdir(), 'oxen-mscale-'));
  writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: ${JSON.stringify(url)} }, executor: ${JSON.stringify(EXECUTOR)}, models: './models.ts', migrations: './migrations' };\n`);
  return dir;
}

async function benchMake() {
  const dir = project('sqlite://./unused.sqlite');
  try {
    writeFileSync(join(dir, 'models.ts'), modelsSource(MODELS));
    const migrations = join(dir, 'migrations');
    const endToEnd = [];
    let operations = 0;
    for (let r = 0; r < RUNS + 1; r++) {
      rmSync(migrations, { recursive: true, force: true });
      const run = oxen(['migrate', 'make', 'initial', '--json'], dir);
      operations = JSON.parse(run.stdout).operations.length;
      if (r > 0) endToEnd.push(run.ms); // the first run warms the file cache and jiti's
    }
    // The core part, in this process: the same steps as the command, without Node's and oclif's start-up.
    const core = [];
    const source = { paths: ['./models.ts'], baseDir: dir };
    for (let r = 0; r < RUNS + 1; r++) {
      rmSync(migrations, { recursive: true, force: true });
      const t0 = performance.now();
      const inputs = await loadMakeInputs(migrations, source);
      const ops = await settleChanges(inputs, {});
      await writeMigration(migrations, 'initial', ops);
      if (r > 0) core.push(performance.now() - t0);
    }
    // A second migration on top of the first: one field added to one model, the files replayed.
    writeFileSync(join(dir, 'models.ts'), modelsSource(MODELS).replace("  big: BigIntField({ null: true }),\n", "  big: BigIntField({ null: true }),\n  extra: IntField({ null: true }),\n"));
    const second = [];
    for (let r = 0; r < RUNS; r++) {
      rmSync(join(migrations, '0002_extra.ts'), { force: true });
      second.push(oxen(['migrate', 'make', 'extra'], dir).ms);
    }
    return { models: MODELS, operations, endToEnd: summary(endToEnd), core: summary(core), secondMigrationEndToEnd: summary(second) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Migration i (1-based): tables 1..100 created first, then a nullable column or an index on table i % 100. */
function migrationOperations(i) {
  const tables = 100;
  const t = (k) => `mscale_t${k}`;
  if (i <= tables) {
    return [{ op: 'createTable', table: { name: t(i), columns: [{ name: 'id', type: { kind: 'auto' }, nullable: false }, { name: 'a', type: { kind: 'int' }, nullable: true }], primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [] } }];
  }
  const k = (i % tables) + 1;
  if (i % 2 === 0) return [{ op: 'addColumn', table: t(k), column: { name: `c${i}`, type: { kind: 'int' }, nullable: true } }];
  return [{ op: 'addIndex', table: t(k), index: { name: `mscale_t${k}_a_${i}`, columns: ['a'], unique: false } }];
}

async function writeMigrations(dir) {
  const migrations = join(dir, 'migrations');
  // One writer call per file, as `make` would write them over time; a fixed clock keeps the checksums reproducible.
  const now = new Date('2026-01-01T00:00:00Z');
  for (let i = 1; i <= MIGRATIONS; i++) await writeMigrationFile(migrations, `step_${i}`, migrationOperations(i), { now });
  return migrations;
}

async function serverDatabase(base) {
  const admin = await createExecutor(base, POOL, 'js');
  const q = base.dialect === 'postgres' ? `"${DB}"` : `\`${DB}\``;
  await admin.execute({ sql: `CREATE DATABASE ${q}`, params: [] });
  return { url: { ...base, database: DB }, drop: async () => { await admin.execute({ sql: `DROP DATABASE ${q}${base.dialect === 'postgres' ? ' WITH (FORCE)' : ''}`, params: [] }); await admin.close(); } };
}

function urlText(url) {
  // Passwords never appear: this URL goes into a config file in a temp dir only; the report holds url.redacted.
  const auth = url.user ? `${encodeURIComponent(url.user)}${url.password ? `:${encodeURIComponent(url.password)}` : ''}@` : '';
  return `${url.dialect === 'postgres' ? 'postgres' : 'mysql'}://${auth}${url.host ?? '127.0.0.1'}${url.port ? `:${url.port}` : ''}/${url.database}`;
}

async function benchStatus(target) {
  let url;
  let drop = async () => {};
  let tmp;
  if (target === 'sqlite') {
    tmp = mkdtempSync(join(tmpdir(), 'oxen-mscale-db-'));
    url = parseDatabaseUrl(`sqlite://${join(tmp, 'scale.sqlite')}`);
  } else {
    ({ url, drop } = await serverDatabase(parseDatabaseUrl(target)));
  }
  const dir = project(url.dialect === "sqlite" ? `sqlite://${url.filename}` : urlText(url));
  try {
    const migrations = await writeMigrations(dir);
    const up = oxen(['migrate', 'up', '--json'], dir);
    const applied = JSON.parse(up.stdout).migrations.length;
    if (applied !== MIGRATIONS) throw new Error(`up applied ${applied} of ${MIGRATIONS}`);

    const endToEnd = [];
    let last;
    for (let r = 0; r < RUNS + 1; r++) {
      const run = oxen(['migrate', 'status', '--check', '--json'], dir);
      last = JSON.parse(run.stdout);
      if (r > 0) endToEnd.push(run.ms);
    }
    const counts = last.counts ?? last;
    if (last.problems !== undefined && last.problems !== 0) throw new Error(`status reports ${last.problems} problems`);

    const executor = await createExecutor(url, POOL, EXECUTOR);
    const module = dialects[url.dialect];
    const dialect = await module.dialect(executor);
    const core = [];
    const parts = { loadFilesMs: [], statusMs: [] };
    for (let r = 0; r < RUNS + 1; r++) {
      const t0 = performance.now();
      const files = await loadMigrationFiles(migrations);
      const t1 = performance.now();
      const status = await migrationStatus({ executor, dialect, files });
      const t2 = performance.now();
      if (status.problems !== 0) throw new Error(`migrationStatus reports ${status.problems} problems: ${JSON.stringify(status.counts)} ${JSON.stringify(status.drift.slice(0, 2))}`);
      if (r > 0) {
        core.push(t2 - t0);
        parts.loadFilesMs.push(t1 - t0);
        parts.statusMs.push(t2 - t1);
      }
    }
    const skipDrift = [];
    const files = await loadMigrationFiles(migrations);
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await migrationStatus({ executor, dialect, files, skipDrift: true });
      skipDrift.push(performance.now() - t0);
    }
    const version = await serverVersion(executor, url.dialect);
    await executor.close();
    return {
      database: url.redacted,
      dialect: url.dialect,
      serverVersion: version,
      executor: EXECUTOR,
      migrations: MIGRATIONS,
      applyAllMs: round(up.ms),
      statusCounts: counts.applied !== undefined ? { applied: counts.applied, pending: counts.pending } : counts,
      endToEnd: summary(endToEnd),
      core: summary(core),
      coreParts: { loadFiles: summary(parts.loadFilesMs), historyReplayAndDrift: summary(parts.statusMs), historyOnlyNoDrift: summary(skipDrift) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await drop();
  }
}

async function serverVersion(executor, dialect) {
  const sql = dialect === 'sqlite' ? 'SELECT sqlite_version()' : dialect === 'postgres' ? 'SHOW server_version' : 'SELECT VERSION()';
  return String((await executor.query({ sql, params: [] })).rows[0][0]);
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function outputFile() {
  const dir = join(ROOT, 'bench-results', 'migrate');
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  let file = join(dir, `scale-${date}.json`);
  for (let n = 2; existsSync(file); n++) file = join(dir, `scale-${date}-${n}.json`);
  return file;
}

async function main() {
  const environment = {
    cpu: { model: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length },
    os: `${platform()} ${release()}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    executor: EXECUTOR,
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: (git(['status', '--porcelain']) ?? '') !== '',
    runs: RUNS,
  };
  const make = await benchMake();
  console.log(`make, ${make.models} models (${make.operations} operations): end to end median ${make.endToEnd.medianMs} ms (min ${make.endToEnd.minMs}, max ${make.endToEnd.maxMs}); core ${make.core.medianMs} ms; a second migration on top ${make.secondMigrationEndToEnd.medianMs} ms`);
  const status = [];
  for (const target of urls) {
    const s = await benchStatus(target);
    status.push(s);
    console.log(`status, ${s.migrations} applied migrations on ${s.dialect} ${s.serverVersion} (${s.executor}): end to end median ${s.endToEnd.medianMs} ms (min ${s.endToEnd.minMs}, max ${s.endToEnd.maxMs}); core ${s.core.medianMs} ms (files ${s.coreParts.loadFiles.medianMs}, history+replay+drift ${s.coreParts.historyReplayAndDrift.medianMs}, without drift ${s.coreParts.historyOnlyNoDrift.medianMs}); up of all ${s.applyAllMs} ms`);
  }
  const report = { schemaVersion: 1, kind: 'migrate-scale', createdAt: new Date().toISOString(), command: `node scripts/migrate-scale.mjs ${process.argv.slice(2).map((a) => a.replace(/\/\/[^@/]*:[^@/]*@/, '//***@')).join(' ')}`.trim(), environment, make, status };
  const file = outputFile();
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log('');
  console.log('| measure | end to end (median) | core (median) | under 1 s |');
  console.log('|---|---|---|---|');
  console.log(`| make, ${make.models} models | ${make.endToEnd.medianMs} ms | ${make.core.medianMs} ms | ${make.endToEnd.medianMs < 1000 ? 'yes' : 'NO'} |`);
  for (const s of status) console.log(`| status, ${s.migrations} applied, ${s.dialect} | ${s.endToEnd.medianMs} ms | ${s.core.medianMs} ms | ${s.endToEnd.medianMs < 1000 ? 'yes' : 'NO'} |`);
  console.log(`\nwrote ${file}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
