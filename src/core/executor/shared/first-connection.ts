/**
 * Opens one connection before an executor is handed out, so a wrong URL or password fails at open, not
 * at the first query; an executor that cannot connect is closed, so its pool leaves nothing behind.
 */
import type { Executor } from '../executor.js';

export async function checkFirstConnection<E extends Executor>(executor: E, connectOnce: () => Promise<void>): Promise<E> {
  try {
    await connectOnce();
  } catch (error) {
    await executor.close();
    throw error;
  }
  return executor;
}
