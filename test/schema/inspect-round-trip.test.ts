/**
 * The acceptance round trip of `oxen inspect`, on every database and executor:
 *   1. inspect(createTables(models)) equals the state made from the models;
 *   2. the TypeScript `inspect` writes for that database, loaded and run through createTables on the
 *      emptied database, reads back as the same state again.
 * The models use every field kind and option (schema-models.ts), plus a raw column type.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiti } from 'jiti';
import { connect, createTables, disconnect, dropTables, getDatabase, model, RawField, type DialectName } from '../../src/index.js';
import type { AnyModel } from '../../src/core/model/model-types.js';
import { inspectWith } from '../../src/core/schema/inspect/inspect-url.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { typescriptModels } from '../../src/core/schema/inspect/format-typescript.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { testTargets } from '../support/orm.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';

const P = 'irt_';
const SRC_INDEX = resolve(import.meta.dirname, '../../src/index.ts');

/** A type none of the field kinds maps to, spelled as each database spells it. */
const RAW_TYPE: Record<DialectName, string> = { postgres: 'inet', mysql: "enum('draft','published')", sqlite: 'TIME' };

function allModels(dialect: DialectName): AnyModel[] {
  const { Author, Book, Review } = schemaModels(P);
  const { Everything, Child } = kindModels(P);
  const { Team, Player } = cycleModels(P);
  const Gadget = model('Gadget', {
    label: RawField<string>({ dbType: RAW_TYPE[dialect] }),
    spare: RawField<string | null>({ dbType: RAW_TYPE[dialect], null: true }),
  }, { tableName: `${P}gadget` });
  return [Review, Book, Author, Child, Everything, Player, Team, Gadget] as AnyModel[];
}

async function inspectOurs(dialect: DialectName, names: readonly string[]): Promise<SchemaState> {
  const inspection = await inspectWith(getDatabase().executor, dialect, { tables: names });
  return inspection.state;
}

describe.each(testTargets())('inspect round trip on $label', (target) => {
  const models = allModels(target.dialect);
  const expected = schemaFromModels(models);
  const names = expected.tables.map((t) => t.name);
  let generated: AnyModel[] = [];

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    await dropTables(models, { ifExists: true });
  });
  afterAll(async () => {
    try {
      await dropTables(generated.length > 0 ? generated : models, { ifExists: true });
      await dropTables(models, { ifExists: true });
    } finally {
      await disconnect();
    }
  });

  let inspected: SchemaState;

  it('reads back the state the models describe', async () => {
    await createTables(models);
    inspected = await inspectOurs(target.dialect, names);
    expect(inspected.dialect).toBe(target.dialect);
    expect(comparableState(inspected, target.dialect)).toEqual(comparableState(expected, target.dialect));
  });

  it('writes TypeScript models that create the same schema again', async () => {
    const source = typescriptModels(inspected);
    const dir = mkdtempSync(join(tmpdir(), 'oxen-irt-'));
    const file = join(dir, 'models.ts');
    writeFileSync(file, source);
    const jiti = createJiti(import.meta.url, { moduleCache: false, alias: { 'oxen-orm': SRC_INDEX } });
    const loaded = (await jiti.import(file)) as { models: AnyModel[] };
    generated = loaded.models;
    expect(schemaFromModels(generated).tables.map((t) => t.name)).toEqual(names);

    await dropTables(models, { ifExists: true });
    await createTables(generated);
    const again = await inspectOurs(target.dialect, names);
    expect(comparableState(again, target.dialect)).toEqual(comparableState(inspected, target.dialect));
  });
});
