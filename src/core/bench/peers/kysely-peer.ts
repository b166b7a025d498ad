/**
 * Kysely (https://kysely.dev): a typed query builder over a `Database` interface, with the columns
 * renamed to the benchmark's attributes by explicit `as` aliases (no CamelCasePlugin, which would
 * rewrite every result row's keys). Related rows come the way its relations recipe teaches: an inner
 * join for the filtered join, and `jsonObjectFrom` (kysely/helpers/*) for posts with their authors, in
 * the same query (on MariaDB `jsonBuildObject`, below). Many rows go in with one `insertInto().values(rows)`, and per-row updates
 * are one `updateTable` per row inside `db.transaction().execute()`. Kysely has no prepared
 * statements (`compile()` only builds the SQL text), so there is one variant.
 */
import type { Dialect, Generated, Kysely as KyselyInstance } from 'kysely';
import type { DialectName } from '../../ground/values.js';
import type { PeerDefinition, PeerTarget } from './peer.js';
import { nestAuthor, serverConnection, sqliteFile } from './peer-connection.js';
import type { ItemInput, PeerPostWithAuthor, PeerQueries, PeerUser } from './peer-queries.js';

type KyselyModule = typeof import('kysely');
type Helpers = typeof import('kysely/helpers/postgres');

interface UserTable {
  id: Generated<number>;
  name: string;
  email: string;
  age: number | null;
  /** 0/1 on SQLite and MariaDB. */
  is_active: boolean | number;
  /** Text on SQLite. */
  created_at: Date | string;
}

interface PostTable {
  id: Generated<number>;
  author_id: number;
  title: string;
  views: number;
  created_at: Date | string;
}

interface ItemTable {
  id: Generated<number>;
  name: string;
  qty: number;
  price: number;
}

interface Database {
  users: UserTable;
  posts: PostTable;
  items: ItemTable;
}

