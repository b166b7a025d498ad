/**
 * The endpoints `oxen benchmark http` serves for each variant, TechEmpower's set on the benchmark
 * dataset: `/json` (no database: the control), `/db` (one random user), `/queries?n=` (n random
 * users), `/updates?n=` (n random users, each given a new age, written back in one bulk update) and
 * `/fortunes`. The endpoint logic is shared; each variant brings its data source (the ORM on one
 * executor, or the bare driver), so the variants differ only in how they reach the database.
 */
import { UsageError } from '../../ground/errors.js';
import { UPDATED_AGE_MIN } from '../dataset/dataset.js';
import { fortunesPage, type Fortune } from './fortunes.js';

export const ENDPOINTS = ['json', 'db', 'queries', 'updates', 'fortunes'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** `--endpoints`: a list of ENDPOINTS (default all), an unknown one named in one line. */
export function parseEndpoints(text: string | undefined): Endpoint[] {
  if (text === undefined) return [...ENDPOINTS];
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !ENDPOINTS.includes(n as Endpoint));
  if (unknown !== undefined) throw new UsageError('USAGE', `--endpoints: no endpoint "${unknown}"; the endpoints are ${ENDPOINTS.join(', ')}`);
  return [...new Set(names as Endpoint[])];
}

/** TechEmpower's bounds on `n`. */
export const MAX_QUERIES = 500;

/** A user as every variant answers it (dates as ISO text, as JSON has them). */
export interface UserJson {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly age: number | null;
  readonly isActive: boolean | number;
  readonly createdAt: string | Date;
}

export interface DataSource {
  user(id: number): Promise<UserJson>;
  /** Reads the users `ids` (ascending, distinct), gives user i the age `ages[i]` and writes the ages back in one statement. */
  updateAges(ids: readonly number[], ages: readonly number[]): Promise<UserJson[]>;
  fortunes(): Promise<Fortune[]>;
}

export interface Answer {
  readonly contentType: string;
  readonly body: string;
}

const JSON_TYPE = 'application/json';

export class EndpointHandlers {
  constructor(
    private readonly source: DataSource,
    private readonly users: number,
  ) {}

  async answer(endpoint: Endpoint, n: number): Promise<Answer> {
    switch (endpoint) {
      case 'json':
        return { contentType: JSON_TYPE, body: JSON.stringify({ message: 'Hello, World!' }) };
      case 'db':
        return { contentType: JSON_TYPE, body: JSON.stringify(await this.source.user(this.randomId())) };
      case 'queries':
        return { contentType: JSON_TYPE, body: JSON.stringify(await Promise.all(Array.from({ length: n }, () => this.source.user(this.randomId())))) };
      case 'updates': {
        // Distinct and ascending: concurrent requests then lock their rows in one order, never deadlocking.
        const ids = new Set<number>();
        while (ids.size < Math.min(n, this.users)) ids.add(this.randomId());
        const sorted = [...ids].sort((a, b) => a - b);
        const ages = sorted.map(() => UPDATED_AGE_MIN + Math.floor(Math.random() * 1_000_000));
        return { contentType: JSON_TYPE, body: JSON.stringify(await this.source.updateAges(sorted, ages)) };
      }
      case 'fortunes':
        return { contentType: 'text/html; charset=utf-8', body: fortunesPage(await this.source.fortunes()) };
    }
  }

  private randomId(): number {
    return 1 + Math.floor(Math.random() * this.users);
  }
}

/** `n` of `/queries?n=` and `/updates?n=` as TechEmpower reads it: a missing or bad value is 1, and it is kept within 1 … 500. */
export function queryCount(text: string | null): number {
  const n = Number.parseInt(text ?? '', 10);
  return Number.isNaN(n) ? 1 : Math.min(MAX_QUERIES, Math.max(1, n));
}
