/**
 * Sequelize (https://sequelize.org): models from `sequelize.define` with `field` mappings, read with
 * finders and eager loading (`include`), grouped with `sequelize.fn`, inserted with `bulkCreate`, and
 * many per-row updates as `Model.update` calls inside one managed `sequelize.transaction` — the forms
 * its manual shows. Sequelize has no prepared statements, so there is one variant.
 */
import type { Options, Sequelize as SequelizeInstance } from 'sequelize';
import type { DialectName } from '../../ground/values.js';
import type { PeerDefinition, PeerTables } from './peer.js';
import { POST_COLUMNS, serverConnection, sqliteFile, USER_COLUMNS } from './peer-connection.js';
import type { PeerAuthorStats, PeerPostWithAuthor, PeerUser } from './peer-queries.js';

type SequelizeModule = typeof import('sequelize');

const DRIVER: Readonly<Record<DialectName, string>> = { sqlite: 'sqlite3', postgres: 'pg', mysql: 'mysql2' };

function defineModels(sequelize: SequelizeInstance, { DataTypes }: SequelizeModule, tables: PeerTables) {
  const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };
  const User = sequelize.define(
    'BenchUser',
    {
      id,
      name: { type: DataTypes.STRING(100), allowNull: false },
      email: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      age: { type: DataTypes.INTEGER, allowNull: true },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, field: USER_COLUMNS.isActive },
      createdAt: { type: DataTypes.DATE(3), allowNull: false, field: USER_COLUMNS.createdAt },
    },
    // The benchmark's own created_at is data, not a timestamp Sequelize should manage.
    { tableName: tables.users, timestamps: false },
  );
  const Post = sequelize.define(
    'BenchPost',
    {
      id,
      authorId: { type: DataTypes.INTEGER, allowNull: false, field: POST_COLUMNS.authorId },
      title: { type: DataTypes.STRING(200), allowNull: false },
      views: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: { type: DataTypes.DATE(3), allowNull: false, field: POST_COLUMNS.createdAt },
    },
    { tableName: tables.posts, timestamps: false },
  );
  Post.belongsTo(User, { as: 'author', foreignKey: 'authorId' });
  const Item = sequelize.define(
    'BenchItem',
    { id, name: { type: DataTypes.STRING(100), allowNull: false }, qty: { type: DataTypes.INTEGER, allowNull: false }, price: { type: DataTypes.DOUBLE, allowNull: false } },
    { tableName: tables.items, timestamps: false },
  );
  return { User, Post, Item };
}

export const sequelizePeer: PeerDefinition = {
  name: 'sequelize',
  packages: (dialect) => ['sequelize', DRIVER[dialect]],
  async open(target) {
    const { url, tables } = target;
    const orm = (await target.load<{ default: SequelizeModule }>('sequelize')).default;
    // The driver is handed over (`dialectModule`) rather than left to Sequelize's own require, so a missing one skips the peer by name.
    const { default: dialectModule } = await target.load<{ default: object }>(DRIVER[url.dialect]);
    const common: Options = { logging: false, dialectModule };
    let options: Options;
    if (url.dialect === 'sqlite') {
      options = { ...common, dialect: 'sqlite', storage: sqliteFile(url) };
    } else {
      const { host, port, user, password, database } = serverConnection(url);
      const server: Options = { ...common, host, port, username: user, password, database, pool: { max: target.poolSize, min: 0 } };
      // The benchmark's MySQL DATETIMEs hold UTC: Sequelize sets the session's zone and reads dates in it.
      options = url.dialect === 'postgres' ? { ...server, dialect: 'postgres' } : { ...server, dialect: 'mysql', timezone: '+00:00' };
    }
    const sequelize = new orm.Sequelize(options);
    const { User, Post, Item } = defineModels(sequelize, orm, tables);
    const { Op, fn, col } = orm;
    const author = { model: User, as: 'author' };
    // Model instances expose each attribute (and the included author) as a property, which is all the checks read.
    const asUsers = (rows: unknown): PeerUser[] => rows as PeerUser[];
    const asPosts = (rows: unknown): PeerPostWithAuthor[] => rows as PeerPostWithAuthor[];
    return {
      variants: [
        {
          variant: 'sequelize',
          queries: {
            userById: async (id) => (await User.findByPk(id)) as unknown as PeerUser | null,
            newestActiveUsers: async (limit) => asUsers(await User.findAll({ where: { isActive: true }, order: [['createdAt', 'DESC']], limit })),
            topPostsOfActiveAuthors: async (minViews, limit) =>
              // A `where` on the include makes it required: an INNER JOIN on active authors.
              asPosts(await Post.findAll({ where: { views: { [Op.gte]: minViews } }, include: [{ ...author, where: { isActive: true } }], order: [['views', 'DESC']], limit })),
            postStatsByAuthor: async (maxAuthorId) =>
              (await Post.findAll({
                attributes: ['authorId', [fn('COUNT', col('id')), 'n'], [fn('AVG', col('views')), 'avgViews']],
                where: { authorId: { [Op.lte]: maxAuthorId } },
                group: ['authorId'],
                raw: true,
              })) as unknown as PeerAuthorStats[],
            insertItems: async (rows) => (await Item.bulkCreate(rows as unknown as Parameters<typeof Item.bulkCreate>[0])).length,
            updateAges: (rows) =>
              sequelize.transaction(async (transaction) => {
                let updated = 0;
                for (const r of rows) {
                  const [n] = await User.update({ age: r.age }, { where: { id: r.id }, transaction });
                  updated += n;
                }
                return updated;
              }),
            postsWithAuthors: async (limit) => asPosts(await Post.findAll({ include: [author], order: [['id', 'ASC']], limit })),
            countActiveUsers: () => User.count({ where: { isActive: true } }),
            // Sequelize has no exists(): its manual's test for a row is findOne, here of the key alone.
            emailExists: async (email) => (await User.findOne({ attributes: ['id'], where: { email } })) !== null,
            usersById: async (limit) => asUsers(await User.findAll({ order: [['id', 'ASC']], limit })),
          },
        },
      ],
      close: () => sequelize.close(),
    };
  },
};
