/**
 * Read-your-writes with replicas: after a write, reads go to the primary for a while, so a caller
 * never reads a replica that has not yet replayed its own write. Whose reads? Those of the write's
 * scope: `readScope(fn)` (one per request, say) gives fn and everything it awaits a window of its
 * own; code outside any scope shares one window per database, which is always safe and only costs
 * replica use when the process writes often.
 *
 * The AsyncLocalStorage is created on the first `readScope()` call: a process that never opens one
 * pays nothing for it (see transaction-context.ts on what an active AsyncLocalStorage costs).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Per database name: when this scope last wrote (performance.now() milliseconds). */
type ScopeWrites = Map<string, number>;

let storage: AsyncLocalStorage<ScopeWrites> | undefined;
/** Writes made outside any scope, per database name. */
const unscoped: ScopeWrites = new Map();

/** Runs fn with a read-your-writes window of its own (see above). */
export function readScope<T>(fn: () => Promise<T>): Promise<T> {
  storage ??= new AsyncLocalStorage<ScopeWrites>();
  return storage.run(new Map(), fn);
}

function currentWrites(): ScopeWrites {
  return storage?.getStore() ?? unscoped;
}

export function noteWrite(database: string): void {
  currentWrites().set(database, performance.now());
}

/** A database closed: a later one of that name starts with no unscoped write behind it. */
export function forgetWrites(database: string): void {
  unscoped.delete(database);
}

/** Whether the current scope wrote to `database` less than `windowMs` ago. */
export function wroteWithin(database: string, windowMs: number): boolean {
  const at = currentWrites().get(database);
  return at !== undefined && performance.now() - at < windowMs;
}
