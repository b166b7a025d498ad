/**
 * ManyToManyField on every database and executor: the automatic join table (created and dropped with
 * the models), add/remove/set/clear/all from both sides checked against the join table read with the
 * bare driver, filters across the relation under Django's multi-valued rule, prefetchRelated in one
 * extra query, a through model with an extra field, and bad input refused with one clear line.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AutoField, CharField, createTables, DateTimeField, dropTables, ForeignKey, getDatabase, IntField, ManyToManyField, model, schemaFromModels, UsageError,
  type AnyModel,
} from '../../src/index.js';
import { myQuery, pgQuery } from '../support/plain-sql.js';
import { rejection } from '../support/rejection.js';
import { recordQueries, testTargets, useDatabase, type TestTarget } from '../support/orm.js';

function m2mModels(prefix: string) {
  const Tag = model('Tag', { name: CharField({ maxLength: 50, unique: true }) }, { tableName: `${prefix}_tag`, ordering: ['name'] });
  const Post = model('Post', {
    id: AutoField(),
    title: CharField({ maxLength: 100 }),
    views: IntField({ default: 0 }),
    tags: ManyToManyField(() => Tag, { relatedName: 'posts' }),
  }, { tableName: `${prefix}_post` });
  const Person = model('Person', { name: CharField({ maxLength: 50 }) }, { tableName: `${prefix}_person` });
  // A through model without a unique pair (add() looks the present pairs up first) and an extra field with a default.
  const Club = model('Club', {
    name: CharField({ maxLength: 50 }),
    members: ManyToManyField(() => Person, { through: (): AnyModel => Membership, relatedName: 'clubs' }),
  }, { tableName: `${prefix}_club` });
  const Membership = model('Membership', {
    person: ForeignKey(() => Person),
    club: ForeignKey(() => Club),
    role: CharField({ maxLength: 20, default: 'member' }),
    joinedAt: DateTimeField({ autoNowAdd: true }),
  }, { tableName: `${prefix}_membership` });
  // A through model whose extra field must be given: add() refuses.
  const Course = model('Course', {
    title: CharField({ maxLength: 50 }),
    students: ManyToManyField(() => Person, { through: (): AnyModel => Enrollment }),
  }, { tableName: `${prefix}_course` });
  const Enrollment = model('Enrollment', { course: ForeignKey(() => Course), person: ForeignKey(() => Person), grade: IntField() }, { tableName: `${prefix}_enrollment` });
  // Related to itself, directed: the join table's keys are from_node_id and to_node_id; each side has its own name.
  const Node = model('Node', { name: CharField({ maxLength: 20 }), links: ManyToManyField((): AnyModel => Node, { relatedName: 'linkedFrom', symmetrical: false }) }, { tableName: `${prefix}_node` });
  // Related to itself, symmetrical by default as in Django: each pair stored both ways, no reverse accessor.
  const Peer = model('Peer', { name: CharField({ maxLength: 20 }), friends: ManyToManyField((): AnyModel => Peer) }, { tableName: `${prefix}_peer` });
  // A through model with two keys to Person: throughFields says which one the relation uses.
  const Team = model('Team', {
    name: CharField({ maxLength: 20 }),
    members: ManyToManyField(() => Person, { through: (): AnyModel => Seat, throughFields: ['team', 'person'], relatedName: 'teams' }),
  }, { tableName: `${prefix}_team` });
  const Seat = model('Seat', {
    team: ForeignKey(() => Team),
    person: ForeignKey(() => Person, { relatedName: 'seats' }),
    invitedBy: ForeignKey(() => Person, { relatedName: 'invitations', null: true }),
  }, { tableName: `${prefix}_seat` });
  return { Tag, Post, Person, Club, Membership, Course, Enrollment, Node, Peer, Team, Seat, all: [Tag, Post, Person, Club, Membership, Course, Enrollment, Node, Peer, Team, Seat] };
}

const { Tag, Post, Person, Club, Membership, Course, Enrollment, Node, Peer, Team, Seat, all } = m2mModels('m2m');
const JOIN = 'm2m_post_tags';

/** The bare driver on its own connection: `?` placeholders everywhere. */
async function plain(target: TestTarget, sql: string, params: unknown[] = []): Promise<unknown[][]> {
  if (target.dialect === 'sqlite') {
    const db = new Database(target.url.slice('sqlite://'.length), { readonly: true });
    try {
      return db.prepare(sql).raw(true).all(...params) as unknown[][];
    } finally {
      db.close();
    }
  }
  if (target.dialect === 'postgres') {
    let n = 0;
    return pgQuery(target.url, sql.replace(/\?/g, () => `$${++n}`), params);
  }
  return myQuery(target.url, sql, params);
}

