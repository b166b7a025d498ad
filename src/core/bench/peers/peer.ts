/**
 * A peer ORM (`benchmark performance --peers`): one small module per ORM opens a session on the
 * benchmark's tables through that ORM, written the way its own documentation teaches, and answers
 * the PeerQueries it can express.
 */
import type { DatabaseUrl } from '../../ground/parse-url.js';
import type { DialectName } from '../../ground/values.js';
import type { PeerQueries } from './peer-queries.js';

/** The benchmark's tables, by their (unquoted) names; the columns are the ORM's snake_case names. */
export interface PeerTables {
  readonly users: string;
  readonly posts: string;
  readonly items: string;
}

export interface PeerTarget {
  /** May carry a password: hand it to the peer's driver, never to a message. */
  readonly url: DatabaseUrl;
  /** Connections the peer's pool may hold: the highest concurrency measured, as for Oxen and raw. */
  readonly poolSize: number;
  readonly tables: PeerTables;
  /** Loads one of the peer's packages from the user's project (load-peer-package.ts). */
  readonly load: <T>(specifier: string) => Promise<T>;
}

/** One measured variant of a peer: its plain form, or (where the peer offers them) its prepared statements. */
export interface PeerVariant {
  /** The report's variant name: the peer's name, `<peer>_prepared` for prepared statements. */
  readonly variant: string;
  readonly queries: PeerQueries;
}

export interface OpenedPeer {
  readonly variants: readonly PeerVariant[];
  close(): Promise<void>;
}

export interface PeerDefinition {
  /** As written in `--peers`. */
  readonly name: string;
  /** The npm packages a project needs to run this peer on `dialect` (named in the line a missing one gets). */
  packages(dialect: DialectName): readonly string[];
  open(target: PeerTarget): Promise<OpenedPeer>;
}
