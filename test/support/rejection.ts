/** The error a promise rejects with, checked to be of the expected class (and that it rejects at all). */
import { expect } from 'vitest';

export async function rejection<E extends Error>(pending: Promise<unknown>, kind: abstract new (...args: never[]) => E): Promise<E> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(kind);
  return error as E;
}
