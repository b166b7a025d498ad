/**
 * What a CREATE TABLE text says that SQLite's pragmas do not: constraint names, CHECK and generated
 * expressions, AUTOINCREMENT, column collations, ON CONFLICT clauses, deferred foreign keys,
 * WITHOUT ROWID and STRICT. The pragmas stay the source of truth for what exists (columns, key order,
 * which uniques have an index); this only names and completes it. Keywords follow SQLite's grammar
 * (https://sqlite.org/lang_createtable.html); anything it does not know is skipped, never guessed at.
 */
import { closeParen, isName, isWord, sourceOf, splitTopLevel, tokenize, type Token } from './introspect-tokens.js';

export interface ParsedColumn {
  readonly name: string;
  collation?: string;
  autoincrement: boolean;
  generated?: { readonly expression: string; readonly stored: boolean };
}

export interface ParsedKeyList {
  readonly columns: string[];
  /** Every part is a plain column, optionally ASC (no COLLATE, DESC or expression). */
  readonly plain: boolean;
}

export interface ParsedReference {
  readonly name?: string;
  readonly columns: string[];
  readonly table: string;
  readonly refColumns: string[];
  readonly deferred: boolean;
}

export interface ParsedTable {
  readonly columns: ParsedColumn[];
  readonly checks: { name?: string; expression: string; column?: string }[];
  readonly uniques: ({ name?: string } & ParsedKeyList)[];
  readonly foreignKeys: ParsedReference[];
  /** `ON CONFLICT …` clauses, described for a warning: the state has no place for them. */
  readonly conflictClauses: string[];
  withoutRowid: boolean;
  strict: boolean;
  /** `CONSTRAINT name PRIMARY KEY …`: a name SQLite keeps only in this text, and the state has no place for. */
  primaryKeyName?: string;
}

const COLUMN_CONSTRAINT = ['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS'];
const TABLE_CONSTRAINT = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'];

export function parseCreateTable(sql: string): ParsedTable {
  const parsed: ParsedTable = { columns: [], checks: [], uniques: [], foreignKeys: [], conflictClauses: [], withoutRowid: false, strict: false };
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => t.kind === 'punct' && (t.text === '(' || t.text === ';'));
  // CREATE TABLE … AS SELECT has no definitions to read: its columns are all the pragmas know.
  if (open < 0 || tokens[open]!.text !== '(' || tokens.slice(0, open).some((t) => isWord(t, 'AS'))) return parsed;
  const close = closeParen(tokens, open);
  for (const def of splitTopLevel(tokens, open + 1, close)) {
    if (def.length === 0) continue;
    if (isWord(def[0], ...TABLE_CONSTRAINT)) tableConstraint(sql, def, parsed);
    else columnDefinition(sql, def, parsed);
  }
  for (const t of tokens.slice(close + 1)) {
    if (isWord(t, 'ROWID')) parsed.withoutRowid = true;
    if (isWord(t, 'STRICT')) parsed.strict = true;
  }
  return parsed;
}

function columnDefinition(sql: string, def: Token[], parsed: ParsedTable): void {
  const column: ParsedColumn = { name: def[0]!.value, autoincrement: false };
  parsed.columns.push(column);
  let j = 1;
  // The type name: words, then an optional (n) or (p, s).
  while (j < def.length && !isWord(def[j], ...COLUMN_CONSTRAINT)) j = isOpen(def[j]) ? closeParen(def, j) + 1 : j + 1;
  let name: string | undefined;
  while (j < def.length) {
    const t = def[j]!;
    if (isWord(t, 'CONSTRAINT')) {
      name = def[j + 1]?.value;
      j += 2;
      continue;
    }
    if (isWord(t, 'PRIMARY')) {
      if (name !== undefined) parsed.primaryKeyName = name;
      j = conflict(def, skipWords(def, j + 2, 'ASC', 'DESC'), `${column.name}: PRIMARY KEY`, parsed);
      if (isWord(def[j], 'AUTOINCREMENT')) {
        column.autoincrement = true;
        j++;
      }
    } else if (isWord(t, 'NOT', 'NULL')) {
      j = conflict(def, isWord(t, 'NOT') ? j + 2 : j + 1, `${column.name}: ${isWord(t, 'NOT') ? 'NOT NULL' : 'NULL'}`, parsed);
    } else if (isWord(t, 'UNIQUE')) {
      parsed.uniques.push({ ...(name === undefined ? {} : { name }), columns: [column.name], plain: true });
      j = conflict(def, j + 1, `${column.name}: UNIQUE`, parsed);
    } else if (isWord(t, 'CHECK') && isOpen(def[j + 1])) {
      const end = closeParen(def, j + 1);
      parsed.checks.push({ ...(name === undefined ? {} : { name }), expression: sourceOf(sql, def.slice(j + 2, end)).trim(), column: column.name });
      j = end + 1;
    } else if (isWord(t, 'DEFAULT')) {
      const k = def[j + 1]?.kind === 'punct' && (def[j + 1]!.text === '+' || def[j + 1]!.text === '-') ? j + 2 : j + 1;
      j = isOpen(def[k]) ? closeParen(def, k) + 1 : k + 1;
    } else if (isWord(t, 'COLLATE')) {
      column.collation = def[j + 1]?.value;
      j += 2;
    } else if (isWord(t, 'REFERENCES')) {
      const ref = references(def, j + 1);
      parsed.foreignKeys.push({ ...(name === undefined ? {} : { name }), columns: [column.name], ...ref.reference });
      j = ref.next;
    } else if (isWord(t, 'GENERATED', 'AS')) {
      const open = def.findIndex((x, k) => k > j && isOpen(x));
      if (open < 0) break;
      const end = closeParen(def, open);
      column.generated = { expression: sourceOf(sql, def.slice(open + 1, end)).trim(), stored: isWord(def[end + 1], 'STORED') };
      j = isWord(def[end + 1], 'STORED', 'VIRTUAL') ? end + 2 : end + 1;
    } else {
      j++;
      continue;
    }
    name = undefined;
  }
}

