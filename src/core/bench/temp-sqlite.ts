/** The default benchmark database: a SQLite file in a fresh temporary directory, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempSqlite {
  readonly url: string;
  readonly path: string;
  remove(): void;
}

export function createTempSqlite(): TempSqlite {
  const dir = mkdtempSync(join(tmpdir(), 'oxen-bench-'));
  const path = join(dir, 'bench.sqlite');
  return { url: `sqlite://${path}`, path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