const DRIVER: Readonly<Record<DialectName, string>> = { sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' };

/** Packages come as ESM namespaces or, from CJS, as `{ default: module.exports }`. */
async function load<T>(target: PeerTarget, specifier: string): Promise<T> {
  const m = await target.load<T & { default?: T }>(specifier);
  return m.default ?? m;
}

async function dialectFor(target: PeerTarget, k: KyselyModule): Promise<Dialect> {
  const { url, poolSize } = target;
  if (url.dialect === 'sqlite') {
    const Database = await load<new (file: string) => import('kysely').SqliteDatabase>(target, 'better-sqlite3');
    return new k.SqliteDialect({ database: new Database(sqliteFile(url)) });
  }
  if (url.dialect === 'postgres') {
    const { Pool } = await load<{ Pool: new (config: object) => import('kysely').PostgresPool }>(target, 'pg');
    return new k.PostgresDialect({ pool: new Pool({ ...serverConnection(url), max: poolSize }) });
  }
  const { createPool } = await load<{ createPool: (config: object) => import('kysely').MysqlPool }>(target, 'mysql2');
  // The benchmark's DATETIME(6) columns hold UTC.
  return new k.MysqlDialect({ pool: createPool({ ...serverConnection(url), connectionLimit: poolSize, timezone: 'Z' }) });
}

const USER_SELECTION = ['users.id', 'users.name', 'users.email', 'users.age', 'users.is_active as isActive', 'users.created_at as createdAt'] as const;
const POST_SELECTION = ['posts.id', 'posts.author_id as authorId', 'posts.title', 'posts.views', 'posts.created_at as createdAt'] as const;
/** The author's columns beside a post's in one joined row, told apart by their prefix. */
const AUTHOR_SELECTION = ['users.id as author_id', 'users.name as author_name', 'users.email as author_email', 'users.age as author_age', 'users.is_active as author_isActive', 'users.created_at as author_createdAt'] as const;


export const kyselyPeer: PeerDefinition = {
  name: 'kysely',
  packages: (dialect) => ['kysely', DRIVER[dialect]],
  async open(target) {
    const { url, tables } = target;
    const k = await load<KyselyModule>(target, 'kysely');
    // jsonObjectFrom returns JSON text on SQLite and MariaDB; the plugin parses it, as Kysely's docs say.
    const plugins = url.dialect === 'postgres' ? [] : [new k.ParseJSONResultsPlugin()];
    const db: KyselyInstance<Database> = new k.Kysely<Database>({ dialect: await dialectFor(target, k), plugins });
    const helpers = await load<Helpers>(target, `kysely/helpers/${url.dialect}`);
    // The table names carry a run-time prefix: reads name each table by its real name aliased to the
    // interface's key (so `users.id` means the same in SQL as in the types); writes use the bare name.
    const from = { users: `${tables.users} as users` as 'users', posts: `${tables.posts} as posts` as 'posts' };
    const into = { users: tables.users as 'users', items: tables.items as 'items' };
    // better-sqlite3 binds no booleans.
    const active = url.dialect === 'sqlite' ? 1 : true;
    const asUsers = (rows: readonly object[]): PeerUser[] => rows as PeerUser[];
    const queries: PeerQueries = {
      userById: async (id) => (await db.selectFrom(from.users).select(USER_SELECTION).where('users.id', '=', id).executeTakeFirst()) as PeerUser | undefined,
      newestActiveUsers: async (limit) =>
        asUsers(await db.selectFrom(from.users).select(USER_SELECTION).where('users.is_active', '=', active).orderBy('users.created_at', 'desc').limit(limit).execute()),
      topPostsOfActiveAuthors: async (minViews, limit) =>
        (
          await db
            .selectFrom(from.posts)
            .innerJoin(from.users, 'users.id', 'posts.author_id')
            .select([...POST_SELECTION, ...AUTHOR_SELECTION])
            .where('users.is_active', '=', active)
            .where('posts.views', '>=', minViews)
            .orderBy('posts.views', 'desc')
            .limit(limit)
            .execute()
        ).map(nestAuthor),
      postStatsByAuthor: (maxAuthorId) =>
        db
          .selectFrom(from.posts)
          .select((eb) => ['posts.author_id as authorId', eb.fn.countAll().as('n'), eb.fn.avg('posts.views').as('avgViews')])
          .where('posts.author_id', '<=', maxAuthorId)
          .groupBy('posts.author_id')
          .execute(),
      insertItems: async (rows) => Number((await db.insertInto(into.items).values(rows as ItemInput[]).executeTakeFirstOrThrow()).numInsertedOrUpdatedRows ?? 0),
      updateAges: (rows) =>
        db.transaction().execute(async (trx) => {
          let updated = 0;
          for (const r of rows) updated += Number((await trx.updateTable(into.users).set({ age: r.age }).where('id', '=', r.id).executeTakeFirst()).numUpdatedRows);
          return updated;
        }),
      postsWithAuthors: async (limit) =>
        (await db
          .selectFrom(from.posts)
          .select(POST_SELECTION)
          .select((eb) => {
            const author = eb.selectFrom(from.users).whereRef('users.id', '=', 'posts.author_id');
            if (url.dialect !== 'mysql') return helpers.jsonObjectFrom(author.select(USER_SELECTION)).as('author');
            // The MySQL jsonObjectFrom reads the author from a derived table that refers to the outer
            // post, which MariaDB rejects; its jsonBuildObject in a plain correlated subquery is the same object.
            return author
              .select(({ ref }) =>
                helpers
                  .jsonBuildObject({
                    id: ref('users.id'),
                    name: ref('users.name'),
                    email: ref('users.email'),
                    age: ref('users.age'),
                    isActive: ref('users.is_active'),
                    createdAt: ref('users.created_at'),
                  })
                  .as('author'),
              )
              .as('author');
          })
          .orderBy('posts.id')
          .limit(limit)
          .execute()) as unknown as PeerPostWithAuthor[],
      countActiveUsers: async () => (await db.selectFrom(from.users).select((eb) => eb.fn.countAll().as('n')).where('users.is_active', '=', active).executeTakeFirstOrThrow()).n,
      emailExists: async (email) => (await db.selectFrom(from.users).select('users.id').where('users.email', '=', email).limit(1).executeTakeFirst()) !== undefined,
      usersById: async (limit) => asUsers(await db.selectFrom(from.users).select(USER_SELECTION).orderBy('users.id').limit(limit).execute()),
    };
    return { variants: [{ variant: 'kysely', queries }], close: () => db.destroy() };
  },
};
