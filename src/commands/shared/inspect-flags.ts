/** The flags that choose what `oxen inspect` and `oxen inspect diff` read. */
import { Flags } from '@oclif/core';
import type { IntrospectOptions } from '../../core/dialect/introspector.js';

export const inspectScopeFlags = {
  schema: Flags.string({ description: 'PostgreSQL schema or MySQL database to read (default: the connection\'s own; SQLite: main).', helpValue: '<name>' }),
  tables: Flags.string({ description: 'Only these tables and views, comma-separated.', helpValue: '<a,b>', exclusive: ['exclude'] }),
  exclude: Flags.string({ description: 'Every table and view but these, comma-separated.', helpValue: '<a,b>', exclusive: ['tables'] }),
};

const names = (list: string): string[] => list.split(',').map((n) => n.trim());

export function inspectScope(flags: { schema?: string | undefined; tables?: string | undefined; exclude?: string | undefined }): IntrospectOptions {
  return {
    ...(flags.schema !== undefined ? { schema: flags.schema } : {}),
    ...(flags.tables !== undefined ? { tables: names(flags.tables) } : {}),
    ...(flags.exclude !== undefined ? { exclude: names(flags.exclude) } : {}),
  };
}
