/**
 * The loop instructions-per-op.mjs counts under valgrind: `ops` operations of one workload through
 * one build's public API, on tables of its own (`oxen_instr_users`, `oxen_instr_posts`). Only API that
 * every build since the re-layering's base has (no `using()`), so the same loop runs on both sides.
 *
 *   node instructions-loop.mjs <build dir> <url> <js|native> seed|drop|<workload> [ops]
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [dir, url, executor, what, opsArg] = process.argv.slice(2);
const o = await import(pathToFileURL(join(dir, 'dist', 'index.js')).href);

const USERS = 500;
const User = o.model(
  'InstrUser',
  {
    id: o.AutoField(),
    name: o.CharField({ maxLength: 100 }),
    email: o.CharField({ maxLength: 255 }),
    age: o.IntField({ null: true }),
    isActive: o.BooleanField({ default: true }),
  },
  { tableName: 'oxen_instr_users' },
);
const Post = o.model(
  'InstrPost',
  {
    id: o.AutoField(),
    author: o.ForeignKey(() => User, { onDelete: 'CASCADE', relatedName: 'posts' }),
    title: o.CharField({ maxLength: 200 }),
    views: o.IntField({ default: 0 }),
  },
  { tableName: 'oxen_instr_posts' },
);

export const WORKLOADS = {
  simple_select: (i) => User.get({ id: 1 + ((i * 7919) % USERS) }),
  filter_limit: () => User.all().filter({ isActive: true, age__gte: 30 }).orderBy('id').limit(10).fetch(),
  prefetch_related: () => Post.all().orderBy('id').prefetchRelated('author').limit(50).fetch(),
  count: () => User.all().filter({ age__gte: 40 }).count(),
};

await o.connect({ databases: { default: url }, executor });
try {
  if (what === 'seed') {
    await o.dropTables([Post, User], { ifExists: true });
    await o.createTables([User, Post]);
    await User.bulkCreate(Array.from({ length: USERS }, (_, i) => ({ name: `u${i}`, email: `u${i}@example.org`, age: 20 + (i % 50), isActive: i % 3 !== 0 })));
    await Post.bulkCreate(Array.from({ length: 2000 }, (_, i) => ({ authorId: 1 + ((i * 7) % USERS), title: `p${i}`, views: i })));
  } else if (what === 'drop') {
    await o.dropTables([Post, User], { ifExists: true });
  } else {
    const run = WORKLOADS[what];
    if (!run) throw new Error(`unknown workload ${what}: one of ${Object.keys(WORKLOADS).join(', ')}`);
    const ops = Number(opsArg);
    for (let i = 0; i < ops; i++) await run(i);
  }
} finally {
  await o.disconnect();
}
