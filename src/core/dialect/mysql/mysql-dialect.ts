import { SqlCompiler } from '../compiler.js';
import { likePatternWithBackslash, quoteWith, type Dialect, type LikeMode } from '../dialect.js';
import type { InsertNode, QueryNode, SelectNode } from '../nodes.js';

class MySqlCompiler extends SqlCompiler {
  protected override random(): string {
    return 'RAND()';
  }
  protected override insertVerb(n: InsertNode): string {
    return n.onConflict?.action === 'ignore' ? 'INSERT IGNORE' : 'INSERT';
  }
  protected override onConflict(n: InsertNode): string {
    const c = n.onConflict!;
    if (c.action === 'ignore') return '';
    // VALUES(col) names the proposed row's value; MariaDB supports it in every version we target.
    return ` ON DUPLICATE KEY UPDATE ${c.set.map((s) => `${this.id(s)} = VALUES(${this.id(s)})`).join(', ')}`;
  }
  /** MySQL refuses a sub-select on the table being updated unless it is materialised in a derived table. */
  protected override subquery(s: SelectNode): string {
    return `SELECT * FROM (${this.select(s)}) AS ${this.id('oxen_sub')}`;
  }
}

const quote = quoteWith('`');

/**
 * MySQL and MariaDB. Tables are created with the utf8mb4_bin collation, so `=` and LIKE compare
 * case-sensitively as on the other databases; the case-insensitive lookups use LOWER() on both sides.
 */
export class MySqlDialect implements Dialect {
  readonly name = 'mysql' as const;
  readonly limitForOffsetOnly = '18446744073709551615';
  private readonly compiler = new MySqlCompiler(this);
  /** MariaDB ≥ 10.5 has INSERT … RETURNING; MySQL does not. Known once connected. */
  constructor(readonly insertReturning: boolean) {}
  quoteIdent(name: string): string {
    return quote(name);
  }
  placeholder(): string {
    return '?';
  }
  likePattern(value: string, mode: LikeMode): string {
    return likePatternWithBackslash(value, mode);
  }
  compile(node: QueryNode) {
    return this.compiler.compile(node);
  }
}
