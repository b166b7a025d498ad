/**
 * State shared while one statement's tree is built: the joins made so far (one per relation path), the
 * bound parameters in the order the compiler will visit them, and the shape key of the statement, which
 * names everything in the SQL that is not a parameter. Equal keys → equal SQL, so the key indexes the
 * compiled-statement cache.
 */
import type { Dialect } from '../dialect/dialect.js';
import type { SqlValue } from '../ground/values.js';
import type { ModelMeta } from '../model/model-meta.js';
import { col, type Expr, type Join } from '../dialect/nodes.js';
import type { Step } from './resolve-path.js';

export class BuildContext {
  readonly joins: Join[] = [];
  private readonly aliases = new Map<string, string>();
  private nextAlias = 1;

  constructor(
    readonly dialect: Dialect,
    readonly meta: ModelMeta,
    /** Alias of the base table: 't0' in SELECTs, the table name itself in UPDATE/DELETE. */
    readonly alias: string,
    readonly params: SqlValue[] = [],
    readonly shape: string[] = [],
    private readonly aliasPrefix = 't',
  ) {}

  bind(value: SqlValue): Expr {
    this.params.push(value);
    return { kind: 'param', value };
  }

  /** Tables read by correlated sub-selects, shared with every sub-context: the query cache must know them too. */
  subTables = new Set<string>();

  /** A context for a correlated sub-select (reverse relations): same parameters and key, own joins. */
  sub(meta: ModelMeta): BuildContext {
    const prefix = `${this.aliasPrefix}s${this.nextAlias++}_`;
    const sub = new BuildContext(this.dialect, meta, `${prefix}0`, this.params, this.shape, prefix);
    sub.subTables = this.subTables;
    return sub;
  }

  /**
   * The alias under which the model at the end of `steps` is joined,
   * joining it if needed. Nullable keys get LEFT joins so rows without a related row survive.
   */
  aliasFor(steps: readonly Step[], from = 0, to = steps.length): string {
    let alias = this.alias;
    let path = '';
    for (let i = from; i < to; i++) {
      const step = steps[i]!;
      path += step.kind === 'forward' ? `${step.fk.name}__` : `<${step.relation.name}__`;
      let joined = this.aliases.get(path);
      if (!joined) {
        joined = `${this.aliasPrefix}${this.nextAlias++}`;
        this.aliases.set(path, joined);
        if (step.kind === 'forward') {
          const on: Expr = { kind: 'compare', op: '=', left: col(joined, step.target.pk.column), right: col(alias, step.fk.column) };
          this.joins.push({ type: step.fk.nullable || this.forceLeft ? 'LEFT' : 'INNER', table: step.target.tableName, alias: joined, on });
        } else {
          // Reverse joins multiply rows; only aggregates (annotate) use them, grouped by the base row.
          const on: Expr = { kind: 'compare', op: '=', left: col(joined, step.relation.field.column), right: col(alias, step.relation.field.to.meta.pk.column) };
          this.joins.push({ type: 'LEFT', table: step.target.tableName, alias: joined, on });
        }
      }
      alias = joined;
    }
    return alias;
  }

  /** selectRelated through a nullable key forces LEFT joins on the rest of its path too. */
  forceLeft = false;
}
