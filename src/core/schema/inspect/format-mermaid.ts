/**
 * `oxen inspect --format mermaid`: the schema as a Mermaid `erDiagram`. Each table an entity with its
 * columns (type, PK/FK/UK keys, "nullable" in the comment slot); each foreign key a relationship
 * from the referencing table, `}o--||` (many to exactly one) for a NOT NULL key, `}o--o|` for a
 * nullable one, and `|o` on the referencing side when the key's columns are unique (one to one),
 * labelled with its columns. Views are entities labelled "(view)", without keys. A pure function.
 *
 * Names are written as Mermaid's ER grammar reads them (packages/mermaid/src/diagrams/er/parser/
 * erDiagram.jison): entity names always double-quoted, so no name is taken for a keyword (`one`,
 * `to`, `class`, `end` start a bare name otherwise); attribute names bare where they are plain words
 * and not `PK`/`FK`/`UK`, else in backquotes; characters the grammar has no way to write are replaced.
 */
import type { ColumnState, ColumnType, ForeignKeyState, SchemaState, TableState } from '../../dialect/schema-state.js';
import { NameSpace } from './typescript-names.js';

export function mermaidDiagram(state: SchemaState): string {
  const ids = new NameSpace();
  const entityIds = new Map<string, string>();
  const idOf = (name: string): string => {
    let id = entityIds.get(name);
    if (id === undefined) {
      id = ids.claim(entityName(name));
      entityIds.set(name, id);
    }
    return id;
  };
  for (const t of state.tables) idOf(t.name);
  const viewIds = new Map(state.views.map((v) => [v, entityIds.has(v.name) ? ids.claim(entityName(v.name)) : idOf(v.name)]));

  const lines = ['erDiagram'];
  for (const t of state.tables) lines.push(...entity(`"${idOf(t.name)}"`, t.columns, keysOf(t)));
  for (const v of state.views) {
    const kind = v.materialized === true ? 'materialized view' : 'view';
    lines.push(...entity(`"${viewIds.get(v)!}"["${entityName(v.name)} (${kind})"]`, v.columns, () => []));
  }
  for (const t of state.tables) {
    for (const fk of t.foreignKeys) lines.push(`    "${idOf(t.name)}" ${cardinality(t, fk)} "${idOf(fk.referencedTable)}" : "${label(fk.columns.join(', '))}"`);
  }
  return `${lines.join('\n')}\n`;
}

function entity(ref: string, columns: readonly ColumnState[], keys: (column: string) => string[]): string[] {
  if (columns.length === 0) return [`    ${ref}`];
  const attributes = columns.map((c) => {
    const k = keys(c.name);
    return `        ${typeToken(c.type)} ${attributeName(c.name)}${k.length > 0 ? ` ${k.join(', ')}` : ''}${c.nullable ? ' "nullable"' : ''}`;
  });
  return [`    ${ref} {`, ...attributes, '    }'];
}

function keysOf(table: TableState): (column: string) => string[] {
  const unique = new Set(singleUniques(table));
  const fk = new Set(table.foreignKeys.flatMap((f) => f.columns));
  return (column) => [
    ...(table.primaryKey.includes(column) ? ['PK'] : []),
    ...(fk.has(column) ? ['FK'] : []),
    ...(unique.has(column) ? ['UK'] : []),
  ];
}

/** Columns unique on their own: a one-column unique constraint or plain unique index. */
function singleUniques(table: TableState): string[] {
  return uniqueSets(table).filter((cols) => cols.length === 1).map((cols) => cols[0]!);
}

function uniqueSets(table: TableState): (readonly string[])[] {
  const plain = table.indexes.filter((i) => i.unique && i.where === undefined && i.expression === undefined);
  return [...table.uniques.map((u) => u.columns), ...plain.map((i) => i.columns)];
}

/** `}o--||` many to one; the referencing side is `|o` when its columns are unique (one to one); `o|` for a nullable key. */
function cardinality(table: TableState, fk: ForeignKeyState): string {
  const key = [...fk.columns].sort().join('\0');
  const oneToOne = [...uniqueSets(table), table.primaryKey].some((cols) => cols.length > 0 && [...cols].sort().join('\0') === key);
  const nullable = fk.columns.some((c) => table.columns.find((col) => col.name === c)?.nullable === true);
  return `${oneToOne ? '|o' : '}o'}--${nullable ? 'o|' : '||'}`;
}

/** A quoted entity name may hold anything but `"`, `%`, `\` and line breaks. */
function entityName(name: string): string {
  const safe = topLevel(name.replace(/["%\\\r\n\v\b\u2028\u2029]/g, '_'));
  return safe.trim() === '' ? `_${safe}` : safe;
}

/** A relationship label: a quoted string without `"` or line breaks. */
function label(text: string): string {
  return topLevel(text.replace(/"/g, "'").replace(/[\r\n\v\b\u2028\u2029]/g, ' ').replace(/%{2,}/g, '%'));
}

/**
 * Outside entity blocks the lexer tries `.*direction\s+TB…` before anything else, across the rest
 * of the line, quotes or not; and Mermaid strips `%%{…}%%` directives anywhere before parsing.
 */
function topLevel(text: string): string {
  return text.replace(/(direction)\s+(?=(tb|bt|rl|lr))/gi, '$1_');
}

const PLAIN_ATTRIBUTE = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\-\u00C0-\uFFFF]*$/;
/** The lexer reads PK/FK/UK (any case) as a key wherever a word could start. */
const KEY_WORD = /^(pk|fk|uk)(?![A-Za-z0-9_])/i;

function attributeName(name: string): string {
  // \s first: the lexer skips whitespace (U+2028 and the BOM too) before it tries a word.
  if (PLAIN_ATTRIBUTE.test(name) && !/\s/.test(name) && !KEY_WORD.test(name)) return name;
  const text = name.replace(/`/g, "'").replace(/\s/g, ' ').replace(/%{2,}/g, '%');
  return `\`${text.trim() === '' ? '_' : text}\``;
}

/** The kind (with its size), or a raw type's spelling with what an attribute type cannot hold replaced. */
function typeToken(type: ColumnType): string {
  let text: string;
  if (type.kind === 'decimal') text = `decimal(${type.precision},${type.scale})`;
  else if (type.kind === 'char') text = `char(${type.maxLength})`;
  else if (type.kind === 'raw') text = type.spelling;
  else text = type.kind;
  text = text.trim().replace(/['"`]/g, '').replace(/\s+/g, '_').replace(/[^A-Za-z0-9_\-[\]().,*\u00C0-\uFFFF]/g, '_');
  if (text === '' || !/^[*A-Za-z_\u00C0-\uFFFF]/.test(text) || KEY_WORD.test(text)) text = `_${text}`;
  return text;
}
