#!/usr/bin/env node
/**
 * How long `oxen inspect` takes on a large schema: creates a throwaway database of N tables (50 columns,
 * 3 indexes and 2 foreign keys each, by default 1,000 tables), then inspects it --runs times with each
 * executor and prints the median time and the number of catalog queries per inspection.
 *
 *   npm run build
 *   node scripts/inspect-scale.mjs --url postgres://postgres@127.0.0.1:5432/test
 *   node scripts/inspect-scale.mjs --url mysql://root@127.0.0.1:3306/test
 *   node scripts/inspect-scale.mjs --url sqlite             # a temporary file
 *
 * On a server it creates the database `oxen_inspect_scale` beside the URL's one and drops it at the end
 * (--keep leaves it); it stops if that database already exists rather than drop something it did not make.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createExecutor } from '../dist/core/executor/create-executor.js';
import { dialects } from '../dist/core/dialect/dialects.js';
import { parseDatabaseUrl } from '../dist/core/ground/parse-url.js';
import { planCreate } from '../dist/core/schema/plan-create.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'sqlite' },
    tables: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    executors: { type: 'string', default: 'js,native' },
    keep: { type: 'boolean', default: false },
  },
});
const TABLES = Number(values.tables);
const RUNS = Number(values.runs);
const DB = 'oxen_inspect_scale';
const POOL = { connectionPoolSize: 1, maxOverflow: 0, poolTimeout: 30, poolRecycle: 0, poolPrePing: false };

/** Table i: an id, 49 columns of mixed kinds, foreign keys to tables i-1 and i-2, three indexes. */
function scaleState(n) {
  const kinds = [{ kind: 'int' }, { kind: 'bigint' }, { kind: 'char', maxLength: 100 }, { kind: 'text' }, { kind: 'datetime' }, { kind: 'boolean' }, { kind: 'decimal', precision: 10, scale: 2 }];
  const tables = [];
  for (let i = 0; i < n; i++) {
    const name = `t${String(i).padStart(4, '0')}`;
    const columns = [{ name: 'id', type: { kind: 'auto' }, nullable: false }];
    for (let c = 1; c < 50; c++) columns.push({ name: `c${c}`, type: kinds[c % kinds.length], nullable: c % 3 === 0 });
    const foreignKeys = [];
    for (const back of [1, 2]) {
      if (i - back < 0) continue;
      const target = `t${String(i - back).padStart(4, '0')}`;
      foreignKeys.push({ name: `${name}_fk${back}`, columns: [`c${back * 7}`], referencedTable: target, referencedColumns: ['id'], onDelete: 'CASCADE' });
    }
    const indexes = [
      { name: `${name}_i1`, columns: ['c1'], unique: false },
      { name: `${name}_i2`, columns: ['c2', 'c8'], unique: false },
      { name: `${name}_i3`, columns: ['c15'], unique: true },
    ];
    // The FK columns (c7, c14) must be integers holding the target's id.
    columns[7] = { name: 'c7', type: { kind: 'int' }, nullable: true };
    columns[14] = { name: 'c14', type: { kind: 'int' }, nullable: true };
    tables.push({ name, columns, primaryKey: ['id'], uniques: [], indexes, foreignKeys, checks: [] });
  }
  return { version: 2, tables, views: [], enums: [] };
}

async function serverAdmin(url) {
  const admin = await createExecutor(url, POOL, 'js');
  const exists = url.dialect === 'postgres'
    ? await admin.query({ sql: 'SELECT 1 FROM pg_database WHERE datname = $1', params: [DB] })
    : await admin.query({ sql: 'SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', params: [DB] });
  if (exists.rows.length > 0) throw new Error(`database ${DB} already exists: drop it (it is this script's) or inspect it with --keep runs`);
  await admin.execute({ sql: `CREATE DATABASE ${url.dialect === 'postgres' ? `"${DB}"` : `\`${DB}\``}`, params: [] });
  return admin;
}

async function main() {
  let url;
  let admin;
  let tmp;
  if (values.url === 'sqlite') {
    tmp = mkdtempSync(join(tmpdir(), 'oxen-inspect-scale-'));
    url = parseDatabaseUrl(`sqlite://${join(tmp, 'scale.sqlite')}`);
  } else {
    const base = parseDatabaseUrl(values.url);
    admin = await serverAdmin(base);
    url = { ...base, database: DB };
  }
  try {
    const build = await createExecutor(url, POOL, 'js');
    const module = dialects[url.dialect];
    const ddl = module.ddl(await module.dialect(build));
    const started = performance.now();
    const { statements } = planCreate(scaleState(TABLES), ddl);
    if (url.dialect === 'sqlite') await build.execute({ sql: 'BEGIN', params: [] });
    for (const sql of statements) await build.execute({ sql, params: [] });
    if (url.dialect === 'sqlite') await build.execute({ sql: 'COMMIT', params: [] });
    await build.close();
    console.log(`${url.redacted}: created ${TABLES} tables (${statements.length} statements) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    for (const kind of values.executors.split(',')) {
      const executor = await createExecutor(url.dialect === 'sqlite' ? { ...url, params: { ...url.params, mode: 'ro' } } : url, POOL, kind);
      let queries = 0;
      const counting = {
        query: (stmt) => (queries++, executor.query(stmt)),
        execute: (stmt) => (queries++, executor.execute(stmt)),
        batch: (stmts) => ((queries += stmts.length), executor.batch(stmts)),
      };
      const times = [];
      let inspection;
      for (let r = 0; r < RUNS; r++) {
        queries = 0;
        const t0 = performance.now();
        inspection = await module.introspector.inspect(counting, {});
        times.push(performance.now() - t0);
      }
      await executor.close();
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const tables = inspection.state.tables.length;
      const columns = inspection.state.tables.reduce((n, t) => n + t.columns.length, 0);
      const indexes = inspection.state.tables.reduce((n, t) => n + t.indexes.length, 0);
      const fks = inspection.state.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
      console.log(
        `${url.dialect} ${kind}: median ${(median / 1000).toFixed(2)} s over ${RUNS} runs (min ${(times[0] / 1000).toFixed(2)}, max ${(times.at(-1) / 1000).toFixed(2)}); ` +
          `${queries} catalog queries; read ${tables} tables, ${columns} columns, ${indexes} indexes, ${fks} foreign keys, ${inspection.warnings.length} warnings`,
      );
      for (const w of inspection.warnings.slice(0, 3)) console.log(`  warning: ${w.object}: ${w.message}`);
    }
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (admin) {
      if (!values.keep) await admin.execute({ sql: `DROP DATABASE ${url.dialect === 'postgres' ? `"${DB}"` : `\`${DB}\``}`, params: [] });
      await admin.close();
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
