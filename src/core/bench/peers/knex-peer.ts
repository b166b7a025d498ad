/**
 * Knex (https://knexjs.org): a query builder without models or relations, so related rows are a join
 * or a second `whereIn` query joined up in code, and a bulk update is one UPDATE per row in a
 * transaction — the forms its guide shows.
 */
import type { Knex } from 'knex';
import type { DialectName } from '../../ground/values.js';
import type { PeerDefinition } from './peer.js';
import { nestAuthor, POST_COLUMNS, serverConnection, sqliteFile, USER_COLUMNS } from './peer-connection.js';
import type { ItemInput, PeerPost, PeerQueries, PeerUser } from './peer-queries.js';

/** Knex writes a multi-row INSERT on SQLite as a compound SELECT, which SQLite caps at 500 terms. */
const INSERT_CHUNK: Readonly<Record<DialectName, number>> = { sqlite: 500, postgres: 1000, mysql: 1000 };

const CLIENT: Readonly<Record<DialectName, string>> = { sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' };

export const knexPeer: PeerDefinition = {
  name: 'knex',
  packages: (dialect) => ['knex', CLIENT[dialect]],
  async open(target) {
    const { default: knex } = await target.load<{ default: typeof import('knex').knex }>('knex');
    const { url, tables } = target;
    const config: Knex.Config =
      url.dialect === 'sqlite'
        ? { client: 'better-sqlite3', connection: { filename: sqliteFile(url) }, useNullAsDefault: true }
        : {
            client: CLIENT[url.dialect],
            connection: { ...serverConnection(url), ...(url.dialect === 'mysql' ? { timezone: 'Z' } : {}) },
            pool: { min: 0, max: target.poolSize },
          };
    const db = knex(config);
    const authorColumns = Object.fromEntries(Object.entries(USER_COLUMNS).map(([attr, col]) => [`author_${attr}`, `a.${col}`]));
    const queries: PeerQueries = {
      userById: (id) => db(tables.users).select(USER_COLUMNS).where({ id }).first(),
      newestActiveUsers: (limit) => db(tables.users).select(USER_COLUMNS).where({ is_active: true }).orderBy('created_at', 'desc').limit(limit),
      topPostsOfActiveAuthors: async (minViews, limit) => {
        const postColumns = Object.fromEntries(Object.entries(POST_COLUMNS).map(([attr, col]) => [attr, `p.${col}`]));
        const rows = await db({ p: tables.posts })
          .join({ a: tables.users }, 'a.id', 'p.author_id')
          .select({ ...postColumns, ...authorColumns })
          .where('a.is_active', true)
          .andWhere('p.views', '>=', minViews)
          .orderBy('p.views', 'desc')
          .limit(limit);
        return rows.map(nestAuthor);
      },
      postStatsByAuthor: (maxAuthorId) =>
        db(tables.posts).select({ authorId: 'author_id' }).count({ n: 'id' }).avg({ avgViews: 'views' }).where('author_id', '<=', maxAuthorId).groupBy('author_id'),
      insertItems: async (rows) => {
        // batchInsert is Knex's form for many rows: multi-row INSERTs of `chunk` rows in one transaction,
        // which commits only when every row is in.
        await db.batchInsert(tables.items, rows as ItemInput[], INSERT_CHUNK[url.dialect]);
        return rows.length;
      },
      updateAges: (rows) =>
        db.transaction(async (trx) => {
          let updated = 0;
          for (const r of rows) updated += await trx(tables.users).where({ id: r.id }).update({ age: r.age });
          return updated;
        }),
      postsWithAuthors: async (limit) => {
        const posts: PeerPost[] = await db(tables.posts).select(POST_COLUMNS).orderBy('id').limit(limit);
        const authors: PeerUser[] = await db(tables.users).select(USER_COLUMNS).whereIn('id', [...new Set(posts.map((p) => p.authorId as number))]);
        const byId = new Map(authors.map((a) => [Number(a.id), a]));
        return posts.map((p) => ({ ...p, author: byId.get(Number(p.authorId)) }));
      },
      countActiveUsers: async () => ((await db(tables.users).where({ is_active: true }).count({ n: '*' }).first()) as { n: number | string }).n,
      emailExists: async (email) => (await db(tables.users).select('id').where({ email }).first()) !== undefined,
      usersById: (limit) => db(tables.users).select(USER_COLUMNS).orderBy('id').limit(limit),
    };
    return { variants: [{ variant: 'knex', queries }], close: () => db.destroy() };
  },
};
