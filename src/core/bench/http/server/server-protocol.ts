/** The messages between `oxen benchmark http` and its server process (bench-server-main.ts), over Node's IPC channel. */
import type { ExecutorKind } from '../../../ground/values.js';

export interface ServerStart {
  readonly type: 'start';
  /** The database URL as given: it may carry a password, so it travels over IPC, never in argv. */
  readonly url: string;
  readonly executors: readonly ExecutorKind[];
  readonly tablePrefix: string;
  readonly scale: number;
  readonly poolSize: number;
  readonly keep: boolean;
  /**
   * The tables of this prefix were seeded by another server of the same run, which drops them: serve
   * them as they are, and leave them. (`ab --http --processes`: the fresh servers of a later pair.)
   * A build older than this field seeds them again, which is slower but serves the same rows.
   */
  readonly attach?: boolean;
}

export type ParentMessage = ServerStart | { readonly type: 'cpu'; readonly id: number } | { readonly type: 'stop' };

export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number; readonly serverVersion: string; readonly settings: Record<string, string> }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'cpu'; readonly id: number; readonly us: number }
  | { readonly type: 'stopped' };
