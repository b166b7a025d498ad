import { BenchmarkSuite, createTables, dropTables, model, AutoField, BooleanField, CharField, IntField } from 'oxen-orm';

const Customer = model('Customer', {
  id: AutoField(),
  email: CharField({ maxLength: 200, unique: true }),
  name: CharField({ maxLength: 100 }),
  age: IntField(),
  isActive: BooleanField({ default: true, dbIndex: true }),
}, { tableName: 'bench_customers' });

const suite = new BenchmarkSuite({ durationSeconds: 1, concurrency: 4 });

suite.setup(async () => {
  await dropTables([Customer], { ifExists: true }); // so that setup can run again (oxen benchmark ab runs it in both builds)
  await createTables([Customer]);
  await Customer.bulkCreate(Array.from({ length: 1000 }, (_, i) => ({
    email: `customer${i}@example.com`, name: `Customer ${i}`, age: 18 + (i % 50), isActive: i % 4 !== 0,
  })));
});
suite.teardown(() => dropTables([Customer]));

suite.benchmark('active_page', () => Customer.filter({ isActive: true }).orderBy('name').limit(20).fetch(), {
  verify: (rows) => (rows.length === 20 && rows.every((c) => c.isActive) ? undefined : `expected 20 active customers, got ${rows.length}`),
});
suite.benchmark('count_adults', () => Customer.filter({ age__gte: 21 }).count(), {
  verify: (n) => (n === 940 ? undefined : `expected 940 customers aged 21 or more, got ${n}`),
});

export default suite;
