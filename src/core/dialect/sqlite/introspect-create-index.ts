/**
 * A CREATE INDEX text: what pragma_index_xinfo does not give — the key list as written (expressions,
 * COLLATE, DESC) and the WHERE predicate of a partial index. https://sqlite.org/lang_createindex.html
 */
import { keyList } from './introspect-create-table.js';
import { closeParen, isWord, sourceOf, splitTopLevel, tokenize, withoutSemicolon, type Token } from './introspect-tokens.js';

export interface ParsedIndex {
  /** The key list between the parentheses, exactly as written. */
  readonly keyText: string;
  /** Every key part is a plain column, optionally ASC. */
  readonly plain: boolean;
  /** Each key part's tokens, to find the columns an expression reads. */
  readonly keyParts: readonly (readonly Token[])[];
  readonly where?: string;
}

export function parseCreateIndex(sql: string): ParsedIndex | undefined {
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => isWord(t, 'ON'));
  const open = tokens.findIndex((t, i) => i > on && t.kind === 'punct' && t.text === '(');
  if (on < 0 || open < 0) return undefined;
  const close = closeParen(tokens, open);
  const where = tokens.findIndex((t, i) => i > close && isWord(t, 'WHERE'));
  const predicate = where < 0 ? undefined : sourceOf(sql, withoutSemicolon(tokens.slice(where + 1))).trim();
  return {
    keyText: sourceOf(sql, tokens.slice(open + 1, close)).trim(),
    plain: keyList(tokens, open, close).plain,
    keyParts: splitTopLevel(tokens, open + 1, close),
    ...(predicate === undefined || predicate === '' ? {} : { where: predicate }),
  };
}
