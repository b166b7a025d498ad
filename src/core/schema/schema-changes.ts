/** What createTables / sync / dropTables did (or, from a plan, would do). */
export interface SchemaChanges {
  /** The DDL, in the order it runs. */
  readonly statements: readonly string[];
  /** Tables created (or dropped), in that order. */
  readonly tables: readonly string[];
  /** Indexes created, as `table.index`. */
  readonly indexes: readonly string[];
}
