/** Hostile values are bound, never spliced; unknown or malformed names are rejected with clear errors. */
import { describe, expect, it } from 'vitest';
import { AutoField, CharField, model, TextField } from '../../src/index.js';
import { UsageError } from '../../src/core/ground/errors.js';
import { testTargets, useDatabase } from '../support/orm.js';

const Note = model('Note', {
  id: AutoField(),
  title: CharField({ maxLength: 200 }),
  body: TextField({ default: '' }),
}, { tableName: 'hostile_note' });

const nasty = [
  "'; DROP TABLE hostile_note; --",
  'Robert"); DROP TABLE hostile_note;--',
  "O'Brien",
  '100% _real_ \\ backslash',
  '`backtick` $1 ? :name',
];
/** SQLite and MariaDB store U+0000 in text; PostgreSQL's text types cannot hold it. */
const NUL = '\u0000 nul is rejected by some servers';
const NUL_REJECTED = 'PostgreSQL text cannot contain the NUL character (\\u0000), found in the value for Note.title: remove it or use a BinaryField';

describe.each(testTargets())('hostile input on $label', (target) => {
  useDatabase(target, [Note]);

  it('stores and finds hostile strings verbatim; the table survives', async () => {
    for (const title of nasty) await Note.create({ title, body: title });
    for (const title of nasty) {
      expect((await Note.get({ title })).body).toBe(title);
      expect(await Note.filter({ title__contains: title.slice(2, 12) }).count()).toBeGreaterThanOrEqual(1);
    }
    expect(await Note.all().count()).toBe(nasty.length);
  });

  if (target.dialect === 'postgres') {
    it('rejects the NUL character before sending it, with the same typed error on every executor, and writes nothing', async () => {
      const before = await Note.all().count();
      const rejected = { code: 'VALUE_INVALID', message: NUL_REJECTED };
      await expect(Note.create({ title: NUL, body: 'b' })).rejects.toBeInstanceOf(UsageError);
      await expect(Note.create({ title: NUL, body: 'b' })).rejects.toMatchObject(rejected);
      await expect(Note.create({ title: 'fine', body: NUL })).rejects.toMatchObject({ code: 'VALUE_INVALID', message: NUL_REJECTED.replace('Note.title', 'Note.body') });
      await expect(Note.bulkCreate([{ title: 'fine' }, { title: NUL }])).rejects.toMatchObject(rejected);
      await expect(Note.filter({ title: 'fine' }).update({ title: NUL })).rejects.toMatchObject(rejected);
      await expect(Note.get({ title: NUL })).rejects.toMatchObject(rejected);
      await expect(Note.filter({ title__in: ['x', NUL] }).count()).rejects.toMatchObject(rejected);
      expect(await Note.all().count()).toBe(before);
      expect(await Note.filter({ title: 'fine' }).count()).toBe(0);
      expect(await Note.filter({ title__contains: 'nul is rejected' }).count()).toBe(0);
    });
  } else {
    it('stores the NUL character and reads it back verbatim', async () => {
      const before = await Note.all().count();
      await Note.create({ title: NUL, body: `a${NUL}z` });
      expect(await Note.all().count()).toBe(before + 1);
      const note = await Note.get({ title: NUL });
      expect(note.title).toBe(NUL);
      expect(note.title.charCodeAt(0)).toBe(0);
      expect(note.body).toBe(`a${NUL}z`);
      expect(note.body.length).toBe(NUL.length + 2);
      // Equality compares the NUL too: the same text without it is a different value.
      expect(await Note.filter({ title: NUL.slice(1) }).count()).toBe(0);
      expect(await Note.filter({ title__in: [NUL] }).valuesList('body', { flat: true })).toEqual([`a${NUL}z`]);
      // SQLite's LIKE and GLOB read text only up to its first NUL, so there a contains lookup cannot see past one.
      if (target.dialect === 'mysql') expect(await Note.filter({ title__contains: NUL.slice(2, 12) }).count()).toBe(1);
    });
  }

  it('treats % and _ in lookups as literal characters', async () => {
    await Note.all().delete();
    await Note.bulkCreate([{ title: 'a%b' }, { title: 'axb' }, { title: 'a_b' }, { title: 'ayb' }]);
    expect((await Note.filter({ title__contains: '%' })).map((n) => n.title)).toEqual(['a%b']);
    expect((await Note.filter({ title__startswith: 'a_' })).map((n) => n.title)).toEqual(['a_b']);
    expect((await Note.filter({ title__iendswith: '%B' })).map((n) => n.title)).toEqual(['a%b']);
  });

  it('rejects unknown fields, unknown lookups and malformed keys with typed errors', async () => {
    expect(() => Note.filter({ titel: 'x' } as never).toSQL()).toThrow(/Note has no field "titel"; fields: id, title, body/);
    await expect(Note.filter({ titel: 'x' } as never)).rejects.toMatchObject({ code: 'FIELD_UNKNOWN' });
    await expect(Note.filter({ title__like: 'x' } as never)).rejects.toMatchObject({ code: 'LOOKUP_UNKNOWN' });
    await expect(Note.filter({ 'title; DROP TABLE x': 'x' } as never)).rejects.toMatchObject({ code: 'FIELD_UNKNOWN' });
    await expect(Note.filter({ title__in: 'abc' } as never)).rejects.toMatchObject({ code: 'VALUE_INVALID' });
    await expect(Note.filter({ id__contains: '1' } as never)).rejects.toMatchObject({ code: 'VALUE_INVALID' });
    await expect(Note.all().orderBy('-nope' as never)).rejects.toMatchObject({ code: 'FIELD_UNKNOWN' });
    await expect(Note.create({ title: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'VALUE_INVALID' });
    expect(await Note.all().count()).toBeGreaterThan(0);
  });
});
