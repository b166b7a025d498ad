/** What every model instance can do; installed on each model's prototype by the query layer. */
export interface SaveOptions {
  /** Database name from the connection config; default 'default' (or the transaction's). */
  using?: string;
  /** Update only these attributes (an UPDATE, never an INSERT). */
  updateFields?: readonly string[];
  /** Force an INSERT even when the primary key is set. */
  forceInsert?: boolean;
}

export interface ModelInstanceMethods {
  /** INSERT when new (primary key unset), UPDATE otherwise; fills the generated primary key. */
  save(options?: SaveOptions): Promise<this>;
  /** DELETE this row; returns the number of rows deleted (cascades are the database's). */
  delete(options?: { using?: string }): Promise<number>;
  /** The primary key's value. */
  readonly pk: unknown;
  /** Attribute values plus loaded relations, for JSON.stringify. */
  toJSON(): Record<string, unknown>;
}
