/**
 * The data source of each variant of `oxen benchmark http`: the ORM on one executor, written the way
 * an application would, and the bare driver with hand-written SQL (identifiers quoted and values
 * bound as the ORM does).
 */
import type { Database } from '../../database/database.js';
import type { SqlValue } from '../../ground/values.js';
import type { BenchModels } from '../dataset/bench-models.js';
import { calibrationWrap } from '../ab/calibration-hook.js';
import type { RawDriver } from '../raw/raw-driver.js';
import type { DataSource, UserJson } from './endpoints.js';
import type { FortuneModel } from './fortunes.js';

interface UserLike {
  id: number;
  name: string;
  email: string;
  age: number | null;
  isActive: boolean;
  createdAt: Date;
}

const plainUser = (u: UserLike): UserJson => ({ id: u.id, name: u.name, email: u.email, age: u.age, isActive: u.isActive, createdAt: u.createdAt });

export function ormSource(db: Database, models: BenchModels, Fortune: FortuneModel): DataSource {
  const users = () => models.User.using(db.name);
  const read = async (id: number): Promise<UserLike> => {
    const user = await users().get({ id });
    return user as UserLike;
  };
  return {
    user: async (id) => plainUser(await read(id)),
    async updateAges(ids, ages) {
      const found = await Promise.all(ids.map(read));
      found.forEach((u, i) => (u.age = ages[i]!));
      await users().bulkUpdate(found as never[], ['age']);
      return found.map(plainUser);
    },
    fortunes: async () => (await Fortune.using(db.name).all().fetch()).map((f) => ({ id: f.id, message: f.message })),
  };
}

export function rawSource(raw: RawDriver, db: Database, models: BenchModels, Fortune: FortuneModel): DataSource {
  const q = (name: string): string => db.dialect.quoteIdent(name);
  const p = (i: number): string => db.dialect.placeholder(i);
  const userTable = q(models.User.meta.tableName);
  const column = (attname: string): string => q(models.User.meta.fields.find((f) => f.attname === attname)!.column);
  const select = `SELECT ${models.User.meta.fields.map((f) => `${q(f.column)} AS ${q(f.attname)}`).join(', ')} FROM ${userTable} WHERE ${column('id')} = ${p(0)}`;
  const fortunes = `SELECT ${q('id')}, ${q('message')} FROM ${q(Fortune.meta.tableName)}`;
  // PostgreSQL types a CASE of bare parameters as text; the column is an integer.
  const ageParam = (i: number): string => (db.dialect.name === 'postgres' ? `CAST(${p(i)} AS integer)` : p(i));
  const read = async (id: number): Promise<UserJson> => {
    const rows = await raw.query(select, [id]);
    if (rows.length !== 1) throw new Error(`user ${id}: ${rows.length} rows`);
    return rows[0] as unknown as UserJson;
  };
  return {
    user: read,
    async updateAges(ids, ages) {
      const found = await Promise.all(ids.map(read));
      const params: SqlValue[] = [];
      const whens = ids.map((id, i) => {
        params.push(id, ages[i]!);
        return `WHEN ${p(2 * i)} THEN ${ageParam(2 * i + 1)}`;
      });
      const list = ids.map((id, i) => {
        params.push(id);
        return p(2 * ids.length + i);
      });
      const sql = `UPDATE ${userTable} SET ${column('age')} = CASE ${column('id')} ${whens.join(' ')} END WHERE ${column('id')} IN (${list.join(', ')})`;
      await raw.execute(sql, params);
      return found.map((u, i) => ({ ...u, age: ages[i]! }));
    },
    fortunes: async () => (await raw.query(fortunes, [])).map((r) => ({ id: Number(r.id), message: String(r.message) })),
  };
}

/**
 * The ORM's calls through the calibration seam `benchmark ab` uses (ab/calibration-hook.ts): a real
 * build passes them through; a deliberately slowed copy makes each longer, so a test can show that
 * `ab --http` convicts a slower ORM behind the server, and not the bare driver beside it.
 */
export function calibrated(source: DataSource): DataSource {
  const wrap = <A extends unknown[], R>(fn: (...args: A) => Promise<R>): ((...args: A) => Promise<R>) => {
    let pending: A;
    // The seam wraps an Operation; its run starts `fn` synchronously, so `pending` is this call's arguments.
    const op = calibrationWrap<R>({ run: () => fn(...pending), verify: () => undefined });
    return (...args: A) => {
      pending = args;
      return op.run(0);
    };
  };
  return { user: wrap(source.user), updateAges: wrap(source.updateAges), fortunes: wrap(source.fortunes) };
}
