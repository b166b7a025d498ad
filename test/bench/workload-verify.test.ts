/**
 * Every workload's three operations (the ORM call, `raw` with object rows, `raw_array` with array
 * rows) on every database and executor: their real answers pass verify, and verify reports a problem
 * when the sampled row's content, the row count or the asked-for id is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineBenchModels } from '../../src/core/bench/dataset/bench-models.js';
import { datasetFacts, UPDATE_BLOCK, UPDATED_AGE_MIN } from '../../src/core/bench/dataset/dataset.js';
import { dropDataset, seedDataset } from '../../src/core/bench/dataset/seed-dataset.js';
import { openOrmSession, type OrmSession } from '../../src/core/bench/orm-session.js';
import { openRawDriver } from '../../src/core/bench/raw/open-raw-driver.js';
import type { RawDriver } from '../../src/core/bench/raw/raw-driver.js';
import type { Operation } from '../../src/core/bench/run-chunk.js';
import { WORKLOADS } from '../../src/core/bench/workloads/index.js';
import type { BenchContext } from '../../src/core/bench/workloads/workload.js';
import { parseDatabaseUrl } from '../../src/core/ground/parse-url.js';
import { testTargets } from '../support/orm.js';

const SCALE = 0.1;
const SEQS = [0, 1, 7, 123];

type Side = 'orm' | 'raw' | 'raw_array';
type Alteration = readonly [what: string, result: unknown];

/** A value that differs from `v` however a verify normalises it (an age bulk_update wrote becomes one it cannot have). */
function bump(v: unknown): unknown {
  if (typeof v === 'number') return v >= UPDATED_AGE_MIN ? 1 : v + 1;
  if (typeof v === 'bigint') return v + 1n;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return `${v}x`;
  if (v instanceof Date) return new Date(v.getTime() + 1000);
  return 'x';
}

function withField(row: unknown, key: string | number, value: unknown): unknown {
  if (Array.isArray(row)) return row.map((c, i) => (i === key ? value : c));
  return { ...(row as object), [key]: value };
}

function replaceAt<T>(rows: readonly T[], index: number, row: unknown): T[] {
  return rows.map((r, i) => (i === index ? (row as T) : r));
}

/** Every column of a raw row (object or array) or every listed field of an ORM row, altered one at a time. */
function alterFields(row: unknown, keys: readonly (string | number)[], label: string): Alteration[] {
  return keys.map((k) => [`${label}.${k}`, withField(row, k, bump((row as Record<string | number, unknown>)[k]))] as const);
}

function rawKeys(row: unknown): (string | number)[] {
  return Array.isArray(row) ? row.map((_, i) => i) : Object.keys(row as object);
}

const USER = ['id', 'name', 'email', 'age', 'isActive', 'createdAt'];
const POST = ['id', 'authorId', 'title', 'views', 'createdAt'];

/** The sampled row of a list altered field by field, plus the list one row short. */
function listAlterations(rows: readonly unknown[], seq: number, side: Side, ormFields: readonly string[], nested?: string): Alteration[] {
  const k = seq % rows.length;
  const row = rows[k];
  const out: Alteration[] = [['one row short', rows.slice(0, -1)]];
  const keys = side === 'orm' ? ormFields : rawKeys(row);
  for (const [what, altered] of alterFields(row, keys, `row ${k}`)) out.push([what, replaceAt(rows, k, altered)]);
  if (side === 'orm' && nested !== undefined) {
    const inner = (row as Record<string, unknown>)[nested];
    for (const [what, altered] of alterFields(inner, USER, `row ${k}.${nested}`)) out.push([what, replaceAt(rows, k, withField(row, nested, altered))]);
    out.push([`row ${k} without ${nested}`, replaceAt(rows, k, withField(row, nested, undefined))]);
  }
  return out;
}

