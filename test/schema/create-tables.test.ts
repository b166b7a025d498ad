/** createTables / dropTables on real databases: what they create must behave as the models say. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, disconnect, getDatabase, QueryError, type Database, type DialectName } from '../../src/index.js';
import { createTables } from '../../src/core/schema/create-tables.js';
import { ddlFor } from '../../src/core/dialect/dialects.js';
import { dropTables } from '../../src/core/schema/drop-tables.js';
import { readExistingSchema } from '../../src/core/schema/existing-schema.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { testTargets } from '../support/orm.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';
import { column, insert, remove } from './sql-helpers.js';

const P = 'schema_ct_';
const { Author, Book, Review } = schemaModels(P);
const { Everything, Child } = kindModels(P);
const { Team, Player } = cycleModels(P);
const all = [Review, Book, Author, Child, Everything, Player, Team];
const now = '2024-05-06 07:08:09';

/** Each column's type and nullability as the database's own catalogue reports them. */
const catalogue: Record<DialectName, { sql: string; expected: string[] }> = {
  postgres: {
    sql: `SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
          FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    expected: [
      'key uuid not null', 'small integer', 'big bigint not null', 'ratio double precision not null', 'price numeric(12,2) not null',
      'active boolean not null', 'code_text character varying(20) not null', 'body text', 'seen_at timestamp with time zone',
      'updated_at timestamp with time zone not null', 'day date', 'data jsonb not null', 'extra jsonb', 'ref uuid', 'blob bytea',
    ],
  },
  mysql: {
    sql: `SELECT CONCAT(column_name, ' ', column_type, IF(is_nullable = 'NO', ' not null', '')) FROM information_schema.columns
          WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position`,
    expected: [
      'key char(36) not null', 'small int', 'big bigint not null', 'ratio double not null', 'price decimal(12,2) not null',
      'active tinyint(1) not null', 'code_text varchar(20) not null', 'body longtext', 'seen_at datetime(3)', 'updated_at datetime(3) not null',
      'day date', 'data json not null', 'extra json', 'ref char(36)', 'blob longblob',
    ],
  },
  sqlite: {
    sql: `SELECT name || ' ' || type || CASE WHEN "notnull" THEN ' not null' ELSE '' END FROM pragma_table_info(?) ORDER BY cid`,
    expected: [
      'key UUID not null', 'small INTEGER', 'big BIGINT not null', 'ratio REAL not null', 'price DECIMAL TEXT(12,2) not null', 'active BOOLEAN not null',
      'code_text VARCHAR(20) not null', 'body TEXT', 'seen_at DATETIME', 'updated_at DATETIME not null', 'day DATE', 'data JSON TEXT not null',
      'extra JSON TEXT', 'ref UUID', 'blob BLOB',
    ],
  },
};

/** MariaDB shows integer display widths, and JSON as the LONGTEXT it is an alias of. */
const normalise = (s: string) => s.replace(/ (int|bigint)\(\d+\)/, ' $1').replace(/^(data|extra) longtext/, '$1 json');

describe.each(testTargets())('createTables on $label', (target) => {
  let db: Database;

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    db = getDatabase();
    await dropTables(all, { ifExists: true });
    await createTables(all);
  });
  afterAll(async () => {
    try {
      await dropTables(all, { ifExists: true });
    } finally {
      await disconnect();
    }
  });

  it('creates every table and every index the state names', async () => {
    const existing = await readExistingSchema(db, ddlFor(db.dialect));
    for (const table of schemaFromModels(all).tables) {
      expect(existing.hasTable(table.name), table.name).toBe(true);
      for (const index of table.indexes) expect(existing.hasIndex(table.name, index.name), index.name).toBe(true);
    }
  });

  it('gives each column the type and nullability of its field', async () => {
    const { sql, expected } = catalogue[target.dialect];
    const result = await db.query({ sql, params: [`${P}everything`] });
    expect(result.rows.map((r) => normalise(String(r[0])))).toEqual(expected);
  });

  it('enforces unique fields, case-sensitively on every database', async () => {
    await insert(db, `${P}author`, { name: 'Ann', email: 'ann@example.com', country: 'NZ', created_at: now });
    await insert(db, `${P}author`, { name: 'Ann', email: 'Ann@example.com', country: 'NZ', created_at: now });
    await expect(insert(db, `${P}author`, { name: 'Bob', email: 'ann@example.com', country: 'FR', created_at: now })).rejects.toBeInstanceOf(QueryError);
    expect(await column(db, `${P}author`, 'email')).toEqual(['ann@example.com', 'Ann@example.com']);
  });

  it('enforces unique-together on the combination only', async () => {
    const [ann, ann2] = (await column(db, `${P}author`, 'id')) as number[];
    await insert(db, `${P}book`, { author_id: ann!, title: 'Tides', edition: 1 });
    await insert(db, `${P}book`, { author_id: ann2!, title: 'Tides', edition: 1 });
    await expect(insert(db, `${P}book`, { author_id: ann!, title: 'Tides', edition: 2 })).rejects.toBeInstanceOf(QueryError);
  });

  it('rejects a foreign key to a row that does not exist', async () => {
    await expect(insert(db, `${P}book`, { author_id: 987654, title: 'Ghost', edition: 1 })).rejects.toBeInstanceOf(QueryError);
  });

  it('applies each ON DELETE behaviour when a parent row is deleted', async () => {
    await insert(db, `${P}author`, { name: 'Cy', email: 'cy@example.com', country: 'DE', created_at: now });
    const [ann, ann2, cy] = (await column(db, `${P}author`, 'id')) as number[];
    await insert(db, `${P}book`, { author_id: cy!, editor_id: ann2!, title: 'Edited', edition: 1 });
    await insert(db, `${P}book`, { author_id: ann!, editor_id: cy!, title: 'Kept', edition: 1 });
    const books = async () => (await column(db, `${P}book`, 'title')) as string[];
    expect(await books()).toEqual(['Tides', 'Tides', 'Edited', 'Kept']);

    // CASCADE: Cy's book goes; SET NULL: the book Cy edited stays, without an editor.
    expect(await remove(db, `${P}author`, 'id', cy!)).toBe(1);
    expect(await books()).toEqual(['Tides', 'Tides', 'Kept']);
    expect(await column(db, `${P}book`, 'editor_id')).toEqual([null, null, null]);

    // RESTRICT: a reviewed book cannot be deleted until its reviews are.
    const [tides] = (await column(db, `${P}book`, 'id')) as number[];
    await insert(db, `${P}review`, { book_id: tides!, stars: 5 });
    await expect(remove(db, `${P}book`, 'id', tides!)).rejects.toBeInstanceOf(QueryError);
    expect(await books()).toEqual(['Tides', 'Tides', 'Kept']);
    await remove(db, `${P}review`, 'book_id', tides!);
    expect(await remove(db, `${P}book`, 'id', tides!)).toBe(1);

    // NO ACTION on a UUID key: the parent stays while a child points at it.
    const key = '0b6c1d5e-0000-4000-8000-000000000001';
    await insert(db, `${P}everything`, { key, big: 1, ratio: 1, price: '1.00', active: target.dialect === 'postgres' ? true : 1, code_text: 'x', updated_at: now, data: '{}' });
    await insert(db, `${P}child`, { parent_id: key });
    await expect(remove(db, `${P}everything`, 'key', key)).rejects.toBeInstanceOf(QueryError);
  });

  it('creates tables that reference each other, and one that references itself', async () => {
    await insert(db, `${P}team`, { name: 'Reds' });
    const [team] = (await column(db, `${P}team`, 'id')) as number[];
    await insert(db, `${P}player`, { team_id: team! });
    const [captain] = (await column(db, `${P}player`, 'id')) as number[];
    await insert(db, `${P}player`, { team_id: team!, mentor_id: captain! });
    await db.execute({ sql: `UPDATE ${db.dialect.quoteIdent(`${P}team`)} SET ${db.dialect.quoteIdent('captain_id')} = ${db.dialect.placeholder(0)}`, params: [captain!] });
    await expect(insert(db, `${P}player`, { team_id: 424242 })).rejects.toBeInstanceOf(QueryError);

    // The captain leaves: the team loses its captain, the mentee its mentor.
    await remove(db, `${P}player`, 'id', captain!);
    expect(await column(db, `${P}team`, 'captain_id')).toEqual([null]);
    expect(await column(db, `${P}player`, 'mentor_id')).toEqual([null]);
    // The team is deleted: its players go with it.
    await remove(db, `${P}team`, 'id', team!);
    expect(await column(db, `${P}player`, 'id')).toEqual([]);
  });

  it('fails on a table that exists, and skips it with ifNotExists', async () => {
    await expect(createTables([Author])).rejects.toBeInstanceOf(QueryError);
    const changes = await createTables(all, { ifNotExists: true });
    expect(changes.statements).toEqual([]);
    expect(await column(db, `${P}author`, 'email')).toEqual(['ann@example.com', 'Ann@example.com']);
  });

  it('drops tables in reverse dependency order, whatever the order given, and skips missing ones with ifExists', async () => {
    const dropped = await dropTables([Author, Book, Review]);
    expect(dropped.tables).toEqual([`${P}review`, `${P}book`, `${P}author`]);
    expect((await dropTables([Author, Book, Review], { ifExists: true })).statements).toEqual([]);
    await expect(dropTables([Author])).rejects.toBeInstanceOf(QueryError);

    const changes = await dropTables([Team, Player]);
    expect(changes.tables).toEqual([`${P}team`, `${P}player`]);
    const existing = await readExistingSchema(db, ddlFor(db.dialect));
    expect(all.map((m) => m.meta.tableName).filter((t) => existing.hasTable(t))).toEqual([`${P}child`, `${P}everything`]);
  });
});
