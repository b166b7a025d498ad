/** Creates the benchmark's tables (dropping leftovers of an earlier `--keep` run) and fills them. */
import { createTables } from '../../schema/create-tables.js';
import { dropTables } from '../../schema/drop-tables.js';
import { benchTables, type BenchModels } from './bench-models.js';
import { datasetSize, postRow, userRow } from './dataset.js';

const CHUNK = 5_000;

export async function seedDataset(models: BenchModels, scale: number): Promise<void> {
  await dropTables(benchTables(models), { ifExists: true });
  await createTables(benchTables(models));
  const { users, posts } = datasetSize(scale);
  for (let start = 1; start <= users; start += CHUNK) {
    const rows = [];
    for (let i = start; i < Math.min(start + CHUNK, users + 1); i++) rows.push(userRow(i));
    await models.User.bulkCreate(rows);
  }
  for (let start = 1; start <= posts; start += CHUNK) {
    const rows = [];
    for (let j = start; j < Math.min(start + CHUNK, posts + 1); j++) rows.push(postRow(j, users));
    await models.Post.bulkCreate(rows);
  }
}

export async function dropDataset(models: BenchModels): Promise<void> {
  await dropTables(benchTables(models), { ifExists: true });
}
