/**
 * `migrate make` when a model gains a ManyToManyField: the join table is part of the models' state, so
 * the next migration creates it (keys with ON DELETE CASCADE, the pair unique), `migrate()` applies
 * it on every database and executor, the relation works afterwards, and a rollback drops it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AutoField, CharField, connect, disconnect, ManyToManyField, migrate, migrationsStatus, model, rollbackMigrations, schemaFromModels,
} from '../../src/index.js';
import type { HasMeta } from '../../src/core/schema/schema-from-models.js';
import { settleChanges, type MakeInputs } from '../../src/core/schema/migrate/make-migration.js';
import { loadMigrationFiles, replayMigrations } from '../../src/core/schema/migrate/migration-files.js';
import { writeMigrationFile } from '../../src/core/schema/migrate/migration-writer.js';
import { withUndeclarable } from '../../src/core/schema/migrate/models-cannot-declare.js';
import type { Operation } from '../../src/core/schema/migrate/operation.js';
import { testTargets } from '../support/orm.js';
import { dropNamedTables, tablesLike } from './migrate-support.js';

const HISTORY = 'mmm_history';
const TABLES = ['mmm_article_tags', 'mmm_article', 'mmm_tag'];

const TagV1 = model('Tag', { id: AutoField(), name: CharField({ maxLength: 50 }) }, { tableName: 'mmm_tag' });
const ArticleV1 = model('Article', { id: AutoField(), title: CharField({ maxLength: 100 }) }, { tableName: 'mmm_article' });
const Tag = model('Tag', { id: AutoField(), name: CharField({ maxLength: 50 }) }, { tableName: 'mmm_tag' });
const Article = model('Article', {
  id: AutoField(),
  title: CharField({ maxLength: 100 }),
  tags: ManyToManyField(() => Tag, { relatedName: 'articles' }),
}, { tableName: 'mmm_article' });

/** What `oxen migrate make <name>` does with these models (make-migration.ts's loadMakeInputs, models given in-process). */
async function make(dir: string, name: string, models: readonly HasMeta[]): Promise<Operation[]> {
  const files = await loadMigrationFiles(dir);
  const from = replayMigrations(files);
  const inputs: MakeInputs = { from, to: withUndeclarable(from, schemaFromModels(models)), migrations: files.length };
  const operations = await settleChanges(inputs);
  if (operations.length) await writeMigrationFile(dir, name, operations);
  return operations;
}

const tables = (): Promise<string[]> => tablesLike('mmm');
const dropOurs = (): Promise<void> => dropNamedTables([...TABLES, HISTORY]);

describe('migrate make with a ManyToManyField', () => {
  it('the models without the relation, then with it: the second migration creates just the join table', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'oxen-mmm-')), 'migrations');
    const first = await make(dir, 'initial', [TagV1, ArticleV1]);
    expect(first.map((o) => [o.op, 'table' in o ? o.table : undefined])).toEqual([
      ['createTable', expect.objectContaining({ name: 'mmm_article' })],
      ['createTable', expect.objectContaining({ name: 'mmm_tag' })],
    ]);
    const second = await make(dir, 'tags', [Tag, Article]);
    expect(second).toHaveLength(1);
    const op = second[0] as Extract<Operation, { op: 'createTable' }>;
    expect(op.op).toBe('createTable');
    expect(op.table.name).toBe('mmm_article_tags');
    expect(op.table.columns.map((c) => c.name)).toEqual(['id', 'article_id', 'tag_id']);
    expect(op.table.foreignKeys.map((f) => [f.columns, f.referencedTable, f.onDelete])).toEqual([
      [['article_id'], 'mmm_article', 'CASCADE'],
      [['tag_id'], 'mmm_tag', 'CASCADE'],
    ]);
    expect(op.table.indexes.filter((i) => i.unique).map((i) => i.columns)).toEqual([['article_id', 'tag_id']]);
    expect(await make(dir, 'again', [Tag, Article])).toEqual([]);
  });
});

describe.each(testTargets())('migrate() of a join table on $label', (target) => {
  let dir: string;
  const options = () => ({ dir, historyTable: HISTORY, lockTimeoutS: 30 });

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'oxen-mmm-')), 'migrations');
    await make(dir, 'initial', [TagV1, ArticleV1]);
    await make(dir, 'tags', [Tag, Article]);
    await connect({ databases: { default: target.url }, executor: target.executor });
    await dropOurs();
  });
  afterAll(async () => {
    try {
      await dropOurs();
    } finally {
      await disconnect();
    }
  });

  it('applies the join table, the relation works, status is clean, rollback drops it', async () => {
    const result = await migrate(options());
    expect(result.migrations.map((m) => m.name)).toEqual(['0001_initial', '0002_tags']);
    expect(await tables()).toEqual(['mmm_article', 'mmm_article_tags', 'mmm_history', 'mmm_tag']);

    const article = await Article.create({ title: 'hello' });
    const [a, b] = await Tag.bulkCreate([{ name: 'a' }, { name: 'b' }]);
    await article.tags.add(a!, b!, a!);
    expect((await article.tags.all().orderBy('name')).map((t) => t.name)).toEqual(['a', 'b']);

    const status = await migrationsStatus({ dir, historyTable: HISTORY });
    expect(status.drift.filter((d) => d.table.startsWith('mmm'))).toEqual([]);
    expect(status.counts).toMatchObject({ applied: 2, pending: 0 });

    await rollbackMigrations({ ...options(), steps: 1 });
    expect(await tables()).toEqual(['mmm_article', 'mmm_history', 'mmm_tag']);
  });
});
