import { describe, expect, it } from 'vitest';
import { ForeignKey } from '../../src/core/model/fields/foreign-key.js';
import { AutoField, DecimalField, IntField } from '../../src/core/model/fields/numeric-fields.js';
import { CharField } from '../../src/core/model/fields/text-fields.js';
import { model } from '../../src/core/query/model.js';
import { constraintName } from '../../src/core/dialect/constraint-name.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { findTable, type SchemaState } from '../../src/core/dialect/schema-state.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';

const { Author, Book, Review } = schemaModels('t_');
const { Everything, Child } = kindModels('k_');

const int = { kind: 'int' } as const;
const auto = { kind: 'auto' } as const;

describe('schemaFromModels', () => {
  it('describes tables, columns, uniques, indexes and foreign keys canonically', () => {
    const expected: SchemaState = {
      version: 2,
      tables: [
        {
          name: 't_author',
          columns: [
            { name: 'id', type: auto, nullable: false },
            { name: 'name', type: { kind: 'char', maxLength: 100 }, nullable: false },
            { name: 'email', type: { kind: 'char', maxLength: 255 }, nullable: false },
            { name: 'country', type: { kind: 'char', maxLength: 2 }, nullable: false },
            { name: 'created_at', type: { kind: 'datetime' }, nullable: false, default: { kind: 'now', onUpdate: false } },
          ],
          primaryKey: ['id'],
          uniques: [{ name: 't_author_email_key', columns: ['email'] }],
          indexes: [
            { name: 't_author_country_idx', columns: ['country'], unique: false },
            { name: 't_author_name_created_at_idx', columns: ['name', 'created_at'], unique: false },
          ],
          foreignKeys: [],
          checks: [],
        },
        {
          name: 't_book',
          columns: [
            { name: 'id', type: auto, nullable: false },
            { name: 'author_id', type: int, nullable: false },
            { name: 'editor_id', type: int, nullable: true },
            { name: 'title', type: { kind: 'char', maxLength: 200 }, nullable: false },
            { name: 'edition', type: int, nullable: false, default: { kind: 'value', value: 1 } },
          ],
          primaryKey: ['id'],
          uniques: [],
          indexes: [
            { name: 't_book_author_id_idx', columns: ['author_id'], unique: false },
            { name: 't_book_author_id_title_uniq', columns: ['author_id', 'title'], unique: true },
            { name: 't_book_editor_id_idx', columns: ['editor_id'], unique: false },
          ],
          foreignKeys: [
            { name: 't_book_author_id_fk', columns: ['author_id'], referencedTable: 't_author', referencedColumns: ['id'], onDelete: 'CASCADE' },
            { name: 't_book_editor_id_fk', columns: ['editor_id'], referencedTable: 't_author', referencedColumns: ['id'], onDelete: 'SET NULL' },
          ],
          checks: [],
        },
        {
          name: 't_review',
          columns: [
            { name: 'id', type: auto, nullable: false },
            { name: 'book_id', type: int, nullable: false },
            { name: 'stars', type: int, nullable: false },
          ],
          primaryKey: ['id'],
          uniques: [],
          indexes: [],
          foreignKeys: [{ name: 't_review_book_id_fk', columns: ['book_id'], referencedTable: 't_book', referencedColumns: ['id'], onDelete: 'RESTRICT' }],
          checks: [],
        },
      ],
      views: [],
      enums: [],
    };
    expect(schemaFromModels([Review, Author, Book])).toStrictEqual(expected);
  });

  it('gives every field kind a dialect-neutral type and records defaults in JSON form', () => {
    const state = schemaFromModels([Everything, Child]);
    expect(findTable(state, 'k_everything')!.columns).toStrictEqual([
      { name: 'key', type: { kind: 'uuid' }, nullable: false },
      { name: 'small', type: int, nullable: true },
      { name: 'big', type: { kind: 'bigint' }, nullable: false, default: { kind: 'value', value: '9007199254740993' } },
      { name: 'ratio', type: { kind: 'float' }, nullable: false, default: { kind: 'value', value: 0.5 } },
      { name: 'price', type: { kind: 'decimal', precision: 12, scale: 2 }, nullable: false, default: { kind: 'value', value: '9.90' } },
      { name: 'active', type: { kind: 'boolean' }, nullable: false, default: { kind: 'value', value: true } },
      { name: 'code_text', type: { kind: 'char', maxLength: 20 }, nullable: false },
      { name: 'body', type: { kind: 'text' }, nullable: true },
      { name: 'seen_at', type: { kind: 'datetime' }, nullable: true, default: { kind: 'value', value: '2024-01-02T03:04:05.678Z' } },
      { name: 'updated_at', type: { kind: 'datetime' }, nullable: false, default: { kind: 'now', onUpdate: true } },
      { name: 'day', type: { kind: 'date' }, nullable: true },
      { name: 'data', type: { kind: 'json' }, nullable: false, default: { kind: 'function' } },
      { name: 'extra', type: { kind: 'json' }, nullable: true, default: { kind: 'value', value: { a: [1, 'x'] } } },
      { name: 'ref', type: { kind: 'uuid' }, nullable: true },
      { name: 'blob', type: { kind: 'binary' }, nullable: true },
    ]);
    expect(findTable(state, 'k_everything')!.primaryKey).toEqual(['key']);
    // A ForeignKey column takes the type of the key it points at.
    expect(findTable(state, 'k_child')!.columns[1]).toStrictEqual({ name: 'parent_id', type: { kind: 'uuid' }, nullable: false });
    expect(findTable(state, 'k_child')!.foreignKeys[0]).toMatchObject({ referencedTable: 'k_everything', referencedColumns: ['key'], onDelete: 'NO ACTION' });
  });

  it('round-trips through JSON unchanged and does not depend on the order of the models', () => {
    const { Team, Player } = cycleModels('c_');
    const all = [Author, Book, Review, Everything, Child, Team, Player];
    const state = schemaFromModels(all);
    expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
    expect(JSON.stringify(schemaFromModels([...all].reverse()))).toBe(JSON.stringify(state));
  });

  it('names long indexes within 60 characters, as model() names composite ones', () => {
    const long = 'a_table_with_a_remarkably_long_name_for_testing';
    const M = model('LongNames', {
      firstColumnName: IntField({ dbIndex: true }),
      secondColumnName: IntField(),
    }, { tableName: long, indexes: [['firstColumnName', 'secondColumnName']] });
    const table = schemaFromModels([M]).tables[0]!;
    for (const index of table.indexes) expect(index.name.length).toBeLessThanOrEqual(60);
    expect(table.indexes.map((i) => i.name)).toContain(constraintName(long, ['first_column_name', 'second_column_name'], 'idx'));
    expect(table.indexes.map((i) => i.name)).toContain(constraintName(long, ['first_column_name'], 'idx'));
    expect(constraintName(long, ['first_column_name'], 'idx')).not.toBe(constraintName(long, ['first_column_nam'], 'idx'));
  });

  it('does not add a second index where a unique constraint or an equal index already covers the column', () => {
    const M = model('Covered', {
      code: CharField({ maxLength: 10, unique: true, dbIndex: true }),
      slot: IntField({ dbIndex: true }),
    }, { tableName: 'covered', indexes: [['slot']] });
    const table = schemaFromModels([M]).tables[0]!;
    expect(table.uniques.map((u) => u.name)).toEqual(['covered_code_key']);
    expect(table.indexes).toEqual([{ name: 'covered_slot_idx', columns: ['slot'], unique: false }]);
  });

  it('rejects what no database could create, with one clear line', () => {
    const Parent = model('Parent', { id: AutoField() }, { tableName: 'bad_parent' });
    const Orphan = model('Orphan', { parent: ForeignKey(() => Parent, { onDelete: 'SET NULL' }) }, { tableName: 'bad_orphan' });
    expect(() => schemaFromModels([Parent, Orphan])).toThrow(/Orphan\.parent has onDelete 'SET NULL' but is not nullable/);

    const Twin = model('Twin', { id: AutoField() }, { tableName: 'bad_parent' });
    expect(() => schemaFromModels([Parent, Twin])).toThrow(expect.objectContaining({ code: 'MODEL_INVALID', message: expect.stringMatching(/two models use table "bad_parent"/) }));

    const Money = model('Money', { amount: DecimalField({ maxDigits: 3, decimalPlaces: 5 }) }, { tableName: 'bad_money' });
    expect(() => schemaFromModels([Money])).toThrow(/DecimalField Money\.amount needs/);

    const Odd = model('Odd', { n: IntField({ default: Number.NaN }) }, { tableName: 'bad_odd' });
    expect(() => schemaFromModels([Odd])).toThrow(/the default of Odd\.n cannot be recorded/);

    const Clash = model('Clash', { a: IntField({ column: 'x' }), b: IntField({ column: 'x' }) }, { tableName: 'bad_clash' });
    expect(() => schemaFromModels([Clash])).toThrow(/maps two fields to column "x"/);
  });
});
