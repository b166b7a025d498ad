/**
 * A many-to-many manager on another database (`post.tags.using('archive')`, Django's db_manager):
 * its reads and writes go there and nowhere else. Two SQLite files, each read back with the bare driver.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CharField, connect, createTables, disconnect, ManyToManyField, model } from '../../src/index.js';
import { sqliteUrl } from '../support/databases.js';
import { testExecutors } from '../support/orm.js';

const Label = model('Label', { name: CharField({ maxLength: 20 }) }, { tableName: 'm2mu_label' });
const Note = model('Note', { title: CharField({ maxLength: 20 }), labels: ManyToManyField(() => Label, { relatedName: 'notes' }) }, { tableName: 'm2mu_note' });

function pairs(url: string): number[][] {
  const db = new Database(url.slice('sqlite://'.length), { readonly: true });
  try {
    return (db.prepare('SELECT note_id, label_id FROM m2mu_note_labels ORDER BY 1, 2').raw(true).all() as number[][]).map((r) => r.map(Number));
  } finally {
    db.close();
  }
}

describe.each(testExecutors())('many-to-many managers with using(), %s executor', (executor) => {
  afterAll(() => disconnect());

  it('add, all, remove, set and clear on the named database only', async () => {
    const main = sqliteUrl();
    const archive = sqliteUrl();
    await connect({ databases: { default: main, archive }, executor });
    for (const using of ['default', 'archive']) await createTables([Note, Label], { using });
    // The same ids on both databases, so only the pairs say which one was written.
    for (const using of ['default', 'archive']) {
      await Label.using(using).bulkCreate([{ name: 'a' }, { name: 'b' }, { name: using }]);
      await Note.using(using).create({ title: using });
    }
    const note = await Note.using('archive').get({ title: 'archive' });
    const labels = note.labels.using('archive');

    await labels.add(1, 2);
    expect(pairs(archive)).toEqual([[1, 1], [1, 2]]);
    expect(pairs(main)).toEqual([]);
    expect((await labels.all()).map((l) => l.name).sort()).toEqual(['a', 'b']);
    expect(await note.labels.all()).toEqual([]);
    await labels.set([2, 3]);
    expect(pairs(archive)).toEqual([[1, 2], [1, 3]]);
    expect((await labels.all().filter({ name: 'archive' })).map((l) => l.name)).toEqual(['archive']);
    expect(await labels.remove(2)).toBe(1);
    expect(await labels.clear()).toBe(1);
    expect(pairs(archive)).toEqual([]);

    await note.labels.add(1);
    expect(pairs(main)).toEqual([[1, 1]]);
    expect(pairs(archive)).toEqual([]);
    expect(() => note.labels.using('nope')).toThrow(/no database named "nope"; configured: default, archive/);
    await disconnect();
  });
});
