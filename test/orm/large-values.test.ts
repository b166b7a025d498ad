/**
 * Multi-megabyte text and binary values round-trip byte for byte on every database and executor:
 * written through the ORM, read back through it and through plain SQL's length functions.
 */
import { describe, expect, it } from 'vitest';
import { AutoField, BinaryField, getDatabase, model, TextField } from '../../src/index.js';
import { testTargets, useDatabase } from '../support/orm.js';

const Blob = model('Blob', {
  id: AutoField(),
  text: TextField(),
  data: BinaryField(),
}, { tableName: 'large_values_blob' });

/** 6 MiB: past every driver's small-value paths, under MariaDB's default 16 MiB packet limit. */
const SIZE = 6 * 1024 * 1024;

describe.each(testTargets())('large values on $label', (target) => {
  useDatabase(target, [Blob]);

  it('stores and reads back 6 MiB of text (multi-byte characters at both ends) and of bytes', async () => {
    const text = `é✓${'abc'.repeat(SIZE / 3)}✓é`;
    const data = Buffer.alloc(SIZE);
    for (let i = 0; i < SIZE; i++) data[i] = (i * 31 + 7) & 0xff;
    const saved = await Blob.create({ text, data });

    const back = await Blob.get({ id: saved.id });
    expect(back.text.length).toBe(text.length);
    expect(back.text === text).toBe(true);
    expect(Buffer.compare(back.data, data)).toBe(0);

    // Another reader's view: the stored sizes, in characters and bytes.
    const q = (name: string): string => getDatabase().dialect.quoteIdent(name);
    const dialect = getDatabase().dialect.name;
    const chars = dialect === 'mysql' ? 'CHAR_LENGTH' : 'LENGTH';
    const bytes = dialect === 'postgres' ? 'OCTET_LENGTH' : 'LENGTH';
    const { rows } = await getDatabase().query({ sql: `SELECT ${chars}(${q('text')}), ${bytes}(${q('data')}) FROM ${q(Blob.meta.tableName)} WHERE ${q('id')} = ${getDatabase().dialect.placeholder(0)}`, params: [saved.id] });
    expect(rows[0]!.map(Number)).toEqual([text.length, SIZE]);
  });
});
