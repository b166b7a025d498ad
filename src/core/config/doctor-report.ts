/** What `oxen doctor` found: plain data, rendered as text or JSON by the UI layer. */
import type { DialectName, ExecutorKind } from '../ground/values.js';
import type { ReplicaState } from '../database/read-router.js';

export interface DatabaseCheck {
  readonly name: string;
  /** Redacted: `user:***@`. */
  readonly url: string;
  /** Where the URL came from: `--url`, `OXEN_DATABASE_URL`, a config file, or `default`. */
  readonly source: string;
  readonly dialect: DialectName;
  readonly reachable: boolean;
  /** e.g. 'PostgreSQL 15.19'. */
  readonly serverVersion: string | null;
  /** Time to open a connection and read the version, in ms. */
  readonly latencyMs: number | null;
  /** Something worth knowing that is not a problem, e.g. a SQLite file not created yet. */
  readonly note: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** Its read replicas (config `replicas`, `--replica`), each sampled once as read routing would. */
  readonly replicas?: readonly ReplicaCheck[];
}

export interface ReplicaCheck {
  readonly name: string;
  /** Redacted. */
  readonly url: string;
  readonly state: ReplicaState;
  readonly lagMs: number | null;
  readonly serverVersion: string | null;
  /** Why it is down, lagging or not a replica. */
  readonly reason: string | null;
}

export interface DoctorReport {
  readonly oxenVersion: string;
  readonly nodeVersion: string;
  /** e.g. 'linux-x64'. */
  readonly platform: string;
  /** Absolute path of the config file read, or null. */
  readonly configFile: string | null;
  readonly executor: {
    /** Null when the executor asked for cannot be used. */
    readonly active: ExecutorKind | null;
    readonly requested: ExecutorKind | null;
    readonly reason: string;
    readonly nativeAvailable: boolean;
    readonly nativeInfo: unknown;
  };
  readonly databases: readonly DatabaseCheck[];
  /** False when a database is unreachable or the executor asked for is missing. */
  readonly ok: boolean;
}