function tableConstraint(sql: string, def: Token[], parsed: ParsedTable): void {
  let j = 0;
  let name: string | undefined;
  if (isWord(def[0], 'CONSTRAINT')) {
    name = def[1]?.value;
    j = 2;
  }
  const named = name === undefined ? {} : { name };
  const open = def.findIndex((x, k) => k > j && isOpen(x));
  if (open < 0) return;
  const end = closeParen(def, open);
  if (isWord(def[j], 'PRIMARY')) {
    if (name !== undefined) parsed.primaryKeyName = name;
    conflict(def, end + 1, 'PRIMARY KEY', parsed);
  } else if (isWord(def[j], 'UNIQUE')) {
    const keys = keyList(def, open, end);
    parsed.uniques.push({ ...named, ...keys });
    conflict(def, end + 1, `UNIQUE (${keys.columns.join(', ')})`, parsed);
  } else if (isWord(def[j], 'CHECK')) {
    parsed.checks.push({ ...named, expression: sourceOf(sql, def.slice(open + 1, end)).trim() });
  } else if (isWord(def[j], 'FOREIGN') && isWord(def[end + 1], 'REFERENCES')) {
    parsed.foreignKeys.push({ ...named, columns: keyList(def, open, end).columns, ...references(def, end + 2).reference });
  }
}

/** `table [(columns)]` and the clauses after it, up to the next column constraint. */
function references(def: Token[], j: number): { reference: Omit<ParsedReference, 'name' | 'columns'>; next: number } {
  const table = def[j]?.value ?? '';
  let k = j + 1;
  let refColumns: string[] = [];
  if (isOpen(def[k])) {
    const end = closeParen(def, k);
    refColumns = keyList(def, k, end).columns;
    k = end + 1;
  }
  let deferred = false;
  // The foreign-key clause (https://sqlite.org/syntax/foreign-key-clause.html), clause by clause.
  for (;;) {
    if (isWord(def[k], 'ON') && isWord(def[k + 1], 'DELETE', 'UPDATE')) {
      k += isWord(def[k + 2], 'SET', 'NO') ? 4 : 3;
    } else if (isWord(def[k], 'MATCH')) {
      k += 2;
    } else if (isWord(def[k], 'NOT') && isWord(def[k + 1], 'DEFERRABLE')) {
      k += isWord(def[k + 2], 'INITIALLY') ? 4 : 2;
    } else if (isWord(def[k], 'DEFERRABLE')) {
      if (isWord(def[k + 1], 'INITIALLY')) {
        deferred = isWord(def[k + 2], 'DEFERRED');
        k += 3;
      } else k += 1;
    } else break;
  }
  return { reference: { table, refColumns, deferred }, next: k };
}

/** The indexed-column list in parentheses at `open`…`close`. */
export function keyList(tokens: readonly Token[], open: number, close: number): ParsedKeyList {
  const columns: string[] = [];
  let plain = true;
  for (const part of splitTopLevel(tokens, open + 1, close)) {
    if (isName(part[0])) columns.push(part[0]!.value);
    const simple = part.length === 1 || (part.length === 2 && isWord(part[1], 'ASC'));
    if (!isName(part[0]) || !simple) plain = false;
  }
  return { columns, plain };
}

function conflict(def: Token[], j: number, what: string, parsed: ParsedTable): number {
  if (isWord(def[j], 'ON') && isWord(def[j + 1], 'CONFLICT')) {
    parsed.conflictClauses.push(`${what} ON CONFLICT ${def[j + 2]?.value.toUpperCase() ?? ''}`);
    return j + 3;
  }
  return j;
}

function skipWords(def: Token[], j: number, ...words: string[]): number {
  return isWord(def[j], ...words) ? j + 1 : j;
}

function isOpen(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === '(';
}
