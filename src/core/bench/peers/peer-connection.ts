/** The connection settings every peer's driver takes, from the one parsed URL, and the row shapes they share. */
import { OxenError } from '../../ground/errors.js';
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { PeerPost, PeerPostWithAuthor, PeerUser } from './peer-queries.js';

export interface ServerConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
}

export function serverConnection(url: DatabaseUrl): ServerConnection {
  return { host: url.host ?? '127.0.0.1', port: url.port ?? (url.dialect === 'postgres' ? 5432 : 3306), user: url.user, password: url.password, database: url.database };
}

/** The SQLite file; `:memory:` would give each peer an empty database of its own. */
export function sqliteFile(url: DatabaseUrl): string {
  const file = url.filename;
  if (file === undefined || file === ':memory:') throw new OxenError('USAGE', 'peers need the benchmark database in a file, not :memory:');
  return file;
}

/** The ORM's column for each attribute of the benchmark's rows. */
export const USER_COLUMNS = { id: 'id', name: 'name', email: 'email', age: 'age', isActive: 'is_active', createdAt: 'created_at' } as const;
export const POST_COLUMNS = { id: 'id', authorId: 'author_id', title: 'title', views: 'views', createdAt: 'created_at' } as const;

/** A joined row whose author columns are aliased `author_<attribute>` → the post with its author nested. */
export function nestAuthor(row: Record<string, unknown>): PeerPostWithAuthor {
  const author: Record<string, unknown> = {};
  const post: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('author_')) author[key.slice('author_'.length)] = value;
    else post[key] = value;
  }
  return { ...(post as unknown as PeerPost), author: author as unknown as PeerUser };
}
