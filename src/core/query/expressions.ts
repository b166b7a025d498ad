/**
 * F references a column of the same row, in filters and updates: `Post.filter({ views__gt: F('likes') })`,
 * `Post.filter(...).update({ views: F('views').add(1) })`. Aggregates for aggregate()/annotate().
 */
import type { AggregateFn } from '../dialect/nodes.js';

/** A column reference, or arithmetic on references and numbers. */
export class FExpression {
  private constructor(
    /** Field path for a plain reference. */
    readonly ref: string | undefined,
    readonly op?: '+' | '-' | '*' | '/',
    readonly left?: FExpression,
    readonly right?: FExpression | number,
  ) {}
  static ref(name: string): FExpression {
    return new FExpression(name);
  }
  add(v: FExpression | number): FExpression {
    return new FExpression(undefined, '+', this, v);
  }
  sub(v: FExpression | number): FExpression {
    return new FExpression(undefined, '-', this, v);
  }
  mul(v: FExpression | number): FExpression {
    return new FExpression(undefined, '*', this, v);
  }
  div(v: FExpression | number): FExpression {
    return new FExpression(undefined, '/', this, v);
  }
  /** Structural key for the compiled-statement cache; numbers are bound, so they are not part of it. */
  shape(): string {
    if (this.ref !== undefined) return `F(${this.ref})`;
    const r = this.right instanceof FExpression ? this.right.shape() : '?';
    return `(${this.left!.shape()}${this.op}${r})`;
  }
}

export function F(name: string): FExpression {
  return FExpression.ref(name);
}

export class Aggregate {
  constructor(
    readonly fn: AggregateFn,
    /** A field path, or '*' for COUNT(*). */
    readonly path: string,
    readonly distinct = false,
  ) {}
}

export const Count = (path = '*', options: { distinct?: boolean } = {}): Aggregate => new Aggregate('COUNT', path, options.distinct);
export const Sum = (path: string): Aggregate => new Aggregate('SUM', path);
export const Avg = (path: string): Aggregate => new Aggregate('AVG', path);
export const Min = (path: string): Aggregate => new Aggregate('MIN', path);
export const Max = (path: string): Aggregate => new Aggregate('MAX', path);
