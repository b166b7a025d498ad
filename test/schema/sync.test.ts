/** sync(): creates what is missing, never touches what exists. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoField, CharField, connect, disconnect, ForeignKey, getDatabase, IntField, model, QueryError, type Database } from '../../src/index.js';
import { dropTables } from '../../src/core/schema/drop-tables.js';
import { sync } from '../../src/core/schema/sync.js';
import { testTargets } from '../support/orm.js';
import { column, insert } from './sql-helpers.js';

const P = 'schema_sync_';
// Two versions of one table: the second adds an index and a unique-together.
const ShopV1 = model('Shop', { id: AutoField(), name: CharField({ maxLength: 50 }), city: CharField({ maxLength: 50 }) }, { tableName: `${P}shop` });
const ShopV2 = model('Shop', {
  id: AutoField(),
  name: CharField({ maxLength: 50 }),
  city: CharField({ maxLength: 50, dbIndex: true }),
}, { tableName: `${P}shop`, uniqueTogether: [['name', 'city']] });
const Item = model('Item', {
  id: AutoField(),
  shop: ForeignKey(() => ShopV2, { onDelete: 'CASCADE' }),
  price: IntField(),
}, { tableName: `${P}item` });

describe.each(testTargets())('sync on $label', (target) => {
  let db: Database;

  beforeAll(async () => {
    await connect({ databases: { default: target.url }, executor: target.executor });
    db = getDatabase();
    await dropTables([Item, ShopV2], { ifExists: true });
  });
  afterAll(async () => {
    try {
      await dropTables([Item, ShopV2], { ifExists: true });
    } finally {
      await disconnect();
    }
  });

  it('creates missing tables', async () => {
    const changes = await sync([ShopV1]);
    expect(changes.tables).toEqual([`${P}shop`]);
    expect(changes.indexes).toEqual([]);
    await insert(db, `${P}shop`, { name: 'Corner', city: 'Oslo' });
  });

  it('adds missing tables and the missing indexes of existing ones, keeping their rows', async () => {
    const changes = await sync([Item, ShopV2]);
    expect(changes.tables).toEqual([`${P}item`]);
    expect(changes.indexes).toEqual([`${P}item.${P}item_shop_id_idx`, `${P}shop.${P}shop_city_idx`, `${P}shop.${P}shop_name_city_uniq`]);
    expect(await column(db, `${P}shop`, 'name')).toEqual(['Corner']);
    // The unique-together index added to the existing table is enforced.
    await expect(insert(db, `${P}shop`, { name: 'Corner', city: 'Oslo' })).rejects.toBeInstanceOf(QueryError);
    const [shop] = (await column(db, `${P}shop`, 'id')) as number[];
    await insert(db, `${P}item`, { shop_id: shop!, price: 3 });
  });

  it('does nothing when everything exists', async () => {
    expect(await sync([Item, ShopV2])).toEqual({ statements: [], tables: [], indexes: [] });
    expect(await column(db, `${P}item`, 'price')).toEqual([3]);
  });
});
