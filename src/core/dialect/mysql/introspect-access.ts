/**
 * Which database is read, and what the connected user may see of it. information_schema never fails
 * for lack of a privilege: it leaves out what the user has no privilege on. So a database, a table or
 * a column the user cannot see looks absent, and triggers (TRIGGER privilege) or events (EVENT) look
 * like there are none. This module reads the user's grants (one query) to tell "does not exist" from
 * "not visible" where it can, and to warn where the picture may be partial, naming the GRANT to run.
 */
import type { Queryable } from '../../executor/executor.js';
import { QueryError, UsageError } from '../../ground/errors.js';
import type { Statement } from '../../ground/values.js';
import type { InspectWarning } from '../introspector.js';
import { text } from './introspect-columns.js';
import { privilegesQuery, serverKind, serverQuery, type ServerKind } from './introspect-queries.js';

export interface Target {
  readonly server: ServerKind;
  readonly account: Account;
  readonly access: Access;
  /** The database read, spelled as the server spells it. */
  readonly schema: string;
  /** Active full-text parser plugins: with any, a FULLTEXT index may use one that information_schema does not show. */
  readonly ftParsers: readonly string[];
}

/** The first two queries: the server, the user and its grants, and the database to read (`schema`, else the connection's). */
export async function readTarget(db: Queryable, schema: string | undefined): Promise<Target> {
  const first = serverQuery(schema);
  const facts = (await db.query(first)).rows[0] ?? [];
  const present = (i: number) => facts[i] !== null && facts[i] !== undefined;
  const server = serverKind(text(facts[0]));
  const account = accountOf(text(facts[1]), present(5) ? text(facts[5]) : null, server);
  const requested = schema ?? (present(2) ? text(facts[2]) : undefined);
  if (requested === undefined) throw new UsageError('USAGE', 'no database to inspect: the URL names none — add one to the URL or give --schema NAME');
  const access = accessOf(account, (await db.query(privilegesQuery(requested, account.grantees))).rows);
  if (!present(3)) throw schemaNotVisible(requested, access, first);
  return { server, account, access, schema: text(facts[3]), ftParsers: present(4) ? text(facts[4]).split(',') : [] };
}

/** Privileges that make a table visible in information_schema (MySQL's TABLE_ACLS). */
const TABLE_PRIVILEGES = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'REFERENCES', 'INDEX', 'ALTER', 'CREATE VIEW', 'SHOW VIEW', 'TRIGGER', 'DELETE HISTORY',
]);
/** Privileges that show stored routines (besides being their definer). */
const ROUTINE_PRIVILEGES = new Set(['CREATE ROUTINE', 'ALTER ROUTINE', 'EXECUTE', 'SHOW_ROUTINE']);

export interface Account {
  /** `'user'@'host'`, as GRANT and information_schema's GRANTEE spell it. */
  readonly user: string;
  /** The grantees whose privileges apply: the user, and on MariaDB its current role. */
  readonly grantees: readonly string[];
}

/** The account from CURRENT_USER() (`user@host`, split at the last @) and CURRENT_ROLE(). */
export function accountOf(currentUser: string, currentRole: string | null, server: ServerKind): Account {
  const at = currentUser.lastIndexOf('@');
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const user = at < 0 ? quote(currentUser) : `${quote(currentUser.slice(0, at))}@${quote(currentUser.slice(at + 1))}`;
  // MySQL 8 reports roles as a list (`r`@`%`,…) whose grants its GRANTEE spells differently; only MariaDB's single role is used.
  const role = server.mariadb && currentRole ? [quote(currentRole)] : [];
  return { user, grantees: [user, ...role] };
}

export interface Access {
  readonly account: Account;
  /** A global or database-level privilege that shows every table of the database. */
  readonly wholeSchema: boolean;
  /** Global and database-level privileges (upper case). */
  readonly privileges: ReadonlySet<string>;
  /** Tables the user has column privileges on and no table privilege: only those columns are visible. */
  readonly columnOnlyTables: readonly string[];
}

