/**
 * Warnings outside the browser: one `warning: <object>: <message>` line each on stderr, then how many
 * objects the state does not fully hold. They are part of the result, but stdout carries only the
 * state or the format asked for (so `--json` and `--format` output stay exactly that), and the plain
 * tables count them per item.
 */
import type { InspectWarning } from '../../core/dialect/introspector.js';
import { oneLine, plural } from './inspect-cells.js';
import { warnedObjects } from './inspect-items.js';

export function warningLines(warnings: readonly InspectWarning[]): string {
  if (warnings.length === 0) return '';
  const lines = warnings.map((w) => `warning: ${w.object}: ${oneLine(w.message)}`);
  lines.push(`${plural(warnedObjects(warnings), 'object')} not fully represented in the schema state (${plural(warnings.length, 'warning')} above)`);
  return `${lines.join('\n')}\n`;
}
