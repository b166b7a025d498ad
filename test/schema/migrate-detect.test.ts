/**
 * detectChanges on a sequence of model edits (the issue's acceptance sequence, without a database):
 * replaying what it detects always gives the models' state, in an order the databases accept.
 */
import { describe, expect, it } from 'vitest';
import { ForeignKey } from '../../src/core/model/fields/foreign-key.js';
import { AutoField, BigIntField, IntField } from '../../src/core/model/fields/numeric-fields.js';
import { CharField } from '../../src/core/model/fields/text-fields.js';
import { model } from '../../src/core/query/model.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { applyOperations } from '../../src/core/schema/migrate/apply-operation.js';
import { detectChanges, type RenameAnswer } from '../../src/core/schema/migrate/detect-changes.js';
import { cycleModels, schemaModels } from './schema-models.js';
import { migrate, state, step, summary } from './migrate-support.js';

const EMPTY: SchemaState = state();

const yes = (kind: 'table' | 'column', table: string, from: string, to: string): RenameAnswer => ({ kind, table, from, to, rename: true });

describe('detectChanges: the acceptance sequence', () => {
  it('reaches every step of the sequence from the one before, and zero from the last', () => {
    const answers = [yes('column', 'mgd_author', 'name', 'full_name'), yes('table', 'mgd_writer', 'mgd_author', 'mgd_writer')];
    const plans: string[][] = [];
    let before = EMPTY;
    for (let n = 1; n <= 8; n++) {
      const after = step(n);
      plans.push(summary(migrate(before, after, { renames: answers })));
      before = after;
    }
    expect(plans).toEqual([
      ['createTable mgd_author'],
      ['addColumn mgd_author.email', 'createTable mgd_book'],
      ['renameColumn mgd_author.name>full_name'],
      ['alterColumn mgd_book.title'],
      ['addIndex mgd_author.mgd_author_email_idx', 'addIndex mgd_author.mgd_author_id_country_idx'],
      ['addColumn mgd_book.editor_id', 'addIndex mgd_book.mgd_book_editor_id_idx', 'addForeignKey mgd_book.mgd_book_editor_id_fk'],
      ['dropIndex mgd_author.mgd_author_email_idx', 'dropColumn mgd_author.email'],
      // The table keeps its indexes' old names in the database: they are made again under the new ones.
      ['renameTable mgd_author>mgd_writer', 'dropIndex mgd_writer.mgd_author_id_country_idx', 'addIndex mgd_writer.mgd_writer_id_country_idx'],
    ]);
    expect(summary(migrate(before, EMPTY))).toEqual(['dropTable mgd_book', 'dropTable mgd_writer']);
  });

  it('asks about a renamed field, and without an answer drops and adds it', () => {
    const { operations, questions } = detectChanges(step(2), step(3));
    expect(questions).toEqual([{ kind: 'column', table: 'mgd_author', from: 'name', to: 'full_name' }]);
    expect(summary(operations)).toEqual(['dropColumn mgd_author.name', 'addColumn mgd_author.full_name']);
    expect(applyOperations(step(2), operations).tables[0]!.columns.map((c) => c.name)).toEqual(['id', 'email', 'country', 'full_name']);
  });

  it('does not ask again what was answered no', () => {
    const no: RenameAnswer = { kind: 'column', table: 'mgd_author', from: 'name', to: 'full_name', rename: false };
    const ops = migrate(step(2), step(3), { renames: [no] });
    expect(summary(ops)).toEqual(['dropColumn mgd_author.name', 'addColumn mgd_author.full_name']);
  });

  it('asks about a renamed model, and without an answer drops one table and creates the other, foreign keys first', () => {
    const { operations, questions } = detectChanges(step(7), step(8));
    expect(questions).toEqual([{ kind: 'table', table: 'mgd_writer', from: 'mgd_author', to: 'mgd_writer' }]);
    expect(summary(operations)).toEqual([
      'dropForeignKey mgd_book.mgd_book_author_id_fk', 'dropForeignKey mgd_book.mgd_book_editor_id_fk', 'dropTable mgd_author',
      'createTable mgd_writer', 'addForeignKey mgd_book.mgd_book_author_id_fk', 'addForeignKey mgd_book.mgd_book_editor_id_fk',
    ]);
    expect(applyOperations(step(7), operations)).toStrictEqual(step(8));
  });
});

describe('detectChanges: order', () => {
  it('creates referenced tables first, and drops them last', () => {
    const models = schemaFromModels(Object.values(schemaModels('mgd_')));
    expect(summary(migrate(EMPTY, models))).toEqual(['createTable mgd_author', 'createTable mgd_book', 'createTable mgd_review']);
    expect(summary(migrate(models, EMPTY))).toEqual(['dropTable mgd_review', 'dropTable mgd_book', 'dropTable mgd_author']);
  });

  it('closes a cycle of foreign keys after creating its tables, and opens it before dropping them', () => {
    const models = schemaFromModels(Object.values(cycleModels('mgd_')));
    expect(summary(migrate(EMPTY, models))).toEqual(['createTable mgd_player', 'createTable mgd_team', 'addForeignKey mgd_player.mgd_player_team_id_fk']);
    expect(summary(migrate(models, EMPTY))).toEqual(['dropForeignKey mgd_player.mgd_player_team_id_fk', 'dropTable mgd_team', 'dropTable mgd_player']);
  });

  it('drops and adds again the foreign keys over a column whose type changes, on both sides', () => {
    const make = (big: boolean): SchemaState => {
      const A = model('MgdTarget', { code: big ? BigIntField({ primaryKey: true }) : IntField({ primaryKey: true }), n: IntField() });
      const B = model('MgdSource', { id: AutoField(), target: ForeignKey(() => A, { onDelete: 'CASCADE' }) });
      return schemaFromModels([A, B]);
    };
    expect(summary(migrate(make(false), make(true)))).toEqual([
      'dropForeignKey mgd_source.mgd_source_target_id_fk',
      'alterColumn mgd_source.target_id',
      'alterColumn mgd_target.code',
      'addForeignKey mgd_source.mgd_source_target_id_fk',
    ]);
  });

  it('drops a table whose referencing column goes with it, after the foreign key and its index', () => {
    const before = schemaFromModels(Object.values(schemaModels('mgd_')));
    const { Author } = schemaModels('mgd_');
    const Slim = model('MgdBook', { id: AutoField(), title: CharField({ maxLength: 200 }) }, { tableName: 'mgd_book' });
    const after = schemaFromModels([Author, Slim]);
    expect(summary(migrate(before, after))).toEqual([
      'dropForeignKey mgd_book.mgd_book_author_id_fk',
      'dropForeignKey mgd_book.mgd_book_editor_id_fk',
      'dropTable mgd_review',
      'dropIndex mgd_book.mgd_book_author_id_idx',
      'dropIndex mgd_book.mgd_book_author_id_title_uniq',
      'dropIndex mgd_book.mgd_book_editor_id_idx',
      'dropColumn mgd_book.author_id',
      'dropColumn mgd_book.editor_id',
      'dropColumn mgd_book.edition',
    ]);
  });
});
