/**
 * Drizzle ORM (https://orm.drizzle.team): tables declared with each dialect's `*Table` builder and
 * `relations()`, read with the SQL-like `select` API (an inner join for complex_join, `count`/`avg`
 * for the aggregate, `$count`), relations loaded with the relational query API
 * (`db.query.posts.findMany({ with: { author: true } })`), many rows inserted with one
 * `insert().values(rows)`, and per-row updates as one `update` per row in `db.transaction` — the forms
 * its docs show. Drizzle's `.prepare()` with `sql.placeholder` gives the `drizzle_prepared` variant.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { MySql2Database } from 'drizzle-orm/mysql2';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Pool as MysqlPool } from 'mysql2/promise';
import type { Pool as PgPool } from 'pg';
import type { DialectName } from '../../ground/values.js';
import type { PeerDefinition, PeerTables, PeerTarget } from './peer.js';
import { POST_COLUMNS, serverConnection, sqliteFile, USER_COLUMNS } from './peer-connection.js';
import type { AgeUpdate, ItemInput, PeerPostWithAuthor, PeerQueries } from './peer-queries.js';

type Orm = typeof import('drizzle-orm');

const DRIVER: Readonly<Record<DialectName, string>> = { sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' };

/** Packages come as ESM namespaces or, from CJS, as `{ default: module.exports }`. */
async function load<T>(target: PeerTarget, specifier: string): Promise<T> {
  const m = await target.load<T & { default?: T }>(specifier);
  return m.default ?? m;
}

/*
 * Each table's name is cast to a literal type: Drizzle's types find a relation's table by its name, and
 * three tables all named `string` would be one to them. At run time the names are the real ones.
 */
function pgSchema({ pgTable, serial, varchar, integer, boolean, timestamp, doublePrecision }: typeof import('drizzle-orm/pg-core'), { relations }: Orm, tables: PeerTables) {
  const createdAt = () => timestamp(USER_COLUMNS.createdAt, { withTimezone: true, mode: 'date' }).notNull();
  const users = pgTable(tables.users as 'users', {
    id: serial(USER_COLUMNS.id).primaryKey(),
    name: varchar(USER_COLUMNS.name, { length: 100 }).notNull(),
    email: varchar(USER_COLUMNS.email, { length: 255 }).notNull().unique(),
    age: integer(USER_COLUMNS.age),
    isActive: boolean(USER_COLUMNS.isActive).notNull(),
    createdAt: createdAt(),
  });
  const posts = pgTable(tables.posts as 'posts', {
    id: serial(POST_COLUMNS.id).primaryKey(),
    authorId: integer(POST_COLUMNS.authorId).notNull().references(() => users.id),
    title: varchar(POST_COLUMNS.title, { length: 200 }).notNull(),
    views: integer(POST_COLUMNS.views).notNull(),
    createdAt: createdAt(),
  });
  const items = pgTable(tables.items as 'items', { id: serial('id').primaryKey(), name: varchar('name', { length: 100 }).notNull(), qty: integer('qty').notNull(), price: doublePrecision('price').notNull() });
  const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.authorId], references: [users.id] }) }));
  return { users, posts, items, postsRelations };
}

function mysqlSchema({ mysqlTable, int, varchar, boolean, datetime, double }: typeof import('drizzle-orm/mysql-core'), { relations }: Orm, tables: PeerTables) {
  // The benchmark's DATETIME(6) columns hold UTC, which is how Drizzle's `date` mode reads them.
  const createdAt = () => datetime(USER_COLUMNS.createdAt, { mode: 'date', fsp: 6 }).notNull();
  const users = mysqlTable(tables.users as 'users', {
    id: int(USER_COLUMNS.id).primaryKey().autoincrement(),
    name: varchar(USER_COLUMNS.name, { length: 100 }).notNull(),
    email: varchar(USER_COLUMNS.email, { length: 255 }).notNull().unique(),
    age: int(USER_COLUMNS.age),
    isActive: boolean(USER_COLUMNS.isActive).notNull(),
    createdAt: createdAt(),
  });
  const posts = mysqlTable(tables.posts as 'posts', {
    id: int(POST_COLUMNS.id).primaryKey().autoincrement(),
    authorId: int(POST_COLUMNS.authorId).notNull().references(() => users.id),
    title: varchar(POST_COLUMNS.title, { length: 200 }).notNull(),
    views: int(POST_COLUMNS.views).notNull(),
    createdAt: createdAt(),
  });
  const items = mysqlTable(tables.items as 'items', { id: int('id').primaryKey().autoincrement(), name: varchar('name', { length: 100 }).notNull(), qty: int('qty').notNull(), price: double('price').notNull() });
  const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.authorId], references: [users.id] }) }));
  return { users, posts, items, postsRelations };
}

