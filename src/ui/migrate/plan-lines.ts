/**
 * A migration plan as plain lines: one operation a line (describe-operation), coloured by its first
 * character where colour is on — additions green, drops red, changes and renames yellow.
 */
import { painter, type Style } from '../shared/paint.js';

const STYLES: Readonly<Record<string, Style>> = { '+': 'green', '-': 'red', '~': 'yellow' };

export function planText(lines: readonly string[], options: { color?: boolean; indent?: string } = {}): string {
  const paint = painter(options.color === true);
  const indent = options.indent ?? '  ';
  return lines
    .map((line) => {
      const style = STYLES[line[0] ?? ''];
      return `${indent}${style ? paint(style, line) : line}\n`;
    })
    .join('');
}
