/**
 * `inspect diff` against real databases: tables created from one version of the models, compared
 * with the next version. Each change is reported on its own, and an unchanged schema has none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AutoField, CharField, connect, createTables, disconnect, dropTables, ForeignKey, getDatabase, IntField, model, TextField,
} from '../../src/index.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { diffStates } from '../../src/core/schema/diff/diff-states.js';
import { describeDifference, type SchemaDifference } from '../../src/core/schema/diff/schema-difference.js';
import { inspectWith } from '../../src/core/schema/inspect/inspect-url.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { testTargets } from '../support/orm.js';

const P = 'idf_';

function version(v: 1 | 2): AnyModel[] {
  const Org = model('Org', { id: AutoField(), name: CharField({ maxLength: 80 }) }, { tableName: `${P}org` });
  const Member = model('Member', {
    id: AutoField(),
    org: ForeignKey(() => Org, { onDelete: v === 1 ? 'CASCADE' : 'RESTRICT' }),
    email: CharField({ maxLength: 120 }),
    nickname: v === 1 ? CharField({ maxLength: 50 }) : TextField(),
    ...(v === 2 ? { age: IntField({ null: true }) } : {}),
  }, { tableName: `${P}member`, indexes: v === 1 ? [['email']] : [] });
  return [Member, Org] as AnyModel[];
}

describe.each(testTargets())('inspect diff on $label', (target) => {
  const v1 = version(1);
  const tables = [`${P}org`, `${P}member`];

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    await dropTables(v1, { ifExists: true });
    await createTables(v1);
  });
  afterAll(async () => {
    try {
      await dropTables(v1, { ifExists: true });
    } finally {
      await disconnect();
    }
  });

  const diff = async (models: AnyModel[]): Promise<SchemaDifference[]> => {
    const { state } = await inspectWith(getDatabase().executor, target.dialect, { tables });
    return diffStates(schemaFromModels(models), state, target.dialect);
  };

  it('finds no difference between the models and the tables they created', async () => {
    expect(await diff(v1)).toEqual([]);
  });

  it('reports an added column, a changed type, a dropped index and a changed foreign-key action one by one', async () => {
    const differences = await diff(version(2));
    const member = `${P}member`;
    expect(differences).toEqual(expect.arrayContaining([
      expect.objectContaining({ change: 'missing', object: 'column', table: member, name: 'age' }),
      expect.objectContaining({ change: 'changed', object: 'column', table: member, name: 'nickname', property: 'type', expected: 'text', actual: 'char(50)' }),
      expect.objectContaining({ change: 'extra', object: 'index', table: member, name: `${member}_email_idx` }),
      expect.objectContaining({ change: 'changed', object: 'foreign key', table: member, name: `${member}_org_id_fk`, property: 'on delete', expected: 'RESTRICT', actual: 'CASCADE' }),
    ]));
    expect(differences).toHaveLength(4);
    const lines = differences.map(describeDifference);
    expect(lines).toContain(`${member}.age: column missing from the database (models: int NULL)`);
    expect(lines).toContain(`${member}.nickname: column type differs: models text, database char(50)`);
  });

  it('reports a table the database lacks and one the models lack', async () => {
    const Extra = model('Extra', { id: AutoField() }, { tableName: `${P}extra` });
    const { state } = await inspectWith(getDatabase().executor, target.dialect, { tables });
    const differences = diffStates(schemaFromModels([...v1.filter((m) => m.meta.tableName !== `${P}org`), Extra]), state, target.dialect);
    expect(differences.filter((d) => d.object === 'table')).toEqual([
      { change: 'missing', object: 'table', table: `${P}extra`, expected: '1 column' },
      { change: 'extra', object: 'table', table: `${P}org`, actual: '2 columns' },
    ]);
  });
});
