/**
 * The shape of the Rust addon as this side uses it. The napi build also writes native/index.d.ts;
 * test/native/addon-typings.test.ts checks that the two agree, so an API change shows as a diff.
 */
export interface NativeConnectOptions {
  readonly dialect: 'postgres' | 'mysql';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** The URL, redacted: names the pool in errors. */
  readonly name: string;
  readonly poolSize: number;
  readonly maxOverflow: number;
  readonly poolTimeoutMs: number;
  readonly poolRecycleMs: number;
  readonly prePing: boolean;
  readonly pipeline: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs?: number;
  readonly applicationName?: string;
  readonly overflowIdleMs: number;
  /** Past this a result fails with RESULT_TOO_LARGE (absent: 256 MiB). */
  readonly maxResultBytes?: number;
  /** The runtime on a thread of its own instead of Node's event loop (performance.nativeRuntime 'thread'). */
  readonly runtimeThread?: boolean;
  /** PostgreSQL behind PgBouncer in transaction mode: unnamed statements, the time zone SET after connecting. */
  readonly pgbouncer?: boolean;
}

export interface NativeClientHandle {
  /** The first `length` bytes of `requests` are one packed batch. */
  submit(requests: Uint8Array, length: number): void;
  /** Copies waiting completions into `out`: bytes written, 0 when none, or minus the size one needs. */
  drain(out: Uint8Array): number;
  setActive(active: boolean): void;
  /** [total, idle, inUse, waiting, max] */
  status(): number[];
  close(): void;
}

export interface NativeSqliteHandle {
  /**
   * A plain function bound to this handle (no per-call receiver checks): runs the requests, writes
   * their completions into `out`, returns the bytes written, or minus the size needed (then `takeOverflow`).
   */
  runner(): (requests: Uint8Array, length: number, out: Uint8Array) => number;
  takeOverflow(out: Uint8Array): number;
  inTransaction(): boolean;
  maxParams(): number;
  close(): void;
}

export interface NativeBuildInfo {
  readonly version: string;
  readonly profile: string;
  readonly sqliteVersion: string;
  /** Built with the panic-injection request (feature test-hooks): test builds only. */
  readonly testHooks: boolean;
}

export interface NativeAddon {
  NativeClient: new (options: NativeConnectOptions, wake: () => void) => NativeClientHandle;
  NativeSqlite: new (filename: string, mode: string, busyTimeoutMs: number, maxResultBytes?: number) => NativeSqliteHandle;
  nativeBuildInfo(): NativeBuildInfo;
}
