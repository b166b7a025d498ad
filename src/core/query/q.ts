/**
 * Q objects combine filter conditions with AND / OR / NOT:
 *   User.filter(Q({ age__gte: 18 }).or({ isStaff: true }).and(Q.not({ email__endswith: '@spam.test' })))
 */
export type QChild = Q | readonly [key: string, value: unknown];

export class Q {
  readonly connector: 'AND' | 'OR';
  readonly children: readonly QChild[];
  readonly negated: boolean;

  constructor(children: readonly QChild[], connector: 'AND' | 'OR' = 'AND', negated = false) {
    this.children = children;
    this.connector = connector;
    this.negated = negated;
  }

  static of(conditions: Record<string, unknown> | Q): Q {
    return conditions instanceof Q ? conditions : new Q(Object.entries(conditions));
  }

  static not(conditions: Record<string, unknown> | Q): Q {
    return Q.of(conditions).not();
  }

  and(other: Record<string, unknown> | Q): Q {
    return new Q([this, Q.of(other)], 'AND');
  }

  or(other: Record<string, unknown> | Q): Q {
    return new Q([this, Q.of(other)], 'OR');
  }

  not(): Q {
    return new Q(this.children, this.connector, !this.negated);
  }
}

/** Shorthand: `Q({ a: 1 })` is `Q.of({ a: 1 })`. */
export function q(conditions: Record<string, unknown> | Q): Q {
  return Q.of(conditions);
}