function sqliteSchema({ sqliteTable, integer, text, real }: typeof import('drizzle-orm/sqlite-core'), { relations }: Orm, tables: PeerTables) {
  // SQLite keeps the benchmark's timestamps as UTC text, which Drizzle's `text` column returns as it is
  // (its `timestamp` modes are for unix epoch integers).
  const createdAt = () => text(USER_COLUMNS.createdAt).notNull();
  const users = sqliteTable(tables.users as 'users', {
    id: integer(USER_COLUMNS.id).primaryKey({ autoIncrement: true }),
    name: text(USER_COLUMNS.name).notNull(),
    email: text(USER_COLUMNS.email).notNull().unique(),
    age: integer(USER_COLUMNS.age),
    isActive: integer(USER_COLUMNS.isActive, { mode: 'boolean' }).notNull(),
    createdAt: createdAt(),
  });
  const posts = sqliteTable(tables.posts as 'posts', {
    id: integer(POST_COLUMNS.id).primaryKey({ autoIncrement: true }),
    authorId: integer(POST_COLUMNS.authorId).notNull().references(() => users.id),
    title: text(POST_COLUMNS.title).notNull(),
    views: integer(POST_COLUMNS.views).notNull(),
    createdAt: createdAt(),
  });
  const items = sqliteTable(tables.items as 'items', { id: integer('id').primaryKey({ autoIncrement: true }), name: text('name').notNull(), qty: integer('qty').notNull(), price: real('price').notNull() });
  const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.authorId], references: [users.id] }) }));
  return { users, posts, items, postsRelations };
}

/**
 * Drizzle's three dialects share one JS API for every read made here (select, joins, groupBy,
 * `$count`, relational queries, `.prepare()` and `.execute()`), so the reads are written once, typed
 * through pg-core; the SQLite and MySQL databases are handed over under that type. Writes differ
 * (better-sqlite3's synchronous transactions, each driver's result) and are written per dialect.
 */
type Schema = ReturnType<typeof pgSchema>;
type Db = NodePgDatabase<Schema>;

interface Writes {
  insertItems(rows: readonly ItemInput[]): Promise<number>;
  updateAges(rows: readonly AgeUpdate[]): Promise<number>;
  /** updateAges through a prepared UPDATE. */
  updateAgesPrepared(rows: readonly AgeUpdate[]): Promise<number>;
}

interface Session {
  readonly db: Db;
  readonly schema: Schema;
  readonly writes: Writes;
  /**
   * Whether the relational query API can load relations here. On MariaDB it cannot: its default mode
   * joins LATERAL subqueries and its `planetscale` mode a derived table that refers to the outer row,
   * neither of which MariaDB accepts, so posts get their authors from a join there.
   */
  readonly relationalQueries: boolean;
  close(): Promise<void>;
}

/** Posts inner-joined to their authors, each row as `{ post, author }`. */
const postsJoinAuthors = ({ db, schema: { users, posts } }: Session, { eq }: Orm) =>
  db.select({ post: posts, author: users }).from(posts).innerJoin(users, eq(posts.authorId, users.id));

const withAuthor = ({ post, author }: { post: object; author: object }): PeerPostWithAuthor => ({ ...(post as Omit<PeerPostWithAuthor, 'author'>), author: author as PeerPostWithAuthor['author'] });

function plainQueries(session: Session, orm: Orm): PeerQueries {
  const { db, schema: { users, posts }, writes, relationalQueries } = session;
  const { eq, and, gte, lte, asc, desc, count, avg } = orm;
  const joined = () => postsJoinAuthors(session, orm);
  return {
    userById: async (id) => (await db.select().from(users).where(eq(users.id, id)))[0],
    newestActiveUsers: (limit) => db.select().from(users).where(eq(users.isActive, true)).orderBy(desc(users.createdAt)).limit(limit),
    topPostsOfActiveAuthors: async (minViews, limit) =>
      (await joined().where(and(eq(users.isActive, true), gte(posts.views, minViews))).orderBy(desc(posts.views)).limit(limit)).map(withAuthor),
    postStatsByAuthor: (maxAuthorId) =>
      db.select({ authorId: posts.authorId, n: count(), avgViews: avg(posts.views) }).from(posts).where(lte(posts.authorId, maxAuthorId)).groupBy(posts.authorId),
    insertItems: writes.insertItems,
    updateAges: writes.updateAges,
    postsWithAuthors: relationalQueries
      ? (limit) => db.query.posts.findMany({ with: { author: true }, orderBy: asc(posts.id), limit })
      : async (limit) => (await joined().orderBy(asc(posts.id)).limit(limit)).map(withAuthor),
    countActiveUsers: () => db.$count(users, eq(users.isActive, true)),
    emailExists: async (email) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1)).length > 0,
    usersById: (limit) => db.select().from(users).orderBy(asc(users.id)).limit(limit),
  };
}

