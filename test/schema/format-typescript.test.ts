/**
 * `oxen inspect --format typescript`: the generated module compiles under `tsc --strict`, loads, and
 * its models give back the state they were generated from (as comparableState compares states on
 * each database); what models cannot declare is named in a comment. No database needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/core/ground/values.js';
import { findTable, type SchemaState } from '../../src/core/dialect/schema-state.js';
import { comparableState } from '../../src/core/schema/inspect/comparable-state.js';
import { typescriptModels } from '../../src/core/schema/inspect/format-typescript.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { mysqlState, postgresState, sqliteState, weirdState } from './fixtures/formats/format-states.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';
import { OXEN_ENTRY, typescriptErrors } from '../support/generated-models.js';

const entry = OXEN_ENTRY;
const dialects: DialectName[] = ['postgres', 'mysql', 'sqlite'];

const modelState = schemaFromModels([...Object.values(schemaModels('tsf_')), ...Object.values(kindModels('tsf_')), ...Object.values(cycleModels('tsf_'))]);
const handStates = { postgres: postgresState, mysql: mysqlState, sqlite: sqliteState, weird: weirdState } as const;

let dir: string;
const files = new Map<string, string>();
const outputs = new Map<string, string>();
let diagnostics: Map<string, string[]>;
// The generated modules import 'oxen-orm': aliased to this repository's source, as the config loader does.
const jiti = createJiti(import.meta.url, { alias: { 'oxen-orm': entry }, moduleCache: true, fsCache: false });

type Oxen = { schemaFromModels: typeof schemaFromModels };
type Generated = { models: object[]; views?: object[] };
const load = async (key: string): Promise<Generated> => jiti.import<Generated>(files.get(key)!);
const oxen = async (): Promise<Oxen> => jiti.import<Oxen>('oxen-orm');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oxen-format-ts-'));
  const add = (key: string, state: SchemaState): void => {
    const text = typescriptModels(state);
    const file = join(dir, `${key}.ts`);
    writeFileSync(file, text);
    files.set(key, file);
    outputs.set(key, text);
  };
  for (const d of dialects) add(`models-${d}`, { ...modelState, dialect: d });
  add('models-nodialect', modelState);
  for (const [key, state] of Object.entries(handStates)) add(key, state);
  diagnostics = typescriptErrors([...files.values()]);
  // The first import transpiles the whole source tree behind src/index.ts: here, not in a test's time.
  await oxen();
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The text of every comment line (`//`, JSDoc), to check that something is named in one. */
function comments(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('//') || l.startsWith('/**') || l.startsWith('*')).join('\n');
}

describe('typescriptModels: round trip of the models Oxen creates', () => {
  it.each(dialects)('schemaFromModels(generated models) equals the state, as compared on %s', async (d) => {
    const loaded = await load(`models-${d}`);
    const { schemaFromModels: fromModels } = await oxen();
    expect(comparableState(fromModels(loaded.models as never), d)).toEqual(comparableState(modelState, d));
  });

  it('writes the field options, indexes and typed thunks the models need', () => {
    const out = outputs.get('models-postgres')!;
    expect(out).toContain("import {\n  model,\n  AutoField,\n  IntField,\n");
    expect(out).toContain("  type AnyModel,\n} from 'oxen-orm';");
    for (const line of [
      "export const TsfAuthor = model('TsfAuthor', {",
      '  email: CharField({ maxLength: 255, unique: true }),',
      '  country: CharField({ maxLength: 2, dbIndex: true }),',
      '  createdAt: DateTimeField({ autoNowAdd: true }),',
      "    ['name', 'createdAt'],",
      "  author: ForeignKey(() => TsfAuthor, { onDelete: 'CASCADE', relatedName: 'tsfBookAuthorSet' }),",
      "  editor: ForeignKey(() => TsfAuthor, { onDelete: 'SET NULL', null: true, relatedName: 'tsfBookEditorSet' }),",
      "  uniqueTogether: [['author', 'title']],",
      "  book: ForeignKey(() => TsfBook, { onDelete: 'RESTRICT', dbIndex: false }),",
      '  key: UUIDField({ primaryKey: true }),',
      '  big: BigIntField({ default: 9007199254740993n }),',
      "  price: DecimalField({ maxDigits: 12, decimalPlaces: 2, default: '9.90' }),",
      "  seenAt: DateTimeField({ null: true, default: new Date('2024-01-02T03:04:05.678Z') }),",
      '  updatedAt: DateTimeField({ autoNow: true }),',
      "  extra: JSONField({ null: true, default: { a: [1, 'x'] } }),",
      "  parent: ForeignKey(() => TsfEverything, { onDelete: 'NO ACTION' }),",
      "  team: ForeignKey((): AnyModel => TsfTeam, { onDelete: 'CASCADE', null: true }),",
      "  mentor: ForeignKey((): AnyModel => TsfPlayer, { onDelete: 'SET NULL', null: true }),",
      "  captain: ForeignKey(() => TsfPlayer, { onDelete: 'SET NULL', null: true }),",
      "  tableName: 'tsf_everything',",
      'export const models = [TsfAuthor, TsfBook, TsfEverything, TsfChild, TsfReview, TsfPlayer, TsfTeam];',
    ]) {
      expect(out.split('\n')).toContain(line);
    }
    expect(out).toMatch(/^\/\/ Oxen models generated by `oxen inspect` from a PostgreSQL database\./);
    expect(outputs.get('models-mysql')).toMatch(/^\/\/ Oxen models generated by `oxen inspect` from a MySQL\/MariaDB database\./);
    expect(outputs.get('models-nodialect')).toMatch(/^\/\/ Oxen models generated by `oxen inspect` from a schema state\./);
    // The JS-function default is not in the database: said, not written.
    expect(out).toContain('  // default: computed by a JS function in the models this state came from (not in the database)\n  data: JSONField(),');
  });
});