describe.each(testTargets())('many-to-many on $label', (target) => {
  useDatabase(target, all);
  const queries = recordQueries();
  const q = (name: string): string => getDatabase().dialect.quoteIdent(name);
  /** The tag ids paired with a post, read from the join table itself. */
  const pairedTags = async (postId: number): Promise<number[]> =>
    (await plain(target, `SELECT ${q('tag_id')} FROM ${q(JOIN)} WHERE ${q('post_id')} = ? ORDER BY ${q('tag_id')}`, [postId])).map((r) => Number(r[0]));
  const names = (rows: readonly { name: string }[]): string[] => rows.map((r) => r.name).sort();
  const titles = (rows: readonly { title: string }[]): string[] => rows.map((r) => r.title).sort();

  it('makes the join table: no column on the model, two keys with ON DELETE CASCADE, the pair unique', async () => {
    const state = schemaFromModels([Post, Tag]);
    expect(state.tables.map((t) => t.name)).toEqual(['m2m_post', 'm2m_post_tags', 'm2m_tag']);
    expect(state.tables[0]!.columns.map((c) => c.name)).toEqual(['id', 'title', 'views']);
    const join = state.tables[1]!;
    expect(join.columns.map((c) => c.name)).toEqual(['id', 'post_id', 'tag_id']);
    expect(join.foreignKeys.map((f) => [f.columns, f.referencedTable, f.onDelete])).toEqual([
      [['post_id'], 'm2m_post', 'CASCADE'],
      [['tag_id'], 'm2m_tag', 'CASCADE'],
    ]);
    expect(join.indexes.filter((i) => i.unique).map((i) => i.columns)).toEqual([['post_id', 'tag_id']]);
    expect(await plain(target, `SELECT COUNT(*) FROM ${q(JOIN)}`)).toEqual([[expect.anything()]]);
  });

  it('createTables and dropTables take the join table with the models', async () => {
    const x = m2mModels('m2mx');
    await dropTables([x.Post, x.Tag], { ifExists: true });
    const created = await createTables([x.Post, x.Tag]);
    expect(JSON.stringify(created)).toContain('m2mx_post_tags');
    expect(await plain(target, `SELECT COUNT(*) FROM ${q('m2mx_post_tags')}`)).toHaveLength(1);
    await dropTables([x.Post, x.Tag]);
    await expect(plain(target, `SELECT COUNT(*) FROM ${q('m2mx_post_tags')}`)).rejects.toThrow();
  });

  it('add, all, remove, set and clear from the declaring side, checked in the join table', async () => {
    const [orm, sql, db] = await Tag.bulkCreate([{ name: 'orm' }, { name: 'sql' }, { name: 'db' }]);
    const post = await Post.create({ title: 'first' });
    queries.clear();
    await post.tags.add(orm!, sql!.id);
    expect(queries.list).toHaveLength(1);
    expect(queries.list[0]!.sql).toMatch(/^INSERT/);
    expect(await pairedTags(post.id)).toEqual([orm!.id, sql!.id]);
    expect(names(await post.tags.all())).toEqual(['orm', 'sql']);

    // Adding pairs already there changes nothing and fails nothing; new ones in the same call are added.
    queries.clear();
    await post.tags.add(orm!, sql!, db!, db!.id);
    expect(queries.list).toHaveLength(1);
    expect(await pairedTags(post.id)).toEqual([orm!.id, sql!.id, db!.id]);

    expect(await post.tags.remove(sql!)).toBe(1);
    expect(await pairedTags(post.id)).toEqual([orm!.id, db!.id]);
    await post.tags.set([sql!, db!.id]);
    expect(await pairedTags(post.id)).toEqual([sql!.id, db!.id]);
    expect(names(await post.tags.all().filter({ name__startswith: 's' }))).toEqual(['sql']);
    expect(await post.tags.all().count()).toBe(2);
    expect(await post.tags.clear()).toBe(2);
    expect(await pairedTags(post.id)).toEqual([]);
    await post.tags.set([orm!]);
    expect(await pairedTags(post.id)).toEqual([orm!.id]);
    await post.tags.set([]);
    expect(await pairedTags(post.id)).toEqual([]);
  });

  it('the same from the reverse side (tag.posts)', async () => {
    const tag = await Tag.create({ name: 'reverse' });
    const [a, b] = await Post.bulkCreate([{ title: 'ra' }, { title: 'rb' }]);
    const posts = (tag as unknown as { posts: { add(...o: unknown[]): Promise<void>; remove(...o: unknown[]): Promise<number>; set(o: unknown[]): Promise<void>; clear(): Promise<number>; all(): PromiseLike<{ title: string }[]> } }).posts;
    await posts.add(a!, b!.id);
    expect(await pairedTags(a!.id)).toEqual([tag.id]);
    expect(await pairedTags(b!.id)).toEqual([tag.id]);
    expect(titles(await posts.all())).toEqual(['ra', 'rb']);
    expect(names(await a!.tags.all())).toEqual(['reverse']);
    expect(await posts.remove(a!)).toBe(1);
    expect(await pairedTags(a!.id)).toEqual([]);
    await posts.set([a!]);
    expect(titles(await posts.all())).toEqual(['ra']);
    expect(await posts.clear()).toBe(1);
    expect(await posts.all()).toEqual([]);
  });

  it('deleting either side deletes its pairs (ON DELETE CASCADE)', async () => {
    const [t1, t2] = await Tag.bulkCreate([{ name: 'gone1' }, { name: 'gone2' }]);
    const post = await Post.create({ title: 'cascade' });
    await post.tags.add(t1!, t2!);
    await t1!.delete();
    expect(await pairedTags(post.id)).toEqual([t2!.id]);
    await post.delete();
    expect(await plain(target, `SELECT COUNT(*) FROM ${q(JOIN)} WHERE ${q('tag_id')} = ?`, [t2!.id])).toEqual([[expect.anything()]]);
    expect(Number((await plain(target, `SELECT COUNT(*) FROM ${q(JOIN)} WHERE ${q('tag_id')} = ?`, [t2!.id]))[0]![0])).toBe(0);
  });

  describe('filters across the relation', () => {
    it('seeds posts tagged in ways that tell the rules apart', async () => {
      const [red, blue] = await Tag.bulkCreate([{ name: 'f-red' }, { name: 'f-blue' }]);
      const [p1, p2, p3] = await Post.bulkCreate([{ title: 'f1', views: 10 }, { title: 'f2', views: 20 }, { title: 'f3', views: 30 }]);
      await p1!.tags.add(red!, blue!);
      await p2!.tags.add(red!);
      await p3!.tags.add(blue!);
      await Post.create({ title: 'f4' });
    });

    it('Post.filter({ tags__name }) and Tag.filter({ posts__title__contains }), no row twice', async () => {
      expect(titles(await Post.filter({ tags__name: 'f-red' }))).toEqual(['f1', 'f2']);
      expect(titles(await Post.filter({ tags__name__startswith: 'f-' }))).toEqual(['f1', 'f2', 'f3']);
      expect(names(await Tag.filter({ posts__title__contains: 'f' }))).toEqual(['f-blue', 'f-red']);
      expect(await Tag.filter({ posts__views__gte: 10 }).count()).toBe(2);
      const red = await Tag.get({ name: 'f-red' });
      expect(titles(await Post.filter({ tags: red }))).toEqual(['f1', 'f2']);
      expect(titles(await Post.filter({ tags__in: [red.id], title__in: ['f1', 'f3'] }))).toEqual(['f1']);
    });

    it('one filter() call: the same related row; chained calls: any rows', async () => {
      // No single tag is named both f-red and f-blue; f1 has one of each.
      expect(await Post.filter({ tags__name: 'f-red', tags__name__endswith: 'blue' })).toEqual([]);
      expect(titles(await Post.filter({ tags__name: 'f-red' }).filter({ tags__name: 'f-blue' }))).toEqual(['f1']);
      expect(names(await Tag.filter({ posts__title: 'f1', posts__views: 20 }))).toEqual([]);
      expect(names(await Tag.filter({ posts__title: 'f1' }).filter({ posts__views: 20 }))).toEqual(['f-red']);
    });

    it('tags__isnull: true is the posts with no tag (Django\'s LEFT JOIN meaning), as plain SQL finds them; false, the tagged ones', async () => {
      const seeded = { title__in: ['f1', 'f2', 'f3', 'f4'] };
      const untagged = await plain(
        target,
        `SELECT p.${q('title')} FROM ${q('m2m_post')} p LEFT JOIN ${q(JOIN)} pt ON pt.${q('post_id')} = p.${q('id')} WHERE pt.${q('id')} IS NULL AND p.${q('title')} IN ('f1', 'f2', 'f3', 'f4')`,
      );
      expect(untagged.map((r) => r[0])).toEqual(['f4']);
      expect(titles(await Post.filter({ ...seeded, tags__isnull: true }))).toEqual(['f4']);
      expect(titles(await Post.filter({ ...seeded, tags__isnull: false }))).toEqual(['f1', 'f2', 'f3']);
      expect(titles(await Post.filter(seeded).exclude({ tags__isnull: true }))).toEqual(['f1', 'f2', 'f3']);
      expect(await Post.filter({ ...seeded, tags__id__isnull: true }).count()).toBe(1);
      const lonely = await Tag.create({ name: 'f-lonely' });
      try {
        expect(names(await Tag.filter({ name__startswith: 'f-', posts__isnull: true }))).toEqual(['f-lonely']);
      } finally {
        await lonely.delete();
      }
    });

    it('exclude() is a sub-select: posts with no red tag, including untagged ones', async () => {
      queries.clear();
      expect(titles(await Post.filter({ title__in: ['f1', 'f2', 'f3', 'f4'] }).exclude({ tags__name: 'f-red' }))).toEqual(['f3', 'f4']);
      expect(queries.list[0]!.sql).toMatch(/NOT \(?EXISTS/);
      expect(queries.list[0]!.sql).not.toMatch(/\bJOIN\b.*\bJOIN\b.*WHERE NOT|DISTINCT/);
    });
  });

  it('prefetchRelated loads every post\'s tags in exactly one extra query, and the reverse side too', async () => {
    const [x, y] = await Tag.bulkCreate([{ name: 'p-x' }, { name: 'p-y' }]);
    const [a, b, c] = await Post.bulkCreate([{ title: 'pa' }, { title: 'pb' }, { title: 'pc' }]);
    await a!.tags.add(y!, x!);
    await b!.tags.add(x!);
    queries.clear();
    const posts = await Post.filter({ title__in: ['pa', 'pb', 'pc'] }).prefetchRelated('tags').orderBy('title');
    expect(queries.list).toHaveLength(2);
    expect(queries.list[1]!.sql).toMatch(/JOIN/);
    // The related model's ordering (name) holds.
    expect(posts.map((p) => p.tags.loaded!.map((t) => t.name))).toEqual([['p-x', 'p-y'], ['p-x'], []]);
    expect(c!.tags.loaded).toBeUndefined();

    // all() answers from the prefetch with no statement, as Django's does: no N+1 in a loop over posts.
    queries.clear();
    const viaAll = await Promise.all(posts.map(async (p) => (await p.tags.all()).map((t) => t.name)));
    expect(viaAll).toEqual([['p-x', 'p-y'], ['p-x'], []]);
    expect(queries.list).toHaveLength(0);
    // A chained call is a new query; a change to the pairs drops the prefetched list.
    expect((await posts[0]!.tags.all().filter({ name: 'p-y' })).map((t) => t.name)).toEqual(['p-y']);
    expect(queries.list).toHaveLength(1);
    await posts[2]!.tags.add(y!);
    expect(posts[2]!.tags.loaded).toBeUndefined();
    expect((await posts[2]!.tags.all()).map((t) => t.name)).toEqual(['p-y']);
    expect(await posts[2]!.tags.remove(y!)).toBe(1);

    queries.clear();
    const tags = await Tag.filter({ name__startswith: 'p-' }).prefetchRelated('posts', 'posts__tags').orderBy('name');
    expect(queries.list).toHaveLength(3);
    const loaded = (t: unknown) => (t as { posts: { loaded: { title: string; tags: { loaded: { name: string }[] } }[] } }).posts.loaded;
    expect(tags.map((t) => titles(loaded(t)))).toEqual([['pa', 'pb'], ['pa']]);
    expect(loaded(tags[0]).find((p) => p.title === 'pa')!.tags.loaded.map((t) => t.name)).toEqual(['p-x', 'p-y']);
  });

  it('a through model with an extra field: add fills its default, reads and filters go through it', async () => {
    const [ann, bob] = await Person.bulkCreate([{ name: 'ann' }, { name: 'bob' }]);
    const chess = await Club.create({ name: 'chess' });
    await chess.members.add(ann!);
    // No unique pair here: add() still adds each pair once.
    await chess.members.add(ann!, bob!);
    const rows = await plain(target, `SELECT ${q('person_id')}, ${q('role')} FROM ${q(Membership.meta.tableName)} WHERE ${q('club_id')} = ? ORDER BY ${q('person_id')}`, [chess.id]);
    expect(rows.map((r) => [Number(r[0]), r[1]])).toEqual([[ann!.id, 'member'], [bob!.id, 'member']]);
    await Membership.filter({ clubId: chess.id, personId: bob!.id }).update({ role: 'chair' });
    expect((await chess.members.all()).map((p) => p.name).sort()).toEqual(['ann', 'bob']);
    expect((await Club.filter({ members__name: 'bob' })).map((c) => c.name)).toEqual(['chess']);
    expect((await Person.filter({ clubs__name: 'chess' }).orderBy('name')).map((p) => p.name)).toEqual(['ann', 'bob']);
    queries.clear();
    const [club] = await Club.filter({ id: chess.id }).prefetchRelated('members');
    expect(queries.list).toHaveLength(2);
    expect(club!.members.loaded!.map((p) => p.name).sort()).toEqual(['ann', 'bob']);
    expect(await chess.members.remove(bob!)).toBe(1);
    expect((await chess.members.all()).map((p) => p.name)).toEqual(['ann']);
  });

  it('a through model whose extra field has no default: add and set refuse without throughDefaults, and write it with them', async () => {
    const [cy, di] = await Person.bulkCreate([{ name: 'cy' }, { name: 'di' }]);
    const algebra = await Course.create({ title: 'algebra' });
    const e = await rejection(algebra.students.add(cy!), UsageError);
    expect(e.message).toMatch(/Course\.students\.add\(\): the through model Enrollment has field grade without a default and not nullable; give it in \{ throughDefaults: \{ grade: … \} \}/);
    await rejection(algebra.students.set([cy!]), UsageError);
    await Enrollment.create({ course: algebra, person: cy!, grade: 5 });
    expect((await algebra.students.all()).map((p) => p.name)).toEqual(['cy']);
    expect(await algebra.students.clear()).toBe(1);

    const grades = async (): Promise<[number, number][]> =>
      (await plain(target, `SELECT ${q('person_id')}, ${q('grade')} FROM ${q(Enrollment.meta.tableName)} WHERE ${q('course_id')} = ? ORDER BY ${q('person_id')}`, [algebra.id])).map((r) => [Number(r[0]), Number(r[1])]);
    await algebra.students.add(cy!, { throughDefaults: { grade: 4 } });
    await algebra.students.set([cy!, di!], { throughDefaults: { grade: 3 } });
    // set() keeps the pair already there as it is, as Django's does, and writes the new one with the defaults.
    expect(await grades()).toEqual([[cy!.id, 4], [di!.id, 3]]);
    const bad: [() => Promise<unknown>, RegExp][] = [
      [() => algebra.students.add(di!, { throughDefaults: { score: 1 } }), /add\(\): throughDefaults names "score", not a field Enrollment lets you set \(its own fields are grade\)/],
      [() => algebra.students.add(di!, { throughDefaults: { course: 1 } }), /throughDefaults names "course"/],
      [() => algebra.students.add(di!, { throughDefaults: { grade: 'A' } }), /add\(\): throughDefaults\.grade: /],
      [() => algebra.students.set([di!], { throughDefaults: 'grade' } as never), /set\(\): throughDefaults must be an object/],
      [() => algebra.students.set([di!], { grade: 3 } as never), /set\(\): its second argument is \{ throughDefaults/],
      [() => Post.create({ title: 'x' }).then((p) => p.tags.add(1, { throughDefaults: { weight: 1 } })), /Post\.tags\.add\(\): throughDefaults names "weight", not a field Post_tags lets you set \(it has no fields of its own\)|throughDefaults names "weight"/],
    ];
    for (const [call, message] of bad) expect((await rejection(call(), UsageError)).message).toMatch(message);
    expect(await grades()).toEqual([[cy!.id, 4], [di!.id, 3]]);
  });

  it('a model related to itself: from/to keys, each direction under its own name', async () => {
    const [a, b, c] = await Node.bulkCreate([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    type Links = { add(...o: unknown[]): Promise<void>; all(): PromiseLike<{ name: string }[]>; loaded: { name: string }[] | undefined };
    const links = (n: unknown) => (n as { links: Links }).links;
    const linkedFrom = (n: unknown) => (n as { linkedFrom: Links }).linkedFrom;
    await links(a).add(b, c);
    await links(b).add(c);
    const rows = await plain(target, `SELECT ${q('from_node_id')}, ${q('to_node_id')} FROM ${q('m2m_node_links')} ORDER BY 1, 2`);
    expect(rows.map((r) => r.map(Number))).toEqual([[a!.id, b!.id], [a!.id, c!.id], [b!.id, c!.id]]);
    expect(names(await links(a).all())).toEqual(['b', 'c']);
    expect(names(await linkedFrom(c).all())).toEqual(['a', 'b']);
    expect(names(await linkedFrom(a).all())).toEqual([]);
    expect(names((await Node.filter({ links__name: 'c' })) as { name: string }[])).toEqual(['a', 'b']);
    expect(names((await Node.filter({ linkedFrom__name: 'a' })) as { name: string }[])).toEqual(['b', 'c']);
    const loaded = await Node.all().prefetchRelated('links').orderBy('name');
    expect(loaded.map((n) => links(n).loaded!.map((x) => x.name))).toEqual([['b', 'c'], ['c'], []]);
  });

  it('a symmetrical relation (a model related to itself, by default): each pair both ways, read from either end', async () => {
    const [a, b, c, d] = await Peer.bulkCreate([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]);
    type Friends = { add(...o: unknown[]): Promise<void>; remove(...o: unknown[]): Promise<number>; set(o: unknown[]): Promise<void>; clear(): Promise<number>; all(): PromiseLike<{ name: string }[]>; loaded: { name: string }[] | undefined };
    const friends = (p: unknown) => (p as { friends: Friends }).friends;
    const pairs = async (): Promise<number[][]> =>
      (await plain(target, `SELECT ${q('from_peer_id')}, ${q('to_peer_id')} FROM ${q('m2m_peer_friends')} ORDER BY 1, 2`)).map((r) => r.map(Number));
    const [A, B, C, D] = [a!.id, b!.id, c!.id, d!.id];

    expect(Peer.meta.manyRelations().has('peerSet')).toBe(false);
    expect('peerSet' in Peer.prototype).toBe(false);
    await friends(a).add(b, c);
    await friends(b).add(a); // already there both ways: nothing new
    await friends(d).add(d); // a pair with itself is one row
    expect(await pairs()).toEqual([[A, B], [A, C], [B, A], [C, A], [D, D]]);
    expect(names(await friends(a).all())).toEqual(['b', 'c']);
    expect(names(await friends(c).all())).toEqual(['a']);
    expect(names(await friends(d).all())).toEqual(['d']);
    expect(names((await Peer.filter({ friends__name: 'a' })) as { name: string }[])).toEqual(['b', 'c']);
    const loaded = await Peer.all().prefetchRelated('friends').orderBy('name');
    expect(loaded.map((p) => friends(p).loaded!.map((x) => x.name).sort())).toEqual([['b', 'c'], ['a'], ['a'], ['d']]);

    expect(await friends(b).remove(a)).toBe(1);
    expect(await pairs()).toEqual([[A, C], [C, A], [D, D]]);
    await friends(c).set([b, d]);
    expect(await pairs()).toEqual([[B, C], [C, B], [C, D], [D, C], [D, D]]);
    expect(names(await friends(a).all())).toEqual([]);
    expect(await friends(c).clear()).toBe(2);
    expect(await pairs()).toEqual([[D, D]]);
  });

  it('throughFields picks the through model\'s keys when it has two to one side', async () => {
    const [ann, bob] = await Person.bulkCreate([{ name: 'tf-ann' }, { name: 'tf-bob' }]);
    const team = await Team.create({ name: 'tf' });
    await team.members.add(ann!);
    await Seat.create({ team, person: bob!, invitedBy: ann! });
    expect(names(await team.members.all())).toEqual(['tf-ann', 'tf-bob']);
    expect(names(await Person.filter({ teams__name: 'tf' }))).toEqual(['tf-ann', 'tf-bob']);
    expect(names(await Person.filter({ invitations__team__name: 'tf' }))).toEqual(['tf-ann']);
    const seats = await plain(target, `SELECT ${q('person_id')}, ${q('invited_by_id')} FROM ${q('m2m_seat')} ORDER BY ${q('id')}`);
    expect(seats.map((r) => [Number(r[0]), r[1] === null ? null : Number(r[1])])).toEqual([[ann!.id, null], [bob!.id, ann!.id]]);
    expect(await team.members.remove(bob!)).toBe(1);
    expect(names(await team.members.all())).toEqual(['tf-ann']);
  });

  it('symmetrical and throughFields misused: one MODEL_INVALID line naming the fix', () => {
    // Models of their own, so no shared model gains a reverse relation from them.
    const Lone = model('TfLone', { name: CharField({ maxLength: 20 }) }, { tableName: 'm2m_tf_lone' });
    expect(() => {
      // Checked once the model exists: at its first use, or the next model defined.
      const BadPeer = model('BadPeer', { friends: ManyToManyField((): AnyModel => BadPeer, { relatedName: 'friendOf' }) }, { tableName: 'm2m_bad_peer' });
      BadPeer.all();
    }).toThrow(/BadPeer\.friends: a relation of a model to itself is symmetrical by default and has no reverse accessor, so relatedName "friendOf" has nothing to name; pass symmetrical: false/);
    expect(() => model('BadSym', { lone: ManyToManyField(() => Lone, { symmetrical: true }) }, { tableName: 'm2m_bad_sym' }))
      .toThrow(/BadSym\.lone: symmetrical applies to a relation of a model to itself, and TfLone is not BadSym/);
    expect(() => ManyToManyField(() => Lone, { throughFields: ['a', 'b'] })).toThrow(/throughFields names the keys of a through model; give the model as through too/);

    const Seat2 = model('TfSeat', {
      group: ForeignKey((): AnyModel => Group),
      member: ForeignKey(() => Lone, { relatedName: 'tf_member+' }),
      invitedBy: ForeignKey(() => Lone, { relatedName: 'tf_invited+' }),
    }, { tableName: 'm2m_tf_seat' });
    const Group = model('TfGroup', { lones: ManyToManyField(() => Lone, { through: () => Seat2, relatedName: 'tfGroups' }) }, { tableName: 'm2m_tf_group' });
    expect(() => Group.meta.manyToMany[0]!.link).toThrow(/TfGroup\.lones: the through model TfSeat needs exactly one ForeignKey to TfGroup and one to TfLone, or throughFields naming the two to use/);
    const Wrong = model('TfGroupW', { lones: ManyToManyField(() => Lone, { through: () => Seat2, throughFields: ['group', 'nobody'], relatedName: 'tfWrong' }) }, { tableName: 'm2m_tf_group_w' });
    expect(() => Wrong.meta.manyToMany[0]!.link).toThrow(/throughFields names "group" as the key to the source TfGroupW, but TfSeat's ForeignKeys to TfGroupW are none/);
    const Pals = model('TfPal', { pals: ManyToManyField((): AnyModel => Pals, { through: (): AnyModel => PalLink, throughFields: ['a', 'a'], symmetrical: false, relatedName: 'palOf' }) }, { tableName: 'm2m_tf_pal' });
    const PalLink = model('TfPalLink', { a: ForeignKey(() => Pals, { relatedName: 'tf_a+' }), b: ForeignKey(() => Pals, { relatedName: 'tf_b+' }) }, { tableName: 'm2m_tf_pal_link' });
    expect(() => Pals.meta.manyToMany[0]!.link).toThrow(/TfPal\.pals: throughFields names a twice; name the key to each side/);
    const Unknown = model('TfPal2', { pals: ManyToManyField((): AnyModel => Unknown, { through: (): AnyModel => PalLink2, throughFields: ['a', 'c'], symmetrical: false, relatedName: 'palOf' }) }, { tableName: 'm2m_tf_pal2' });
    const PalLink2 = model('TfPalLink2', { a: ForeignKey(() => Unknown, { relatedName: 'tf2_a+' }), b: ForeignKey(() => Unknown, { relatedName: 'tf2_b+' }) }, { tableName: 'm2m_tf_pal_link2' });
    expect(() => Unknown.meta.manyToMany[0]!.link).toThrow(/throughFields names "c" as the key to the target TfPal2, but TfPalLink2's ForeignKeys to TfPal2 are a, b/);
  });

  it('bad input is one clear UsageError naming the relation, before anything reaches the database', async () => {
    const post = await Post.create({ title: 'bad' });
    const unsavedTag = new Tag({ name: 'unsaved' });
    const person = await Person.create({ name: 'not a tag' });
    queries.clear();
    expect((await rejection(post.tags.add(unsavedTag), UsageError)).message).toMatch(/^Post\.tags\.add\(\): the Tag is not saved yet/);
    expect((await rejection(post.tags.add(person as never), UsageError)).message).toBe('Post.tags.add(): expected a Tag or a Tag id, got a Person');
    expect((await rejection(post.tags.add('12abc' as never), UsageError)).message).toMatch(/^Post\.tags\.add\(\): invalid value "12abc"/);
    expect((await rejection(post.tags.remove(null as never), UsageError)).message).toMatch(/^Post\.tags\.remove\(\): expected a Tag or a Tag id, got null/);
    expect((await rejection(post.tags.set([{ id: 1 }] as never), UsageError)).message).toMatch(/got a plain object/);
    expect((await rejection(post.tags.add(true as never), UsageError)).message).toMatch(/^Post\.tags\.add\(\):/);
    expect((await rejection(new Post({ title: 'new' }).tags.add(1), UsageError)).message).toMatch(/^Post\.tags\.add\(\): this Post is not saved yet/);
    expect(() => Post.all().selectRelated('tags').toSQL()).toThrow(/selectRelated\("tags"\).*prefetchRelated/);
    expect(() => ((post as unknown as { tags: unknown }).tags = [])).toThrow(/Post\.tags is a many-to-many relation/);
    expect(() => new Post({ title: 'x', tags: [] } as never)).toThrow(/Post\.tags is a many-to-many relation/);
    expect(() => Post.filter({ tags__nope: 1 }).toSQL()).toThrow(/has no field "nope"/);
    expect(queries.list).toHaveLength(0);
  });
});