function preparedQueries(session: Session, orm: Orm): PeerQueries {
  const { db, schema: { users, posts }, writes, relationalQueries } = session;
  const { eq, and, gte, lte, asc, desc, count, avg, sql } = orm;
  const joined = () => postsJoinAuthors(session, orm);
  const p = sql.placeholder;
  // PostgreSQL prepares statements by name (once per pooled connection); the other dialects ignore it.
  const userById = db.select().from(users).where(eq(users.id, p('id'))).prepare('drizzle_user_by_id');
  const newestActive = db.select().from(users).where(eq(users.isActive, true)).orderBy(desc(users.createdAt)).limit(p('limit')).prepare('drizzle_newest_active');
  const topPosts = joined()
    .where(and(eq(users.isActive, true), gte(posts.views, p('minViews'))))
    .orderBy(desc(posts.views))
    .limit(p('limit'))
    .prepare('drizzle_top_posts');
  const stats = db
    .select({ authorId: posts.authorId, n: count(), avgViews: avg(posts.views) })
    .from(posts)
    .where(lte(posts.authorId, p('maxAuthorId')))
    .groupBy(posts.authorId)
    .prepare('drizzle_post_stats');
  const postsWithAuthors = relationalQueries
    ? db.query.posts.findMany({ with: { author: true }, orderBy: asc(posts.id), limit: p('limit') }).prepare('drizzle_posts_with_authors')
    : joined().orderBy(asc(posts.id)).limit(p('limit')).prepare('drizzle_posts_with_authors');
  // `$count` builds a fresh query each call; its prepared counterpart is a select of `count()`.
  const countActive = db.select({ n: count() }).from(users).where(eq(users.isActive, true)).prepare('drizzle_count_active');
  const byEmail = db.select({ id: users.id }).from(users).where(eq(users.email, p('email'))).limit(1).prepare('drizzle_email_exists');
  const usersById = db.select().from(users).orderBy(asc(users.id)).limit(p('limit')).prepare('drizzle_users_by_id');
  return {
    userById: async (id) => (await userById.execute({ id }))[0],
    newestActiveUsers: (limit) => newestActive.execute({ limit }),
    topPostsOfActiveAuthors: async (minViews, limit) => (await topPosts.execute({ minViews, limit })).map(withAuthor),
    postStatsByAuthor: (maxAuthorId) => stats.execute({ maxAuthorId }),
    // A thousand-row VALUES list has no shape worth preparing: the bulk insert is the plain one.
    insertItems: writes.insertItems,
    updateAges: writes.updateAgesPrepared,
    postsWithAuthors: relationalQueries
      ? (limit) => postsWithAuthors.execute({ limit }) as Promise<PeerPostWithAuthor[]>
      : async (limit) => ((await postsWithAuthors.execute({ limit })) as { post: object; author: object }[]).map(withAuthor),
    countActiveUsers: async () => (await countActive.execute())[0]!.n,
    emailExists: async (email) => (await byEmail.execute({ email })).length > 0,
    usersById: (limit) => usersById.execute({ limit }),
  };
}

async function openSqlite(target: PeerTarget, orm: Orm): Promise<Session> {
  const Database = await load<new (file: string) => SqliteDatabase>(target, 'better-sqlite3');
  const { drizzle } = await load<typeof import('drizzle-orm/better-sqlite3')>(target, 'drizzle-orm/better-sqlite3');
  const schema = sqliteSchema(await load(target, 'drizzle-orm/sqlite-core'), orm, target.tables);
  const client = new Database(sqliteFile(target.url));
  const db: BetterSQLite3Database<typeof schema> = drizzle({ client, schema });
  const { users, items } = schema;
  const { eq, sql } = orm;
  const setAge = db
    .update(users)
    .set({ age: sql`${sql.placeholder('age')}` })
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  // better-sqlite3 runs a transaction as one synchronous function, so its statements use `.run()`;
  // one connection means the prepared UPDATE runs inside it too.
  const writes: Writes = {
    insertItems: async (rows) => db.insert(items).values(rows as ItemInput[]).run().changes,
    updateAges: async (rows) => db.transaction((tx) => rows.reduce((n, r) => n + tx.update(users).set({ age: r.age }).where(eq(users.id, r.id)).run().changes, 0)),
    updateAgesPrepared: async (rows) => db.transaction(() => rows.reduce((n, r) => n + setAge.run({ id: r.id, age: r.age }).changes, 0)),
  };
  return { db: db as unknown as Db, schema: schema as unknown as Schema, writes, relationalQueries: true, close: async () => void client.close() };
}