function alterations(workload: string, side: Side, result: unknown, seq: number): Alteration[] {
  switch (workload) {
    case 'simple_select':
      if (side === 'orm') return alterFields(result, USER, 'user');
      return listAlterations(result as unknown[], seq, side, USER);
    case 'filter_limit':
    case 'large_select':
      return listAlterations(result as unknown[], seq, side, USER);
    case 'complex_join':
      return listAlterations(result as unknown[], seq, side, POST, 'author');
    case 'aggregation':
      return listAlterations(result as unknown[], seq, side, ['authorId', 'n', 'avgViews']);
    case 'prefetch_related': {
      if (side === 'orm') return listAlterations(result as unknown[], seq, side, POST, 'author');
      const [posts, authors] = result as [unknown[], unknown[]];
      return [
        ...listAlterations(posts, seq, side, POST).map(([w, p]) => [`posts ${w}`, [p, authors]] as const),
        ...listAlterations(authors, seq, side, USER).map(([w, a]) => [`authors ${w}`, [posts, a]] as const),
      ];
    }
    case 'count_exists': {
      if (side === 'orm') {
        const [n, found] = result as [number, boolean];
        return [
          ['count', [n + 1, found]],
          ['exists', [n, false]],
        ];
      }
      const [n, found] = result as [unknown[], unknown[]];
      return [
        ['count', [alterFields(n[0], rawKeys(n[0]), 'count').map(([, r]) => r), found]],
        ['no count row', [[], found]],
        ['exists value', [n, alterFields(found[0], rawKeys(found[0]), 'one').map(([, r]) => r)]],
        ['not found', [n, []]],
      ];
    }
    case 'bulk_insert': {
      if (!Array.isArray(result)) return [['count', Number(result) - 1]];
      const k = seq % result.length;
      const row = result[k];
      const key = side === 'orm' ? 'id' : rawKeys(row)[0]!;
      const out: Alteration[] = [
        ['one row short', result.slice(0, -1)],
        ['no generated id', replaceAt(result, k, withField(row, key, null))],
      ];
      if (side === 'orm') for (const f of ['name', 'qty', 'price']) out.push([f, replaceAt(result, k, withField(row, f, bump((row as Record<string, unknown>)[f])))]);
      return out;
    }
    case 'bulk_update':
      return [['count', (result as number) - 1]];
    default:
      throw new Error(`no alterations for ${workload}`);
  }
}

/** Workloads whose answer names what `seq` asked for: another seq's answer must not pass. */
const SEQ_DEPENDENT = new Set(['simple_select']);

describe.each(testTargets())('workload answers on $label', ({ dialect, executor, url }) => {
  const models = defineBenchModels(`oxen_bench_vf_${dialect}_${executor}_`);
  let orm: OrmSession;
  let raw: RawDriver;
  let ctx: BenchContext;

  beforeAll(async () => {
    orm = await openOrmSession(parseDatabaseUrl(url), [executor], 2);
    raw = await openRawDriver(parseDatabaseUrl(url), 2);
    await seedDataset(models, SCALE, orm.primary.name);
    ctx = { models, facts: datasetFacts(SCALE), raw, db: orm.primary, counter: { value: 100_000_000 } };
  });
  afterAll(async () => {
    try {
      await dropDataset(models, orm?.primary.name);
    } finally {
      await raw?.close();
      await orm?.close();
    }
  });

  it.each(WORKLOADS.map((w) => w.name))('%s: real answers pass verify on every side, altered ones fail', async (name) => {
    const workload = WORKLOADS.find((w) => w.name === name)!;
    const prepared = await workload.prepare(ctx);
    const sides: [Side, Operation<unknown>][] = [
      ['orm', prepared.orm(ctx.db)],
      ['raw', prepared.raw],
      ['raw_array', prepared.rawArray],
    ];
    for (const [side, op] of sides) {
      for (const seq of SEQS) {
        const result = await op.run(seq);
        expect(op.verify(result, seq), `${side} seq ${seq}`).toBeUndefined();
        if (side === 'raw_array' && name !== 'bulk_update' && !(name === 'bulk_insert' && dialect === 'mysql')) {
          const rows = (name === 'count_exists' || name === 'prefetch_related' ? (result as unknown[][])[0] : result) as unknown[];
          expect(Array.isArray(rows[0]), `${side} returns array rows`).toBe(true);
        }
        const altered = alterations(name, side, result, seq);
        expect(altered.length).toBeGreaterThan(0);
        for (const [what, wrong] of altered) {
          expect(op.verify(wrong, seq), `${side} seq ${seq}: ${what}`).toEqual(expect.any(String));
        }
        if (SEQ_DEPENDENT.has(name)) expect(op.verify(result, seq + 1), `${side}: seq ${seq}'s answer checked as seq ${seq + 1}`).toEqual(expect.any(String));
      }
    }
  });

  it('bulk_update writes the ages it reports on every side', async () => {
    const prepared = await WORKLOADS.find((w) => w.name === 'bulk_update')!.prepare(ctx);
    const { User } = models;
    for (const [side, op] of [['orm', prepared.orm(ctx.db)], ['raw', prepared.raw], ['raw_array', prepared.rawArray]] as const) {
      const before = ctx.counter.value;
      expect(op.verify(await op.run(3), 3), side).toBeUndefined();
      // Block 3 holds users 301..400, each given the age drawn from the counter for this operation.
      const ages = new Set((await User.using(ctx.db.name).filter({ id__gt: 3 * UPDATE_BLOCK, id__lte: 4 * UPDATE_BLOCK }).fetch()).map((u) => u.age));
      expect([...ages], side).toEqual([before]);
    }
  });
});
