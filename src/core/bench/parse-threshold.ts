/** `--threshold 5%` (or `5`): a relative change, as a fraction. */
import { UsageError } from '../ground/errors.js';

export function parseThreshold(text: string, flag = 'threshold'): number {
  const n = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n <= 0 || n >= 100) throw new UsageError('USAGE', `--${flag} must be a percentage above 0 and below 100, like 5%, got "${text}"`);
  return n / 100;
}
