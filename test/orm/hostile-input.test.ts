/** Hostile values are bound, never spliced; unknown or malformed names are rejected with clear errors. */
import { describe, expect, it } from 'vitest';
import { AutoField, CharField, model, TextField } from '../../src/index.js';
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
  '\u0000 nul is rejected by some servers',
];

describe.each(testTargets())('hostile input on $label', (target) => {
  useDatabase(target, [Note]);

  it('stores and finds hostile strings verbatim; the table survives', async () => {
    const values = target.dialect === 'postgres' ? nasty.filter((s) => !s.includes('\u0000')) : nasty.slice(0, -1);
    for (const title of values) await Note.create({ title, body: title });
    for (const title of values) {
      expect((await Note.get({ title })).body).toBe(title);
      expect(await Note.filter({ title__contains: title.slice(2, 12) }).count()).toBeGreaterThanOrEqual(1);
    }
    expect(await Note.all().count()).toBe(values.length);
  });

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
