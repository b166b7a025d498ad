/**
 * What a peer ORM must answer for each standard workload, in its own idiom. Every method is optional:
 * a peer without a way to express a workload leaves it out, and that cell has no column for it.
 *
 * Rows carry Oxen's attribute names (`isActive`, `authorId`), which each peer maps onto the
 * benchmark's columns (`is_active`, `author_id`) in its own schema definition. Values may come in the
 * peer's own forms (0/1 booleans, numeric strings, text timestamps): they are read the way a bare
 * driver's are (row-mismatch.ts, `driver` reading) and checked against the dataset, as `raw` is.
 */
export interface PeerUser {
  readonly id: unknown;
  readonly name: unknown;
  readonly email: unknown;
  readonly age: unknown;
  readonly isActive: unknown;
  readonly createdAt: unknown;
}

export interface PeerPost {
  readonly id: unknown;
  readonly authorId: unknown;
  readonly title: unknown;
  readonly views: unknown;
  readonly createdAt: unknown;
}

export interface PeerPostWithAuthor extends PeerPost {
  /** The loaded author: an object, not an id. */
  readonly author: PeerUser | null | undefined;
}

export interface PeerAuthorStats {
  readonly authorId: unknown;
  readonly n: unknown;
  readonly avgViews: unknown;
}

export interface ItemInput {
  readonly name: string;
  readonly qty: number;
  readonly price: number;
}

export interface AgeUpdate {
  readonly id: number;
  readonly age: number;
}

export interface PeerQueries {
  /** simple_select: the user with this primary key. */
  userById?(id: number): Promise<PeerUser | null | undefined>;
  /** filter_limit: the `limit` active users created last, newest first. */
  newestActiveUsers?(limit: number): Promise<readonly PeerUser[]>;
  /** complex_join: posts with views ≥ `minViews` whose author is active, most viewed first, `limit` of them, each with its author loaded. */
  topPostsOfActiveAuthors?(minViews: number, limit: number): Promise<readonly PeerPostWithAuthor[]>;
  /** aggregation: per author with id ≤ `maxAuthorId`, the count of their posts (`n`) and the mean of their views (`avgViews`). */
  postStatsByAuthor?(maxAuthorId: number): Promise<readonly PeerAuthorStats[]>;
  /** bulk_insert: inserts the items (the peer's bulk form); the number of rows inserted. */
  insertItems?(rows: readonly ItemInput[]): Promise<number>;
  /**
   * bulk_update: gives each user its own new age, the way the peer's documentation teaches for many
   * rows with per-row values (never one `WHERE id IN` shortcut, though the ages may coincide); the
   * number of rows the database reports updated.
   */
  updateAges?(rows: readonly AgeUpdate[]): Promise<number>;
  /** prefetch_related: the first `limit` posts by id, each with its author loaded, without a query per post. */
  postsWithAuthors?(limit: number): Promise<readonly PeerPostWithAuthor[]>;
  /** count_exists, first half: the number of active users. */
  countActiveUsers?(): Promise<number | bigint | string>;
  /** count_exists, second half: whether a user has this email. */
  emailExists?(email: string): Promise<boolean>;
  /** large_select: the first `limit` users by id. */
  usersById?(limit: number): Promise<readonly PeerUser[]>;
}