/** From the rows of privilegesQuery: [level, privilege, table, column]. */
export function accessOf(account: Account, rows: readonly (readonly unknown[])[]): Access {
  const privileges = new Set<string>();
  const tableLevel = new Set<string>();
  const columnLevel = new Set<string>();
  for (const [level, privilege, table] of rows) {
    const p = String(privilege).toUpperCase();
    if (level === 'global' || level === 'schema') {
      // Global ALL shows as each privilege; SHOW DATABASES alone does not show tables.
      privileges.add(p);
    } else if (level === 'table') tableLevel.add(String(table));
    else columnLevel.add(String(table));
  }
  const wholeSchema = [...privileges].some((p) => TABLE_PRIVILEGES.has(p));
  const columnOnlyTables = wholeSchema ? [] : [...columnLevel].filter((t) => !tableLevel.has(t)).sort();
  return { account, wholeSchema, privileges, columnOnlyTables };
}

/** The requested schema could not be found: unknown, or (for a user who cannot see every database) not visible. */
export function schemaNotVisible(schema: string, access: Access, statement: Statement): Error {
  if (access.wholeSchema || access.privileges.has('SHOW DATABASES')) {
    return new UsageError('USAGE', `unknown database "${schema}": there is no database of that name on this server (check --schema or the URL)`);
  }
  return new QueryError(
    `database "${schema}" is not visible to ${access.account.user}: it does not exist, or this user has no privilege on it — ` +
      `check the name, or GRANT SELECT ON ${quoteName(schema)}.* TO ${access.account.user}`,
    statement.sql,
    '1044',
  );
}

/** Names given in `tables` / `exclude` that are neither a table nor a view of the schema. */
export function unknownTables(schema: string, names: readonly string[], access: Access, statement: Statement): Error {
  const list = names.join(', ');
  if (access.wholeSchema) return new UsageError('USAGE', `unknown table${names.length > 1 ? 's' : ''} in database "${schema}": ${list}`);
  return new QueryError(
    `table${names.length > 1 ? 's' : ''} ${list} in database "${schema}" ${names.length > 1 ? 'are' : 'is'} not visible to ${access.account.user}: ` +
      `no such table, or no privilege on it — check the names, or ${names.map((n) => `GRANT SELECT ON ${quoteName(schema)}.${quoteName(n)} TO ${access.account.user}`).join('; ')}`,
    statement.sql,
    '1142',
  );
}

/** Where what information_schema showed may be incomplete for this user, and the grant that completes it. */
export function accessWarnings(schema: string, access: Access, selectedTables: boolean): InspectWarning[] {
  const object = `database ${schema}`;
  const to = `TO ${access.account.user}`;
  const out: InspectWarning[] = [];
  if (!access.wholeSchema) {
    out.push({ object, message: `${access.account.user} has privileges on single tables only: tables it has none on are not listed — GRANT SELECT ON ${quoteName(schema)}.* ${to} to read them all` });
  }
  for (const table of access.columnOnlyTables) {
    out.push({ object: `table ${table}`, message: `${access.account.user} has privileges on some columns only: the other columns are not listed — GRANT SELECT ON ${quoteName(schema)}.${quoteName(table)} ${to}` });
  }
  if (!access.privileges.has('TRIGGER')) {
    out.push({ object, message: `triggers are shown only on tables where ${access.account.user} has the TRIGGER privilege, so some may not be listed — GRANT TRIGGER ON ${quoteName(schema)}.* ${to}` });
  }
  if (selectedTables) return out;
  if (!access.privileges.has('EVENT')) {
    out.push({ object, message: `events are shown only with the EVENT privilege, so some may not be listed — GRANT EVENT ON ${quoteName(schema)}.* ${to}` });
  }
  if (!access.privileges.has('SELECT') && ![...access.privileges].some((p) => ROUTINE_PRIVILEGES.has(p))) {
    out.push({ object, message: `stored routines are shown only to their definer or with a routine privilege, so some may not be listed — GRANT EXECUTE ON ${quoteName(schema)}.* ${to}` });
  }
  return out;
}

function quoteName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
