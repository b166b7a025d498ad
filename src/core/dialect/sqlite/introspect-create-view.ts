/**
 * CREATE VIEW and CREATE VIRTUAL TABLE texts: a view's SELECT and the column names its statement
 * gives (https://sqlite.org/lang_createview.html), a virtual table's module.
 */
import { closeParen, isWord, sourceOf, tokenize, withoutSemicolon } from './introspect-tokens.js';

export interface ParsedView {
  /** The SELECT (or WITH … SELECT) after AS, exactly as written. */
  readonly definition: string;
  /** `CREATE VIEW v(a, b) AS …`: the column names given in the statement, which the state cannot hold. */
  readonly columnList?: string;
}

export function parseCreateView(sql: string): ParsedView | undefined {
  const tokens = tokenize(sql);
  const view = tokens.findIndex((t) => isWord(t, 'VIEW'));
  let i = view + 1;
  if (isWord(tokens[i], 'IF')) i += 3;
  i += tokens[i + 1]?.text === '.' ? 3 : 1;
  let columnList: string | undefined;
  if (tokens[i]?.kind === 'punct' && tokens[i]!.text === '(') {
    const close = closeParen(tokens, i);
    columnList = sourceOf(sql, tokens.slice(i, close + 1));
    i = close + 1;
  }
  if (view < 0 || !isWord(tokens[i], 'AS')) return undefined;
  const definition = sourceOf(sql, withoutSemicolon(tokens.slice(i + 1))).trim();
  return columnList === undefined ? { definition } : { definition, columnList };
}

/** The module of `CREATE VIRTUAL TABLE … USING module(…)`, lower-cased (`fts5`, `rtree`), or '' when absent. */
export function virtualTableModule(sql: string): string {
  const tokens = tokenize(sql);
  const using = tokens.findIndex((t) => isWord(t, 'USING'));
  return using < 0 ? '' : (tokens[using + 1]?.value.toLowerCase() ?? '');
}