async function openPostgres(target: PeerTarget, orm: Orm): Promise<Session> {
  const { Pool } = await load<{ Pool: new (config: object) => PgPool }>(target, 'pg');
  const { drizzle } = await load<typeof import('drizzle-orm/node-postgres')>(target, 'drizzle-orm/node-postgres');
  const schema = pgSchema(await load(target, 'drizzle-orm/pg-core'), orm, target.tables);
  const pool = new Pool({ ...serverConnection(target.url), max: target.poolSize });
  const db: NodePgDatabase<typeof schema> = drizzle({ client: pool, schema });
  const { users, items } = schema;
  const { eq, sql } = orm;
  const writes: Writes = {
    insertItems: async (rows) => (await db.insert(items).values(rows as ItemInput[])).rowCount ?? 0,
    updateAges: (rows) =>
      db.transaction(async (tx) => {
        let updated = 0;
        for (const r of rows) updated += (await tx.update(users).set({ age: r.age }).where(eq(users.id, r.id))).rowCount ?? 0;
        return updated;
      }),
    // A statement prepared on `db` would run on any pooled connection, outside the transaction: it is
    // prepared on `tx`, and its name lets each connection parse it once.
    updateAgesPrepared: (rows) =>
      db.transaction(async (tx) => {
        const setAge = tx
          .update(users)
          .set({ age: sql`${sql.placeholder('age')}` })
          .where(eq(users.id, sql.placeholder('id')))
          .prepare('drizzle_set_age');
        let updated = 0;
        for (const r of rows) updated += (await setAge.execute({ id: r.id, age: r.age })).rowCount ?? 0;
        return updated;
      }),
  };
  return { db, schema, writes, relationalQueries: true, close: () => pool.end() };
}

async function openMysql(target: PeerTarget, orm: Orm): Promise<Session> {
  const { createPool } = await load<typeof import('mysql2/promise')>(target, 'mysql2/promise');
  const { drizzle } = await load<typeof import('drizzle-orm/mysql2')>(target, 'drizzle-orm/mysql2');
  const schema = mysqlSchema(await load(target, 'drizzle-orm/mysql-core'), orm, target.tables);
  const pool: MysqlPool = createPool({ ...serverConnection(target.url), connectionLimit: target.poolSize, timezone: 'Z' });
  const db: MySql2Database<typeof schema> = drizzle({ client: pool, schema, mode: 'default' });
  const { users, items } = schema;
  const { eq, sql } = orm;
  const writes: Writes = {
    insertItems: async (rows) => (await db.insert(items).values(rows as ItemInput[]))[0].affectedRows,
    updateAges: (rows) =>
      db.transaction(async (tx) => {
        let updated = 0;
        for (const r of rows) updated += (await tx.update(users).set({ age: r.age }).where(eq(users.id, r.id)))[0].affectedRows;
        return updated;
      }),
    // Prepared on `tx` so it runs on the transaction's connection, not on any pooled one.
    updateAgesPrepared: (rows) =>
      db.transaction(async (tx) => {
        const setAge = tx
          .update(users)
          .set({ age: sql`${sql.placeholder('age')}` })
          .where(eq(users.id, sql.placeholder('id')))
          .prepare();
        let updated = 0;
        for (const r of rows) updated += (await setAge.execute({ id: r.id, age: r.age }))[0].affectedRows;
        return updated;
      }),
  };
  return { db: db as unknown as Db, schema: schema as unknown as Schema, writes, relationalQueries: false, close: () => pool.end() };
}

const OPEN: Readonly<Record<DialectName, (target: PeerTarget, orm: Orm) => Promise<Session>>> = { sqlite: openSqlite, postgres: openPostgres, mysql: openMysql };

export const drizzlePeer: PeerDefinition = {
  name: 'drizzle',
  packages: (dialect) => ['drizzle-orm', DRIVER[dialect]],
  async open(target) {
    const orm = await load<Orm>(target, 'drizzle-orm');
    const session = await OPEN[target.url.dialect](target, orm);
    return {
      variants: [
        { variant: 'drizzle', queries: plainQueries(session, orm) },
        { variant: 'drizzle_prepared', queries: preparedQueries(session, orm) },
      ],
      close: () => session.close(),
    };
  },
};
