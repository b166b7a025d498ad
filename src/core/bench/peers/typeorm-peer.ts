/**
 * TypeORM (https://typeorm.io): entities as `EntitySchema`s (our build has no decorators), read through
 * repositories' find options with relations joined, grouped through the QueryBuilder, and many
 * per-row updates as `manager.update` calls inside one `dataSource.transaction` — the forms its guide
 * shows. TypeORM has no prepared statements, so there is one variant.
 */
import type { DataSource, DataSourceOptions, EntitySchema, EntitySchemaColumnOptions, FindOperator } from 'typeorm';
import type { DialectName } from '../../ground/values.js';
import type { PeerDefinition, PeerTables } from './peer.js';
import { POST_COLUMNS, serverConnection, sqliteFile, USER_COLUMNS } from './peer-connection.js';
import type { ItemInput, PeerPostWithAuthor, PeerUser } from './peer-queries.js';

type TypeOrm = typeof import('typeorm');

const DRIVER: Readonly<Record<DialectName, string>> = { sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' };

/** The benchmark's column types as each TypeORM driver names them (it checks them against its own list). */
const DATETIME: Readonly<Record<DialectName, EntitySchemaColumnOptions>> = {
  sqlite: { type: 'datetime' },
  postgres: { type: 'timestamptz' },
  mysql: { type: 'datetime', precision: 3 },
};

interface UserEntity extends PeerUser {
  id: number;
  age: number | null;
}
interface PostEntity extends PeerPostWithAuthor {
  id: number;
}
interface ItemEntity extends ItemInput {
  id?: number;
}

function entities(orm: TypeOrm, dialect: DialectName, tables: PeerTables) {
  const pk: EntitySchemaColumnOptions = { type: 'int', primary: true, generated: 'increment' };
  const createdAt: EntitySchemaColumnOptions = { ...DATETIME[dialect], name: USER_COLUMNS.createdAt };
  const User = new orm.EntitySchema<UserEntity>({
    name: 'BenchUser',
    tableName: tables.users,
    columns: {
      id: pk,
      name: { type: 'varchar', length: 100 },
      email: { type: 'varchar', length: 255, unique: true },
      age: { type: 'int', nullable: true },
      isActive: { type: 'boolean', name: USER_COLUMNS.isActive },
      createdAt,
    },
  });
  const Post = new orm.EntitySchema<PostEntity>({
    name: 'BenchPost',
    tableName: tables.posts,
    columns: {
      id: pk,
      // The foreign key as a plain column too, beside the relation below, so it can be read and grouped by.
      authorId: { type: 'int', name: POST_COLUMNS.authorId },
      title: { type: 'varchar', length: 200 },
      views: { type: 'int' },
      createdAt: { ...createdAt, name: POST_COLUMNS.createdAt },
    },
    relations: { author: { type: 'many-to-one', target: 'BenchUser', joinColumn: { name: POST_COLUMNS.authorId } } },
  });
  const Item = new orm.EntitySchema<ItemEntity>({
    name: 'BenchItem',
    tableName: tables.items,
    columns: { id: pk, name: { type: 'varchar', length: 100 }, qty: { type: 'int' }, price: { type: 'double precision' } },
  });
  return { User, Post, Item };
}

export const typeormPeer: PeerDefinition = {
  name: 'typeorm',
  packages: (dialect) => ['typeorm', DRIVER[dialect]],
  async open(target) {
    const { url, tables } = target;
    const orm = (await target.load<{ default: TypeOrm }>('typeorm')).default;
    // The driver is handed over rather than left to TypeORM's own require, so a missing one skips the peer by name.
    const { default: driver } = await target.load<{ default: unknown }>(DRIVER[url.dialect]);
    const { User, Post, Item } = entities(orm, url.dialect, tables);
    const common = { entities: [User, Post, Item] as EntitySchema[], synchronize: false, logging: false, driver };
    let options: DataSourceOptions;
    if (url.dialect === 'sqlite') {
      options = { ...common, type: 'better-sqlite3', database: sqliteFile(url) };
    } else {
      const { host, port, user, password, database } = serverConnection(url);
      const server = { ...common, host, port, username: user, password, database, poolSize: target.poolSize };
      // The benchmark's MySQL DATETIMEs hold UTC.
      options = url.dialect === 'postgres' ? { ...server, type: 'postgres' } : { ...server, type: 'mysql', timezone: 'Z' };
    }
    const dataSource: DataSource = await new orm.DataSource(options).initialize();
    const users = dataSource.getRepository(User);
    const posts = dataSource.getRepository(Post);
    const items = dataSource.getRepository(Item);
    const atLeast = (n: number): FindOperator<number> => orm.MoreThanOrEqual(n);
    // On SQLite every query shares TypeORM's one query runner, which does not queue transactions: two at
    // once collide on BEGIN (typeorm/typeorm#1884, #8668). Its users queue them, as here; a pool gives
    // each transaction its own connection.
    let queue: Promise<unknown> = Promise.resolve();
    const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
      if (url.dialect !== 'sqlite') return work();
      const next = queue.then(work, work);
      queue = next.catch(() => undefined);
      return next;
    };
    return {
      variants: [
        {
          variant: 'typeorm',
          queries: {
            userById: (id) => users.findOneBy({ id }),
            newestActiveUsers: (limit) => users.find({ where: { isActive: true }, order: { createdAt: 'DESC' }, take: limit }),
            topPostsOfActiveAuthors: (minViews, limit) =>
              posts.find({ relations: { author: true }, where: { views: atLeast(minViews), author: { isActive: true } }, order: { views: 'DESC' }, take: limit }),
            postStatsByAuthor: (maxAuthorId) =>
              posts
                .createQueryBuilder('post')
                .select('post.authorId', 'authorId')
                .addSelect('COUNT(post.id)', 'n')
                .addSelect('AVG(post.views)', 'avgViews')
                .where('post.authorId <= :maxAuthorId', { maxAuthorId })
                .groupBy('post.authorId')
                .getRawMany(),
            insertItems: async (rows) => {
              // `insert` is TypeORM's bulk form: one multi-row INSERT, without loading or cascading entities as `save` would.
              // It writes the generated ids back into the objects it is given: fresh ones each time, as an app builds them.
              const result = await items.insert(rows.map((r) => ({ ...r })));
              return result.identifiers.length;
            },
            updateAges: (rows) =>
              oneAtATime(() =>
                dataSource.transaction(async (manager) => {
                  let updated = 0;
                  for (const r of rows) updated += (await manager.update(User, { id: r.id }, { age: r.age })).affected ?? 0;
                  return updated;
                }),
              ),
            postsWithAuthors: (limit) => posts.find({ relations: { author: true }, order: { id: 'ASC' }, take: limit }),
            countActiveUsers: () => users.countBy({ isActive: true }),
            emailExists: (email) => users.existsBy({ email }),
            usersById: (limit) => users.find({ order: { id: 'ASC' }, take: limit }),
          },
        },
      ],
      close: () => dataSource.destroy(),
    };
  },
};
