/**
 * Creates the benchmark's tables (dropping leftovers of an earlier `--keep` run) and fills them, on
 * the database named `using` (default: `default`).
 */
import { createTables } from '../../schema/create-tables.js';
import { dropTables } from '../../schema/drop-tables.js';
import { benchTables, type BenchModels } from './bench-models.js';
import { datasetSize, postRow, userRow } from './dataset.js';

const CHUNK = 5_000;

export async function seedDataset(models: BenchModels, scale: number, using?: string): Promise<void> {
  await dropTables(benchTables(models), { ifExists: true, using });
  await createTables(benchTables(models), { using });
  const { users, posts } = datasetSize(scale);
  for (let start = 1; start <= users; start += CHUNK) {
    const rows = [];
    for (let i = start; i < Math.min(start + CHUNK, users + 1); i++) rows.push(userRow(i));
    await (using === undefined ? models.User.all() : models.User.using(using)).bulkCreate(rows);
  }
  for (let start = 1; start <= posts; start += CHUNK) {
    const rows = [];
    for (let j = start; j < Math.min(start + CHUNK, posts + 1); j++) rows.push(postRow(j, users));
    await (using === undefined ? models.Post.all() : models.Post.using(using)).bulkCreate(rows);
  }
}

export async function dropDataset(models: BenchModels, using?: string): Promise<void> {
  await dropTables(benchTables(models), { ifExists: true, using });
}
