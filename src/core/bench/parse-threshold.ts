/** `--threshold 10%` (or `10`): a relative change, as a fraction. */
import { UsageError } from '../errors.js';

export function parseThreshold(text: string): number {
  const n = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n <= 0 || n >= 1000) throw new UsageError('USAGE', `--threshold must be a percentage above 0, like 10%, got "${text}"`);
  return n / 100;
}
