/**
 * Type-level helpers that read a field's options object: `{ null: true }` makes the value nullable and
 * optional on create, a `default` makes it optional, `primaryKey: true` marks the primary key.
 */
export type NullOf<O> = O extends { null: true } ? true : false;
export type OptionalOf<O> = O extends { null: true } ? true : O extends { default: unknown } ? true : false;
export type PkOf<O> = O extends { primaryKey: true } ? true : false;
