/** What an executor's error messages may say about the database, and what they must never say. */
import type { DatabaseUrl } from '../../ground/parse-url.js';

export interface ErrorContext {
  /** The database URL, redacted, for connection-loss messages. */
  readonly redacted: string;
  /** Strings that must not appear in messages (the password). */
  readonly secrets: readonly string[];
}

export function errorContext(url: DatabaseUrl): ErrorContext {
  return { redacted: url.redacted, secrets: url.password ? [url.password] : [] };
}