describe('typescriptModels: any state', () => {
  it('compiles under tsc --strict', () => {
    for (const [key, path] of files) expect({ key, errors: diagnostics.get(path) }).toEqual({ key, errors: [] });
  });

  it('loads, and schemaFromModels accepts the models and the views', async () => {
    const { schemaFromModels: fromModels } = await oxen();
    for (const key of Object.keys(handStates)) {
      const loaded = await load(key);
      expect(() => fromModels(loaded.models as never)).not.toThrow();
      if (loaded.views) expect(() => fromModels(loaded.views as never)).not.toThrow();
    }
  });

  it('is deterministic and depends only on the state', () => {
    for (const state of Object.values(handStates)) {
      expect(typescriptModels(JSON.parse(JSON.stringify(state)) as SchemaState)).toBe(typescriptModels(state));
    }
  });

  it('keeps tables, columns, declarable indexes and relations of an inspected PostgreSQL state', async () => {
    const { schemaFromModels: fromModels } = await oxen();
    const loaded = comparableState(fromModels((await load('postgres')).models as never), 'postgres');
    expect(loaded.tables.map((t) => t.name)).toEqual(postgresState.tables.map((t) => t.name).sort());
    for (const t of postgresState.tables) {
      expect(findTable(loaded, t.name)!.columns.map((c) => c.name)).toEqual(t.columns.length === 0 ? ['id'] : t.columns.map((c) => c.name));
    }
    const names = loaded.tables.flatMap((t) => [...t.uniques, ...t.indexes].map((i) => `${t.name}.${i.name}`));
    expect(names).toEqual(expect.arrayContaining([
      'film.film_title_key', 'film.film_mood_ip_unique', 'film.film_small_idx', 'film.idx_title_rating', 'film_actor.idx_fk_film_id',
      'employee.employee_manager_id_idx', 'users.users_owner_id_key', 'log.log_code_key',
    ]));
    // No index the database does not have: a ForeignKey without one says dbIndex: false.
    expect(names.filter((n) => n.endsWith('_idx')).sort()).toEqual(['employee.employee_manager_id_idx', 'film.film_small_idx']);
    const fks = loaded.tables.flatMap((t) => t.foreignKeys.map((f) => `${t.name}(${f.columns}) → ${f.referencedTable}(${f.referencedColumns}) ${f.onDelete}`));
    expect(fks.sort()).toEqual([
      'big_ref(thing_id) → big_thing(id) CASCADE',
      'class(author_id) → actor(actor_id) SET NULL',
      'employee(actor_id) → actor(actor_id) RESTRICT',
      'employee(manager_id) → employee(id) SET NULL',
      'employee(mentor_id) → employee(id) SET NULL',
      'film_actor(film_id) → film(film_id) RESTRICT',
      'users(owner_id) → user(id) CASCADE',
      'users(user_id) → user(id) SET NULL',
    ]);
    const film = findTable(loaded, 'film')!;
    const column = (name: string) => film.columns.find((c) => c.name === name);
    expect(column('rating')).toEqual({ name: 'rating', type: { kind: 'raw', spelling: 'mpaa_rating' }, nullable: true, default: { kind: 'value', value: 'G' } });
    expect(column('meta')!.default).toEqual({ kind: 'value', value: { a: 1, ['__proto__']: [true, null], 'b-c': 'x' } });
    expect(column('blob')!.default).toEqual({ kind: 'value', value: 'deadbeef' });
    expect(column('counter')!.default).toEqual({ kind: 'value', value: '123' });
    expect(column('note')!.default).toEqual({ kind: 'value', value: 'line\nbreak \u2028 and \'quote\' \\' });
    expect(column('huge')!.type).toEqual({ kind: 'raw', spelling: 'numeric(1000,2)' });
    expect(column('uid')).toEqual({ name: 'uid', type: { kind: 'uuid' }, nullable: false });
  });

  it('names in a comment every object a model cannot declare', () => {
    const expected: Record<keyof typeof handStates, string[]> = {
      postgres: [
        'enum type mood', 'enum type mpaa_rating',
        'check film_small_check: (small > 0)',
        'index film_fulltext_idx USING gist (fulltext)',
        'index film_lower_title_idx (lower((title)::text))',
        'unique index film_rating_partial (rating) WHERE (rating IS NOT NULL)',
        'foreign key employee_actor_fk on actor_id also says ON UPDATE CASCADE',
        'foreign key film_actor_actor_id_fkey: (actor_id) → actor (actor_id) ON DELETE RESTRICT',
        'foreign key rental_item_code_fk: (code) → log (code)',
        'foreign key rental_item_ext_fk: (ext_id) → other_schema_table (id)',
        'foreign key rental_item_line_fk: (rental_id, line) → rental_line (rental_id, line) ON DELETE CASCADE',
        'foreign key rental_item_list_fk: (list_id) → film_list (fid)',
        'composite primary key (actor_id, film_id)', 'composite primary key (payment_date, payment_id)', 'composite primary key (rental_id, line)',
        'partitioned table: PARTITION BY RANGE (payment_date)',
        "partition of payment: FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')",
        'database default: gen_random_uuid()',
        'generated column (stored): (rental_rate * 2)',
        'database default: "not a number"', 'database default: NULL',
        'view: read-only', 'materialized view: read-only', 'SELECT film.film_id AS fid,', 'SELECT 1 AS id, 2.00 AS total',
        'Films and ratings', 'A film.', 'Second line with *\\/ inside', 'The title *\\/ of the film',
        'no primary key: code', 'no primary key and no unique NOT NULL column: message', 'a table without columns',
        'a 64-bit counter in the database; Oxen has no BigAutoField',
        'bigint in the database; a ForeignKey column takes its target key\'s type (int)',
        'text[]: an array', 'tsvector: no Oxen field kind', 'inet: no Oxen field kind', 'year: a type Oxen does not know', 'interval: no Oxen field kind',
      ],
      mysql: [
        'check film_chk_1: `length` > 0',
        'index ft_idx USING fulltext (language_id)',
        'index idx_fk_language_id (language_id) is declared as idx_fk_language_id_2',
        'foreign key fk_film_language on language_id also says ON UPDATE CASCADE',
        "set('Trailers','Commentaries'): read as its members joined by commas",
        'hologram: a type Oxen does not know',
      ],
      sqlite: ['SQLite WITHOUT ROWID table', 'index things_name_expr (lower(name))', 'NUMERIC: NUMERIC affinity'],
      weird: ['check chk', "multiline: (\"it's\" <> '*/') AND true", 'a view without columns', 'enum type Buffer', 'enum type date'],
    };
    for (const [key, lines] of Object.entries(expected)) {
      const text = comments(outputs.get(key)!);
      for (const line of lines) expect(text, `${key}: ${line}`).toContain(line);
    }
    // Generically: every check, every index models cannot declare, every enum and view, by name.
    for (const [key, state] of Object.entries(handStates)) {
      const text = comments(outputs.get(key)!);
      const names = [
        ...state.tables.flatMap((t) => t.checks.map((c) => c.name.split('\n')[0]!)),
        ...state.tables.flatMap((t) => t.indexes.filter((i) => i.expression ?? i.where ?? i.method).map((i) => i.name)),
        ...state.enums.map((e) => e.name),
        ...state.views.map((v) => v.definition.trim().split('\n')[0]!),
      ];
      for (const name of names) expect(text, `${key}: ${name}`).toContain(name);
    }
  });

  it('types raw columns by what the executors return', () => {
    const pg = outputs.get('postgres')!.split('\n');
    const my = outputs.get('mysql')!.split('\n');
    const lite = outputs.get('sqlite')!.split('\n');
    expect(outputs.get('postgres')).toContain("export type MpaaRating = 'G' | 'PG' | 'PG-13' | 'R' | 'NC-17';");
    expect(outputs.get('postgres')).toContain('export type Mood = \'happy\' | \'sad\' | "it\'s";');
    for (const line of [
      "  rating: RawField<MpaaRating | null>({ dbType: 'mpaa_rating', null: true, default: 'G' }),",
      '  mood: RawField<Mood, true>({ dbType: \'public.mood\', default: "it\'s" }),',
      "  specialFeatures: RawField<string | null>({ dbType: 'text[]', null: true }),",
      "  fulltext: RawField<string>({ dbType: 'tsvector' }),",
      "  ip: RawField<string | null>({ dbType: 'inet', null: true, default: '127.0.0.1' }),",
      "  releaseYear: RawField<unknown>({ dbType: 'year', null: true }),",
      "  small: RawField<number>({ dbType: 'smallint', dbIndex: true }),",
      "  huge: RawField<string | null>({ dbType: 'numeric(1000,2)', null: true }),",
      "  rating: RawField<MpaaRating | null>({ dbType: 'mpaa_rating', null: true }),",
    ]) expect(pg).toContain(line);
    for (const line of [
      '  rating: RawField<\'G\' | \'PG\' | \'PG-13\' | \'R\' | \'NC-17\' | "it\'s" | null>({ dbType: "enum(\'G\',\'PG\',\'PG-13\',\'R\',\'NC-17\',\'it\'\'s\')", null: true, default: \'G\' }),',
      "  length: RawField<number | null>({ dbType: 'smallint(5) unsigned', null: true }),",
      "  releaseYear: RawField<number | null>({ dbType: 'year(4)', null: true }),",
      "  flag: RawField<Buffer>({ dbType: 'bit(1)' }),",
      "  views: RawField<string, true>({ dbType: 'bigint(20) unsigned', default: '0' }),",
      "  stamp: RawField<Date | null>({ dbType: 'timestamp', null: true }),",
      "  mystery: RawField<unknown>({ dbType: 'hologram', null: true }),",
      '  lastUpdate: DateTimeField({ autoNow: true }),',
      "  language: ForeignKey(() => Language, { onDelete: 'RESTRICT', constraintName: 'fk_film_language' }),",
    ]) expect(my).toContain(line);
    expect(lite).toContain("  n: RawField<number, true>({ dbType: 'MEDIUMINT', default: 3 }),");
    expect(lite).toContain("  name: RawField<string>({ dbType: 'NVARCHAR(20)' }),");
  });

  it('makes valid, unique names: reserved words, clashes, globals, digits', () => {
    const pg = outputs.get('postgres')!.split('\n');
    for (const line of [
      "  deleteField: TextField({ column: 'delete' }),",
      "  'default': TextField(),",
      "  constructorField: TextField({ column: 'constructor' }),",
      "  pkField: IntField({ column: 'pk' }),",
      "  _2fa: TextField({ column: '2fa' }),",
      "  firstName: TextField({ column: 'First Name' }),",
      "  author: ForeignKey(() => Actor, { onDelete: 'SET NULL', null: true, dbIndex: false, constraintName: 'class_author_id_fkey' }),",
      "  author2: TextField({ column: 'author' }),",
      "  toJson: TextField({ column: 'toJSON' }),",
      "  metaField: JSONField({ default: { a: 1, ['__proto__']: [true, null], 'b-c': 'x' }, column: 'meta' }),",
      "export const Date2 = model('Date2', {",
      "export const User2 = model('User2', {",
      "  manager: ForeignKey((): AnyModel => Employee, { onDelete: 'SET NULL', null: true, relatedName: 'employeeManagerSet', constraintName: 'employee_manager_fk' }),",
      "  user: ForeignKey(() => User, { onDelete: 'SET NULL', null: true, dbIndex: false, relatedName: 'user2UserSet', constraintName: 'users_user_fk' }),",
      "  owner: ForeignKey(() => User, { onDelete: 'CASCADE', unique: true, relatedName: 'user2OwnerSet', constraintName: 'users_owner_fk' }),",
      "  actorId: IntField({ primaryKey: true }),",
      '  paymentId: AutoField(),',
      "  code: TextField({ primaryKey: true }),",
      "    { fields: ['code'], name: 'log_code_key', unique: true },",
    ]) expect(pg).toContain(line);
    const weird = outputs.get('weird')!.split('\n');
    for (const line of [
      "export const Table = model('Table', {",
      "  field: AutoField({ column: '' }),",
      "export const T123 = model('T123', {",
      "export const Buffer2 = model('Buffer2', {",
      "  data: BinaryField({ default: Buffer.from('00ff', 'hex') }),",
      "  author: ForeignKey((): AnyModel => AB, { onDelete: 'CASCADE', dbIndex: false, constraintName: 'ab_author' }),",
      "  authorId2: IntField({ column: 'authorId' }),",
      "  lineBreak: TextField({ column: 'line\\nbreak' }),",
      "  field: TextField({ column: '\\u2028' }),",
      "  proto: TextField({ column: '__proto__' }),",
      "  名前: TextField(),",
      "export const Model2 = model('Model2', {",
      'export type Buffer3 = string;',
      "export type Date2 = \"a'b\" | 'c\"d' | 'e\\\\f';",
    ]) expect(weird).toContain(line);
  });

  it('writes readable files (snapshots; the lines that matter are asserted above)', async () => {
    for (const key of Object.keys(handStates)) {
      await expect(outputs.get(key)).toMatchFileSnapshot(`./fixtures/formats/${key}.typescript.txt`);
    }
  });
});
