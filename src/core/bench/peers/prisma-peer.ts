/**
 * Prisma 7 (https://www.prisma.io/docs/orm): the Rust-free client, generated for the benchmark's tables
 * (prisma-client.ts) and connected through the driver adapter for the database. Its model API answers
 * each workload: `include` loads relations, `groupBy` aggregates, `createMany` bulk-inserts, and per-row
 * updates go in one batch `$transaction`, the form its docs give for updating many rows to different values.
 */
import type { DialectName } from '../../ground/values.js';
import type { PeerDefinition } from './peer.js';
import { generatedClient, importGenerated, prismaSchema } from './prisma-client.js';
import { serverConnection, sqliteFile } from './peer-connection.js';
import type { ItemInput, PeerPostWithAuthor, PeerQueries, PeerUser } from './peer-queries.js';

const ADAPTER: Readonly<Record<DialectName, { readonly pkg: string; readonly name: string }>> = {
  sqlite: { pkg: '@prisma/adapter-better-sqlite3', name: 'PrismaBetterSqlite3' },
  postgres: { pkg: '@prisma/adapter-pg', name: 'PrismaPg' },
  mysql: { pkg: '@prisma/adapter-mariadb', name: 'PrismaMariaDb' },
};

type Args = Record<string, unknown>;
type Row = Record<string, unknown>;

/** The parts of the generated client's model delegates the workloads use. */
interface Delegate<R> {
  findUnique(args: Args): Promise<R | null>;
  findMany(args: Args): Promise<R[]>;
  count(args: Args): Promise<number>;
  groupBy(args: Args): Promise<Row[]>;
  createMany(args: { data: ItemInput[] }): Promise<{ count: number }>;
  updateMany(args: Args): Promise<{ count: number }>;
}

interface Client {
  readonly user: Delegate<PeerUser>;
  readonly post: Delegate<PeerPostWithAuthor>;
  readonly item: Delegate<Row>;
  $transaction<T>(operations: readonly Promise<T>[]): Promise<T[]>;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
}

type AdapterClass = new (config: unknown, options?: unknown) => unknown;

export const prismaPeer: PeerDefinition = {
  name: 'prisma',
  packages: (dialect) => ['prisma', '@prisma/client', ADAPTER[dialect].pkg],
  async open(target) {
    const { url, tables } = target;
    const adapterModule = await target.load<Record<string, AdapterClass>>(ADAPTER[url.dialect].pkg);
    const Adapter = adapterModule[ADAPTER[url.dialect].name]!;
    const adapter =
      url.dialect === 'sqlite'
        ? new Adapter({ url: `file:${sqliteFile(url)}` })
        : url.dialect === 'postgres'
          ? (({ host, port, user, password, database }) => new Adapter({ host, port, user, password, database, max: target.poolSize }))(serverConnection(url))
          : // The MariaDB connector's pool; Prisma reads DATETIME text as UTC, as Oxen stores it.
            (({ host, port, user, password, database }) => new Adapter({ host, port, user, password, database, connectionLimit: target.poolSize }))(serverConnection(url));
    const entry = await generatedClient(prismaSchema(url.dialect, tables));
    const { PrismaClient } = await importGenerated<{ PrismaClient: new (options: { adapter: unknown }) => Client }>(entry);
    const prisma = new PrismaClient({ adapter });
    await prisma.$connect();
    const queries: PeerQueries = {
      userById: (id) => prisma.user.findUnique({ where: { id } }),
      newestActiveUsers: (limit) => prisma.user.findMany({ where: { isActive: true }, orderBy: { createdAt: 'desc' }, take: limit }),
      topPostsOfActiveAuthors: (minViews, limit) =>
        prisma.post.findMany({ where: { views: { gte: minViews }, author: { isActive: true } }, include: { author: true }, orderBy: { views: 'desc' }, take: limit }),
      postStatsByAuthor: async (maxAuthorId) => {
        const groups = await prisma.post.groupBy({ by: ['authorId'], where: { authorId: { lte: maxAuthorId } }, _count: { id: true }, _avg: { views: true } });
        return groups.map((g) => ({ authorId: g.authorId, n: (g._count as Row).id, avgViews: (g._avg as Row).views }));
      },
      insertItems: async (rows) => (await prisma.item.createMany({ data: rows as ItemInput[] })).count,
      updateAges: async (rows) => {
        // updateMany rather than update: it answers with the database's count of rows changed, where
        // update answers with the row re-read.
        const results = await prisma.$transaction(rows.map((r) => prisma.user.updateMany({ where: { id: r.id }, data: { age: r.age } })));
        return results.reduce((sum, r) => sum + r.count, 0);
      },
      postsWithAuthors: (limit) => prisma.post.findMany({ orderBy: { id: 'asc' }, take: limit, include: { author: true } }),
      countActiveUsers: () => prisma.user.count({ where: { isActive: true } }),
      emailExists: async (email) => (await prisma.user.findUnique({ where: { email }, select: { id: true } })) !== null,
      usersById: (limit) => prisma.user.findMany({ orderBy: { id: 'asc' }, take: limit }),
    };
    return { variants: [{ variant: 'prisma', queries }], close: () => prisma.$disconnect() };
  },
};
