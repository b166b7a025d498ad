/**
 * The deterministic dataset: the same rows for the same scale on every run and database, and the
 * answers each workload must return, computed here from the generator rather than read back
 * through the ORM under test.
 */
export const BASE_TIME = Date.UTC(2024, 0, 1);
/** Rows `large_select` hydrates at scale 1 and above. */
export const LARGE_SELECT_ROWS = 10_000;
/** `aggregation` groups the posts of the users with id ≤ this. */
export const AGGREGATION_AUTHORS = 50;
export const UPDATE_BLOCK = 100;
/**
 * `bulk_update` rewrites the ages of users 1 … updateBlocks × UPDATE_BLOCK, always to a value of at
 * least this (never a seeded age), so later checks can tell an age it wrote from a wrong one.
 */
export const UPDATED_AGE_MIN = 100_000_000;

export interface UserRow {
  id: number;
  name: string;
  email: string;
  age: number;
  isActive: boolean;
  createdAt: Date;
}

export interface PostRow {
  id: number;
  authorId: number;
  title: string;
  views: number;
  createdAt: Date;
}

export const userRow = (i: number): UserRow => ({
  id: i,
  name: `User ${i}`,
  email: `user${i}@example.com`,
  age: 18 + ((i * 37) % 60),
  isActive: i % 4 !== 0,
  createdAt: new Date(BASE_TIME + i * 60_000),
});

export const postRow = (j: number, users: number): PostRow => ({
  id: j,
  authorId: 1 + ((j * 7919) % users),
  title: `Post ${j}`,
  views: (j * 31) % 1000,
  createdAt: new Date(BASE_TIME + j * 30_000),
});

export interface AuthorAggregate {
  readonly posts: number;
  readonly avgViews: number;
}

export interface DatasetFacts {
  readonly users: number;
  readonly posts: number;
  readonly activeUsers: number;
  /** Ids of the 10 most recently created active users, newest first. */
  readonly newestActiveIds: readonly number[];
  /** Highest `views` among posts whose author is active. */
  readonly maxViewsOfActiveAuthors: number;
  readonly aggregationGroups: number;
  readonly aggregationPosts: number;
  /** Each group `aggregation` returns, by author id: the author's post count and mean views. */
  readonly aggregationByAuthor: ReadonlyMap<number, AuthorAggregate>;
  readonly largeSelectRows: number;
  /** Disjoint blocks of UPDATE_BLOCK users that `bulk_update` cycles through. */
  readonly updateBlocks: number;
  /** Users 1 … this may carry an age `bulk_update` wrote instead of the seeded one. */
  readonly updatedUsers: number;
}

export function datasetSize(scale: number): { users: number; posts: number } {
  const users = Math.round(10_000 * scale);
  return { users, posts: 2 * users };
}

export function datasetFacts(scale: number): DatasetFacts {
  const { users, posts } = datasetSize(scale);
  let activeUsers = 0;
  const newestActiveIds: number[] = [];
  for (let i = users; i >= 1; i--) {
    if (!userRow(i).isActive) continue;
    activeUsers++;
    if (newestActiveIds.length < 10) newestActiveIds.push(i);
  }
  let maxViews = -1;
  let aggregationPosts = 0;
  const groups = new Map<number, { posts: number; views: number }>();
  for (let j = 1; j <= posts; j++) {
    const p = postRow(j, users);
    if (userRow(p.authorId).isActive && p.views >= 10) maxViews = Math.max(maxViews, p.views);
    if (p.authorId <= AGGREGATION_AUTHORS) {
      aggregationPosts++;
      const g = groups.get(p.authorId) ?? { posts: 0, views: 0 };
      g.posts++;
      g.views += p.views;
      groups.set(p.authorId, g);
    }
  }
  const aggregationByAuthor = new Map([...groups].map(([id, g]) => [id, { posts: g.posts, avgViews: g.views / g.posts }]));
  const updateBlocks = Math.min(50, Math.floor(users / UPDATE_BLOCK));
  return {
    users,
    posts,
    activeUsers,
    newestActiveIds,
    maxViewsOfActiveAuthors: maxViews,
    aggregationGroups: groups.size,
    aggregationPosts,
    aggregationByAuthor,
    largeSelectRows: Math.min(LARGE_SELECT_ROWS, users),
    updateBlocks,
    updatedUsers: updateBlocks * UPDATE_BLOCK,
  };
}
