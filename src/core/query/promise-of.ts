/**
 * Runs `start` and returns its promise, turning a synchronous throw into a rejection as an async
 * function would. Hot paths use it instead of `async`: an async function that returns another
 * promise costs an extra promise and three microtask turns before its caller resumes.
 */
export function promiseOf<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}
